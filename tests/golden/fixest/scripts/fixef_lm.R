# Exact fixed-effect values of the varying-slope models by lm with dummies (R's QR, no iteration), the
# yardstick for fixef(): fixest 0.12.2's own fixef() of these models is iterative and agrees with them to
# about 1e-8 relative only (see formula_grunfeld_slopes*.json). Run from this folder: Rscript fixef_lm.R
g <- read.csv("../grunfeld.csv")
num <- function(x) sprintf("%.17g", x)
block <- function(levels, values) sprintf('{"levels": [%s], "values": [%s]}',
  paste0('"', levels, '"', collapse = ", "), paste(num(values), collapse = ", "))
# firm[capital] + year: all firm intercepts and slopes, year 1935 (the first row's year) = 0
a <- lm(inv ~ 0 + value + factor(firm) + factor(firm):capital + factor(year), data = g)
ca <- coef(a)
firms <- sort(unique(g$firm)); years <- sort(unique(g$year))
slopes_a <- block(firms, ca[paste0("factor(firm)", firms, ":capital")])
a_json <- sprintf('{"value": %s, "firm": %s, "firm[[capital]]": %s, "year": %s}', num(ca[["value"]]),
  block(firms, ca[paste0("factor(firm)", firms)]), slopes_a,
  block(years, c(0, ca[paste0("factor(year)", years[-1])])))
# firm[[capital]] + year: no firm intercepts, so every year is free and nothing is normalised
b <- lm(inv ~ 0 + value + factor(year) + factor(firm):capital, data = g)
cb <- coef(b)
slope_names <- grep(":capital$", names(cb), value = TRUE)
b_json <- sprintf('{"value": %s, "firm[[capital]]": %s, "year": %s}', num(cb[["value"]]),
  block(firms, cb[slope_names]), block(years, cb[paste0("factor(year)", years)]))
writeLines(sprintf('{"doc": "lm with dummies on grunfeld.csv (R %s): exact fixed-effect values of inv ~ value | firm[capital] + year (year 1935 = 0) and inv ~ value | firm[[capital]] + year", "slopes": %s, "slopes_only": %s}',
  paste(R.version$major, R.version$minor, sep = "."), a_json, b_json), "../fixef_slopes_lm.json")
