# Random designs with nested, partly nested and combined (a^c) fixed effects, estimated by fixest 0.12.
# Output: nested.json (each case: the data, the formula, and fixest's coefficients, SEs, nobs and K).
# Run from this directory: Rscript make_nested.R
suppressMessages(library(fixest))
setFixest_nthreads(1)
# A minimal exact JSON writer (numbers as %.17g, vectors as arrays; length-1 vectors as scalars).
json <- function(v) {
  if (is.null(v)) return("null")
  if (is.list(v)) {
    if (!is.null(names(v))) return(paste0("{", paste0('"', names(v), '":', vapply(v, json, ""), collapse = ","), "}"))
    return(paste0("[", paste(vapply(v, json, ""), collapse = ","), "]"))
  }
  el <- if (is.character(v)) paste0('"', v, '"') else ifelse(is.finite(v), sprintf("%.17g", v), "null")
  if (length(v) == 1 && is.null(attr(v, "array"))) el else paste0("[", paste(el, collapse = ","), "]")
}
arr <- function(v) structure(v, array = TRUE)
set.seed(20261129)
cases <- list()
formulas <- c("y ~ x | a + b", "y ~ x | b + a", "y ~ x | a + b + c", "y ~ x | c + b + a",
              "y ~ x | a + a^c", "y ~ x | a^c + a + c", "y ~ x + z | a^c + c + b", "y ~ x | a + p")
for (rep in 1:12) {
  n <- c(16, 40, 120, 400)[(rep - 1) %% 4 + 1]
  nb <- 2 + sample.int(max(1, floor(n / 3)), 1)
  na <- 1 + sample.int(min(nb - 1, 5), 1)
  home <- sample.int(na, nb, replace = TRUE)          # b nested in a
  bb <- sample.int(nb, n, replace = TRUE)
  d <- data.frame(b = paste0("b", bb), a = paste0("a", home[bb]), c = paste0("c", sample.int(3, n, replace = TRUE)))
  # p: partly nested in a (b's levels, but every fifth row moved to another level)
  pp <- bb; move <- seq(1, n, by = 5); pp[move] <- sample.int(nb, length(move), replace = TRUE)
  d$p <- paste0("p", pp)
  d$x <- rnorm(n); d$z <- rnorm(n); d$y <- d$x + rnorm(n)
  for (f in formulas) {
    for (v in c("iid", "hetero", "cluster")) {
      m <- tryCatch(feols(as.formula(f), d, vcov = if (v == "cluster") ~a else v, fixef.tol = 2.5e-12, fixef.iter = 1e5),
                    error = function(e) { message(f, " ", v, ": ", conditionMessage(e)); NULL })
      if (is.null(m)) next
      ct <- coeftable(m)
      cases[[length(cases) + 1]] <- list(rep = rep, formula = f, vcov = v,
        terms = arr(rownames(ct)), estimate = arr(unname(ct[, 1])), se = arr(unname(ct[, 2])), nobs = nobs(m),
        k = unname(attr(vcov(m, attr = TRUE), "dof.K")), iterations = max(m$iterations))
    }
  }
  datasets <- if (exists("datasets")) datasets else list()
  datasets[[rep]] <- lapply(as.list(d), arr)
}
writeLines(json(list(fixest = as.character(packageVersion("fixest")), datasets = datasets, cases = cases)), "nested.json")
