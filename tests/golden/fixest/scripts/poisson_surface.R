# Poisson models beyond one fit (fixest 0.12.2): wald() and summary(vcov = ...) on fepois, etable's fit
# statistics (sq.cor, pr2, bic, ll, deviance), multiple estimation with sw(), and separated data sets whose
# separated rows are known by construction, fitted by fixest on the remaining rows.
# Run from this folder: Rscript poisson_surface.R   (writes ../poisson_surface.json, ../separation_*.csv; reads
# ../separation_iterative.csv, a small random panel drawn once and kept as data)
source("helpers.R")
OUT_DIR <- ".."

cc <- read.csv("../../data/creditcard.csv")
rec <- read.csv("../../data/recreation.csv")
fit <- function(fml, data, ...) fepois(fml, data = data, fixef.tol = FIXEF_TOL, glm.tol = GLM_TOL, glm.iter = GLM_ITER, ...)

stats_of <- function(m) {
  fs <- fitstat(m, ~ n + sq.cor + pr2 + bic + ll + aic, simplify = TRUE)
  list(nobs = nobs(m), sq_cor = unname(fs[["sq.cor"]]), pseudo_r2 = unname(fs[["pr2"]]), bic = unname(fs[["bic"]]),
       loglik = unname(fs[["ll"]]), aic = unname(fs[["aic"]]), deviance = deviance(m), nparams = m$nparams)
}
wald_of <- function(m, keep, vcov) {
  w <- wald(m, keep = keep, vcov = vcov, print = FALSE)
  list(keep = keep, vcov = vcov_label(vcov), stat = w$stat, p = w$p, df1 = w$df1, df2 = w$df2)
}
vcov_label <- function(v) if (is.character(v)) v else paste(deparse(v), collapse = "")

out <- list(versions = tool_versions())

# (a) creditcard with two FEs (rows dropped by the all-zero rule); variances formed again, wald, statistics
m <- fit(reports ~ age + income + owner | active + dependents, cc)
out$creditcard <- list(
  formula = "reports ~ age + income + owner | active + dependents",
  info = pois_info(m), stats = stats_of(m),
  se_variants = list(iid = fx_vcov_block(m, "iid", "iid"), hetero = fx_vcov_block(m, "hetero", "hetero"),
                     cluster_active = fx_vcov_block(m, ~active, "cluster_active"),
                     cluster_dependents = fx_vcov_block(m, ~dependents, "cluster_dependents"),
                     twoway = fx_vcov_block(m, ~active + dependents, "twoway")),
  wald = list(wald_of(m, "^age$|^income$", "iid"), wald_of(m, "^age$|^income$", ~active),
              wald_of(m, "^age$|^income$|^owner$", "hetero")))

# (b) recreation without FE: wald and statistics
m2 <- fit(trips ~ quality + ski + income + userfee + costC + costS + costH, rec)
out$recreation <- list(
  formula = "trips ~ quality + ski + income + userfee + costC + costS + costH",
  stats = stats_of(m2),
  se_variants = list(iid = fx_vcov_block(m2, "iid", "iid"), hetero = fx_vcov_block(m2, "hetero", "hetero")),
  wald = list(wald_of(m2, "^cost", "iid"), wald_of(m2, "^cost", "hetero")))

# (c) multiple estimation: sw() on the right-hand side
ms <- fit(trips ~ quality + sw(ski, income) + costC, rec)
out$recreation_sw <- list(formula = "trips ~ quality + sw(ski, income) + costC",
  models = lapply(seq_along(ms), function(i) list(
    formula = paste(deparse(formula(ms[[i]]), width.cutoff = 500), collapse = " "),
    iid = fx_vcov_block(ms[[i]], "iid", "iid"), stats = stats_of(ms[[i]]))))

# (d) separation, known rows. Each data set: y, x1 (ordinary regressor), and the columns that separate.
set.seed(20211)
n <- 60
base <- data.frame(x1 = round(rnorm(n), 3), g = rep(1:6, each = 10))
base$y <- rpois(n, exp(0.3 + 0.5 * base$x1))
zero <- which(base$y == 0)
# d1: a dummy that is 1 only on some zero-outcome rows (z = d)
s1 <- base; s1$d <- 0; s1$d[zero[1:3]] <- 1
s1$separated <- as.integer(s1$d == 1)
# d2: a linear combination, x2 - x3 = 0 where y > 0 and > 0 on some zero rows; neither column alone separates
s2 <- base; s2$x2 <- round(runif(n), 3); s2$x3 <- s2$x2
s2$x3[zero[2:4]] <- s2$x2[zero[2:4]] - c(0.5, 1, 1.5)
s2$separated <- as.integer(seq_len(n) %in% zero[2:4])
# d3: with a fixed effect: x = 1 on every row of group 1 and on some zero rows of group 2, 0 elsewhere;
# z = x - 1{g = 1} separates; group 1 and group 2 both have positive outcomes
s3 <- base; s3$x <- as.numeric(s3$g == 1)
z2 <- zero[s3$g[zero] == 2]
stopifnot(length(z2) >= 1, any(s3$y[s3$g == 1] > 0), any(s3$y[s3$g == 2] > 0))
s3$x[z2[1]] <- 1
s3$separated <- as.integer(seq_len(n) == z2[1])
sep_case <- function(name, d, fml, fml_text) {
  d <- write_csv_exact(d, paste0(name, ".csv"))
  keep <- d[d$separated == 0, ]
  mk <- fit(fml, keep)
  list(data_file = paste0(name, ".csv"), formula = fml_text, separated_rows = I(which(d$separated == 1)),
       nobs_after = nobs(mk), collin_var = if (!is.null(mk$collin.var)) I(mk$collin.var) else I(character(0)),
       info = pois_info(mk), iid = fx_vcov_block(mk, "iid", "iid"), hetero = fx_vcov_block(mk, "hetero", "hetero"))
}
out$separation <- list(
  dummy = sep_case("separation_dummy", s1, y ~ x1 + d, "y ~ x1 + d"),
  combination = sep_case("separation_combination", s2, y ~ x1 + x2 + x3, "y ~ x1 + x2 + x3"),
  fixef = sep_case("separation_fixef", s3, y ~ x1 + x | g, "y ~ x1 + x | g"))
# (e) a harder case, two fixed effects and one regressor, where the ReLU test needs many iterations. The
# separated rows are those whose fitted mean glm() drives to zero on the full data (fixed effects as dummies,
# run to its iteration cap); fixest is then fitted on the other rows.
it <- read.csv("../separation_iterative.csv")
g <- suppressWarnings(glm(y ~ x1 + factor(g) + factor(h), family = poisson, data = it,
                          control = glm.control(epsilon = 1e-15, maxit = 2000)))
zero_mu <- which(fitted(g) < 1e-8)
stopifnot(all(it$y[zero_mu] == 0), all(fitted(g)[-zero_mu] > 1e-3))
keep <- it[-zero_mu, ]
mi <- fit(y ~ x1 | g + h, keep)
out$separation_iterative <- list(data_file = "separation_iterative.csv", formula = "y ~ x1 | g + h",
  separated_rows = I(zero_mu), glm_min_fitted_kept = min(fitted(g)[-zero_mu]), glm_max_fitted_separated = max(fitted(g)[zero_mu]),
  info = pois_info(mi), iid = fx_vcov_block(mi, "iid", "iid"), hetero = fx_vcov_block(mi, "hetero", "hetero"))
write_json(out, "poisson_surface.json")
