# make_boot_fixtures.R -- reference numbers for hdfe's wild cluster bootstrap (tests/infer/wild-r.test.ts).
#
# Writes tests/golden/boot/wildboot.csv (a small clustered panel) and tests/golden/boot/fixtures.json: for
# each case, the full enumeration of all 2^G Rademacher sign vectors, computed by brute force. Every bootstrap
# sample y* = y_fit + v_g u is built explicitly and refitted with stats::lm on explicit fixed-effect dummies;
# its t* uses the CR1 variance with fixest's small-sample rules (G/(G-1) (n-1)/(n-K), K by the nested rule,
# see tests/golden/README.md). Nothing is shared with hdfe's fast algorithm.
#
# WCR: u are the residuals of the restricted fit of y - r x_j on the other regressors and the dummies,
# y_fit = y - u, t* = (b*_j - r) / se*. WCU: u are the unrestricted residuals, t* = (b*_j - b_j) / se*.
# Sign vector number b (0 .. 2^G - 1) sets v_g = 1 - 2 * bit g of b, clusters in sorted order.
# p-values: symmetric = mean(|t*| >= |t| (1 - 1e-12)), lower = mean(t* <= t + 1e-12 |t|),
# upper = mean(t* >= t - 1e-12 |t|), equal-tailed = min(1, 2 min(lower, upper)).
#
# Cross-checks: the CR1 standard error of the original fit against sandwich::vcovCL(type = "HC1") where
# fixest's K equals lm's number of coefficients (no FE nested in the clusters); the script stops if any
# relative difference exceeds 1e-10.
#
# Run from the repository root:   Rscript tests/golden/boot/make_boot_fixtures.R
# Built with R 4.2.2 and sandwich 3.0.2. Deterministic: a rerun writes identical bytes.

suppressPackageStartupMessages(library(sandwich))

OUT_DIR <- "tests/golden/boot"
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20240612L)

# -------------------------------------------------------------------------------------------------
# Data: G = 8 clusters of two firms each (firm nested in cl), 3 to 6 rows per firm, years 1..5 shared
# across clusters (year not nested in cl), a positive weight w.
# -------------------------------------------------------------------------------------------------
G <- 8L
rows <- list()
for (g in seq_len(G)) {
  shock <- rnorm(1)
  for (f in 1:2) {
    firm <- 2L * (g - 1L) + f
    alpha <- rnorm(1)
    nr <- 3L + sample.int(4L, 1L) - 1L
    offset <- sample.int(5L, 1L) - 1L
    for (t in seq_len(nr)) {
      year <- ((offset + t - 1L) %% 5L) + 1L
      x1 <- rnorm(1) + 0.5 * alpha
      x2 <- rnorm(1) + 0.3 * shock
      y <- 0.2 * x1 - 0.3 * x2 + alpha + c(0, 0.4, -0.2, 0.7, 0.1)[year] + shock + (1 + 0.5 * abs(x1)) * rnorm(1)
      rows[[length(rows) + 1L]] <- data.frame(cl = g, firm = firm, year = year, x1 = x1, x2 = x2, y = y, w = 0.5 + runif(1))
    }
  }
}
d <- do.call(rbind, rows)

format_double <- function(x) {
  vapply(x, function(v) {
    if (!is.finite(v)) stop("non-finite number cannot be written: ", v)
    if (v == 0) return("0")
    for (digits in 15:17) {
      s <- sprintf("%.*g", digits, v)
      if (as.numeric(s) == v) break
    }
    s
  }, character(1), USE.NAMES = FALSE)
}

csv <- d
for (v in c("x1", "x2", "y", "w")) csv[[v]] <- format_double(d[[v]])
writeLines(c(paste(names(csv), collapse = ","), do.call(paste, c(csv, sep = ","))), file.path(OUT_DIR, "wildboot.csv"))
back <- read.csv(file.path(OUT_DIR, "wildboot.csv"))
stopifnot(isTRUE(all.equal(back, d, tolerance = 0)))
d <- back

# -------------------------------------------------------------------------------------------------
# Fits on explicit dummies and the CR1 variance (fixest's rules).
# -------------------------------------------------------------------------------------------------
nested_in <- function(fe, cl) all(tapply(cl, fe, function(x) length(unique(x))) == 1L)

# Design matrix: the regressors (with an intercept when there is no FE), then the dummies of each FE
# (all levels for the first, all but the first for the others, as lm would do with an intercept dropped).
design <- function(dat, x, fe) {
  X <- as.matrix(dat[, x, drop = FALSE])
  if (length(fe) == 0) return(cbind("(Intercept)" = 1, X))
  for (j in seq_along(fe)) {
    D <- model.matrix(~ factor(dat[[fe[j]]]) - 1)
    if (j > 1) D <- D[, -1, drop = FALSE]
    colnames(D) <- paste0(fe[j], "_", seq_len(ncol(D)))
    X <- cbind(X, D)
  }
  X
}

small_sample_k <- function(dat, x, fe, cluster) {
  k <- length(x) + (length(fe) == 0)
  if (length(fe) == 0) return(k)
  L <- vapply(fe, function(f) length(unique(dat[[f]])), numeric(1))
  nested <- vapply(fe, function(f) nested_in(dat[[f]], dat[[cluster]]), logical(1))
  if (all(nested)) return(k + 1)
  k + sum(L) - (length(fe) - 1) - sum((L - 1)[nested])
}

cr1_fit <- function(yv, X, w, cl, K, param) {
  fit <- lm.wfit(X, yv, w)
  if (fit$rank < ncol(X)) stop("rank-deficient design")
  B <- chol2inv(qr.R(fit$qr))[order(fit$qr$pivot), order(fit$qr$pivot)]
  e <- as.vector(yv - X %*% fit$coefficients)
  S <- rowsum(w * e * X, cl)
  n <- length(yv)
  Gc <- nrow(S)
  V <- Gc / (Gc - 1) * (n - 1) / (n - K) * B %*% crossprod(S) %*% B
  j <- match(param, colnames(X))
  list(estimate = unname(fit$coefficients[j]), se = sqrt(V[j, j]), resid = e, coef = fit$coefficients)
}

p_values <- function(t, ts) {
  tol <- 1e-12 * abs(t)
  lower <- mean(ts <= t + tol)
  upper <- mean(ts >= t - tol)
  list(symmetric = mean(abs(ts) >= abs(t) - tol), equal_tailed = min(1, 2 * min(lower, upper)), lower = lower, upper = upper)
}

run_case <- function(name, x, fe, param, null, type, weighted) {
  w <- if (weighted) d$w else rep(1, nrow(d))
  X <- design(d, x, fe)
  K <- small_sample_k(d, x, fe, "cl")
  full <- cr1_fit(d$y, X, w, d$cl, K, param)
  t0 <- (full$estimate - null) / full$se
  if (!weighted && !any(vapply(fe, function(f) nested_in(d[[f]], d$cl), logical(1)))) {
    fit_lm <- lm(d$y ~ X - 1)
    se_sw <- sqrt(diag(vcovCL(fit_lm, cluster = d$cl, type = "HC1", cadjust = TRUE)))[match(param, colnames(X))]
    if (abs(se_sw / full$se - 1) > 1e-10) stop(name, ": CR1 differs from sandwich::vcovCL by ", se_sw / full$se - 1)
  }
  if (type == "restricted") {
    Xr <- X[, colnames(X) != param, drop = FALSE]
    fr <- lm.wfit(Xr, d$y - null * d[[param]], w)
    u <- as.vector(d$y - null * d[[param]] - Xr %*% fr$coefficients)
    center <- null
  } else {
    u <- full$resid
    center <- full$estimate
  }
  y_fit <- d$y - u
  labels <- sort(unique(d$cl))
  g <- match(d$cl, labels) - 1L
  Gc <- length(labels)
  ts <- vapply(0:(2^Gc - 1), function(b) {
    v <- 1 - 2 * bitwAnd(bitwShiftR(b, g), 1L)
    fb <- cr1_fit(y_fit + v * u, X, w, d$cl, K, param)
    (fb$estimate - center) / fb$se
  }, numeric(1))
  list(case = name, data = "wildboot.csv",
       formula = paste0("y ~ ", paste(x, collapse = " + "), if (length(fe)) paste0(" | ", paste(fe, collapse = " + ")) else ""),
       options = list(param = param, null = null, cluster = "cl", type = type, obs_weights = if (weighted) "w" else NULL),
       expected = c(list(estimate = full$estimate, std_error = full$se, statistic = t0, k = K, clusters = Gc, reps = 2^Gc),
                    p_values(t0, ts), list(tstar_sorted = sort(ts))))
}

cases <- list(
  run_case("no FE, WCR", c("x1", "x2"), character(0), "x1", 0, "restricted", FALSE),
  run_case("no FE, WCU, x2", c("x1", "x2"), character(0), "x2", 0, "unrestricted", FALSE),
  run_case("firm FE (nested), WCR, null 0.2", c("x1", "x2"), "firm", "x1", 0.2, "restricted", FALSE),
  run_case("year FE (not nested), WCR", c("x1", "x2"), "year", "x1", 0, "restricted", FALSE),
  run_case("firm + year, WCR, weighted", c("x1", "x2"), c("firm", "year"), "x1", 0, "restricted", TRUE),
  run_case("firm + year, WCU, x2", c("x1", "x2"), c("firm", "year"), "x2", 0, "unrestricted", FALSE)
)

# -------------------------------------------------------------------------------------------------
# JSON, every number as the shortest decimal that reads back as the same double.
# -------------------------------------------------------------------------------------------------
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (is.null(names(x))) {
      return(paste0("[\n", paste0(inner, vapply(x, to_json, character(1), indent = inner), collapse = ",\n"), "\n", indent, "]"))
    }
    keep <- !vapply(x, is.null, logical(1)) | names(x) == "obs_weights"
    items <- vapply(names(x)[keep], function(k) paste0(inner, "\"", k, "\": ", to_json(x[[k]], inner)), character(1))
    return(paste0("{\n", paste(items, collapse = ",\n"), "\n", indent, "}"))
  }
  if (is.character(x)) return(paste0("\"", x, "\""))
  if (is.logical(x)) return(tolower(as.character(x)))
  nums <- format_double(as.numeric(x))
  if (length(x) == 1 && is.null(attr(x, "array"))) return(nums)
  paste0("[", paste(nums, collapse = ", "), "]")
}
for (i in seq_along(cases)) cases[[i]]$expected$tstar_sorted <- structure(cases[[i]]$expected$tstar_sorted, array = TRUE)
writeLines(to_json(cases), file.path(OUT_DIR, "fixtures.json"))
cat("wrote", length(cases), "cases to", file.path(OUT_DIR, "fixtures.json"), "\n")
