# make_fixtures.R -- golden fixtures for hdfe's tests.
#
# Writes tests/golden/data/*.csv (the data sets) and tests/golden/fixtures.json (regression
# cases with the numbers fixest 0.12 reports). fixest itself is not packaged for Debian, so each
# case is fitted with stats::lm on explicit fixed-effect dummies and its variance is built from
# fixest 0.12's vcov.fixest/ssc conventions (see README.md). The same code first reproduces the
# fixest results stored in tests/golden/fixest/ (a copy of shared/refs/) and stops
# if any number is off by more than 1e-10 relative; every case is also cross-checked against
# sandwich (and, where their conventions can be mapped, estimatr and plm).
#
# Built with R 4.2.2, plm 2.6.2, sandwich 3.0.2, estimatr 1.0.0 (Debian packages r-base-core,
# r-cran-plm, r-cran-sandwich, r-cran-estimatr; r-cran-jsonlite 1.8.4 only to read the fixest
# refs). The fixtures' JSON is written by the small writer below, which keeps every bit.
#
# Run from the repository root:   Rscript tests/golden/make_fixtures.R
# Output is deterministic: a rerun on the same machine rewrites identical bytes.
# Set HDFE_REFS to use another folder holding grunfeld_*.json (default tests/golden/fixest, else
# ../shared/refs); without one the proof is skipped with a message and the outputs are unchanged.

suppressPackageStartupMessages({
  library(sandwich)
  library(estimatr)
  library(plm)
})

OUT_DIR <- "tests/golden"
DATA_DIR <- file.path(OUT_DIR, "data")
# The fixest results: the repository's copy first, else the project's shared folder.
REFS_DIR <- Sys.getenv("HDFE_REFS", if (dir.exists("tests/golden/fixest")) "tests/golden/fixest" else "../shared/refs")
SYNTH_SEED <- 20240611L
# Singleton rounds: repeated until none is left, as hdfe specifies. fixest's own fixef.rm =
# "singleton" is documented as a single pass (see README.md); set 1 to reproduce that instead.
SINGLETON_MAX_ROUNDS <- Inf

# fixest's defaults: ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE,
# cluster.df = "min", t.df = "min").
SSC_DEFAULT <- list(k_adj = TRUE, k_fixef = "nested", g_adj = TRUE, g_df = "min", t_df = "min")

# ---------------------------------------------------------------------------------------------
# Number formatting: the shortest decimal that reads back as the same double, so CSV and JSON
# carry every bit (17 significant digits where fewer do not round-trip).
# ---------------------------------------------------------------------------------------------

format_double <- function(x) {
  vapply(x, function(v) {
    if (is.na(v)) return("")
    if (!is.finite(v)) stop("non-finite number cannot be written: ", v)
    if (v == 0) return("0")
    for (d in 15:17) {
      s <- sprintf("%.*g", d, v)
      if (as.numeric(s) == v) break
    }
    s
  }, character(1), USE.NAMES = FALSE)
}

# ---------------------------------------------------------------------------------------------
# CSV: header row, empty field for a missing value, numbers at full precision.
# ---------------------------------------------------------------------------------------------

csv_field <- function(col) {
  if (is.factor(col)) col <- as.character(col)
  if (is.character(col)) {
    out <- ifelse(is.na(col), "", col)
    needs_quote <- grepl("[\",\n]", out)
    out[needs_quote] <- paste0("\"", gsub("\"", "\"\"", out[needs_quote]), "\"")
    return(out)
  }
  if (is.integer(col)) return(ifelse(is.na(col), "", as.character(col)))
  format_double(col)
}

write_csv_exact <- function(df, file) {
  fields <- lapply(df, csv_field)
  lines <- c(paste(names(df), collapse = ","), do.call(paste, c(fields, sep = ",")))
  writeLines(lines, file, useBytes = TRUE)
  back <- read.csv(file, stringsAsFactors = FALSE)
  for (v in names(df)) {
    a <- if (is.factor(df[[v]])) as.character(df[[v]]) else df[[v]]
    if (!identical(as.vector(a), as.vector(back[[v]])) &&
        !(is.numeric(a) && identical(as.numeric(a), as.numeric(back[[v]])))) {
      stop("CSV round trip changed column ", v, " of ", file)
    }
  }
  invisible(back)
}

# ---------------------------------------------------------------------------------------------
# JSON writer: numbers via format_double, matrices as arrays of rows, NULL as null.
# A length-one vector is a scalar unless wrapped in I(), which keeps it an array.
# ---------------------------------------------------------------------------------------------

json_scalar <- function(v) {
  if (is.null(v) || (length(v) == 1 && is.na(v))) return("null")
  if (is.logical(v)) return(if (v) "true" else "false")
  if (is.character(v)) {
    v <- gsub("\\\\", "\\\\\\\\", v)
    v <- gsub("\"", "\\\\\"", v)
    return(paste0("\"", v, "\""))
  }
  if (is.integer(v)) return(as.character(v))
  format_double(v)
}

json_array_flat <- function(x) {
  paste0("[", paste(vapply(seq_along(x), function(i) json_scalar(unclass(x)[i]), ""),
                    collapse = ", "), "]")
}

to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent + 1)
  close_pad <- strrep("  ", indent)
  if (is.null(x)) return("null")
  if (is.matrix(x)) {
    rows <- vapply(seq_len(nrow(x)), function(i) json_array_flat(x[i, ]), "")
    return(paste0("[\n", paste0(pad, rows, collapse = ",\n"), "\n", close_pad, "]"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    items <- vapply(x, to_json, "", indent = indent + 1)
    if (is.null(names(x))) {
      return(paste0("[\n", paste0(pad, items, collapse = ",\n"), "\n", close_pad, "]"))
    }
    keys <- vapply(names(x), json_scalar, "")
    return(paste0("{\n", paste0(pad, keys, ": ", items, collapse = ",\n"), "\n", close_pad, "}"))
  }
  if (inherits(x, "AsIs") || length(x) != 1) return(json_array_flat(x))
  json_scalar(x)
}

# ---------------------------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------------------------

grunfeld_data <- function() {
  data("Grunfeld", package = "plm", envir = environment())
  # plm's Grunfeld is the same panel as shared/refs/grunfeld.csv (checked at run time when refs exist).
  Grunfeld[, c("firm", "year", "inv", "value", "capital")]
}

produc_data <- function() {
  data("Produc", package = "plm", envir = environment())
  d <- Produc[, c("state", "year", "region", "pcap", "hwy", "water", "util", "pc", "gsp", "emp", "unemp")]
  d$state <- as.character(d$state)
  d$region <- as.integer(as.character(d$region))
  d
}

petersen_data <- function() {
  data("PetersenCL", package = "sandwich", envir = environment())
  PetersenCL[, c("firm", "year", "x", "y")]
}

# synth3fe: three crossed fixed effects (f1 30 levels, f2 12, f3 7), unbalanced random design.
# Built-in traps, each asserted in check_synth_design():
#  - f1 levels A29 and A30 occur once (singletons in round one);
#  - f2 level B12 occurs twice: once with A29 and once in an ordinary row, so that row becomes a
#    singleton only in round two, once A29's row is gone;
#  - 5 NA in y, 3 NA in x2 and 1 NA in the cluster column cl;
#  - x1dup = 2 * x1 exactly (collinear);
#  - grp (10 levels) nests f1 (3 f1 levels per grp); cl (25 levels) is drawn per row, so no FE
#    is nested in it.
synth3fe_data <- function() {
  set.seed(SYNTH_SEED)
  n_regular <- 497L
  f1 <- sample(1:28, n_regular, replace = TRUE, prob = seq(1, 3, length.out = 28))
  f2 <- sample(1:11, n_regular, replace = TRUE, prob = seq(3, 1, length.out = 11))
  f3 <- sample(1:7, n_regular, replace = TRUE, prob = c(4, 3, 3, 2, 2, 1, 1))
  f2[1] <- 12L                       # the ordinary row that shares B12 with A29's row
  f1 <- c(f1, 29L, 30L, 5L)
  f2 <- c(f2, 12L, sample(1:11, 2, replace = TRUE))
  f3 <- c(f3, sample(1:7, 3, replace = TRUE))
  n <- length(f1)

  cl <- sample(1:25, n, replace = TRUE)
  grp <- (f1 - 1L) %/% 3L + 1L
  x1 <- round(rnorm(n), 6)
  x2 <- round(0.5 * x1 + rnorm(n), 6)
  x3 <- round(runif(n, -2, 2), 6)
  w <- round(runif(n, 0.5, 2.5), 4)

  a1 <- rnorm(30); a2 <- rnorm(12); a3 <- rnorm(7); acl <- rnorm(25, sd = 0.5)
  eps <- rnorm(n) * (0.5 + abs(x3) / 2) + acl[cl]
  y <- round(a1[f1] + a2[f2] + a3[f3] + 1.0 * x1 - 0.5 * x2 + 0.3 * x3 + 0.2 * x3^2 +
               0.25 * x1 * x2 + eps, 6)

  d <- data.frame(id = seq_len(n),
                  f1 = sprintf("A%02d", f1), f2 = sprintf("B%02d", f2), f3 = sprintf("C%d", f3),
                  grp = grp, cl = cl, y = y, x1 = x1, x2 = x2, x3 = x3, x1dup = 2 * x1, w = w,
                  stringsAsFactors = FALSE)

  ordinary <- setdiff(2:n_regular, which(f1 %in% c(29, 30) | f2 == 12))
  na_rows <- sample(ordinary, 9)
  d$y[na_rows[1:5]] <- NA
  d$x2[na_rows[6:8]] <- NA
  d$cl[na_rows[9]] <- NA
  d <- d[sample.int(n), ]            # so the special rows are not clustered at the end
  d$id <- seq_len(n)
  rownames(d) <- NULL
  d
}

check_synth_design <- function(d) {
  tab1 <- table(d$f1)
  stopifnot(tab1[["A29"]] == 1, tab1[["A30"]] == 1, sum(d$f2 == "B12") == 2,
            d$f2[d$f1 == "A29"] == "B12",
            sum(is.na(d$y)) == 5, sum(is.na(d$x2)) == 3, sum(is.na(d$cl)) == 1,
            all(d$x1dup == 2 * d$x1),
            all(tapply(d$grp, d$f1, function(g) length(unique(g))) == 1))
  for (f in c("f1", "f2", "f3")) {
    ok <- !is.na(d$cl)
    stopifnot(any(tapply(d$cl[ok], d[[f]][ok], function(g) length(unique(g))) > 1))
  }
}

write_data_sets <- function() {
  dir.create(DATA_DIR, showWarnings = FALSE, recursive = TRUE)
  synth <- synth3fe_data()
  check_synth_design(synth)
  list(
    grunfeld.csv = write_csv_exact(grunfeld_data(), file.path(DATA_DIR, "grunfeld.csv")),
    produc.csv = write_csv_exact(produc_data(), file.path(DATA_DIR, "produc.csv")),
    petersencl.csv = write_csv_exact(petersen_data(), file.path(DATA_DIR, "petersencl.csv")),
    synth3fe.csv = write_csv_exact(synth, file.path(DATA_DIR, "synth3fe.csv"))
  )
}

# ---------------------------------------------------------------------------------------------
# Formula handling, in hdfe's syntax: "y ~ a + log(b) + a:c + I(d^2) | fe1 + fe2^fe3".
# ---------------------------------------------------------------------------------------------

# Split at `sep` outside parentheses, so "I(a+b)" stays whole.
split_top <- function(s, sep) {
  chars <- strsplit(s, "")[[1]]
  depth <- 0L; start <- 1L; parts <- character(0)
  for (i in seq_along(chars)) {
    ch <- chars[i]
    if (ch == "(") depth <- depth + 1L
    if (ch == ")") depth <- depth - 1L
    if (ch == sep && depth == 0L) {
      parts <- c(parts, substr(s, start, i - 1L)); start <- i + 1L
    }
  }
  trimws(c(parts, substr(s, start, nchar(s))))
}

parse_formula <- function(formula) {
  sides <- split_top(formula, "~")
  rhs <- split_top(sides[2], "|")
  list(lhs = gsub(" ", "", sides[1]),
       terms = gsub(" ", "", split_top(rhs[1], "+")),
       fixef = if (length(rhs) > 1) gsub(" ", "", split_top(rhs[2], "+")) else character(0))
}

eval_expr <- function(expr, data) eval(str2lang(expr), data, baseenv())

# "a:b" is the elementwise product of a and b, as in R for numeric variables.
eval_term <- function(term, data) {
  Reduce(`*`, lapply(split_top(term, ":"), eval_expr, data = data))
}

fixef_parts <- function(fe) strsplit(fe, "^", fixed = TRUE)[[1]]

# "f2^f3" is the interaction factor of f2 and f3.
fixef_codes <- function(fe, data) {
  vals <- lapply(fixef_parts(fe), function(v) as.character(data[[v]]))
  do.call(paste, c(vals, sep = "\r"))
}

term_vars <- function(expr) all.vars(str2lang(expr))

# ---------------------------------------------------------------------------------------------
# Estimation sample: NA rows (on every variable the model touches: y, regressors, FEs, weights,
# cluster variables) go first, then singletons are dropped repeatedly until none is left.
# ---------------------------------------------------------------------------------------------

model_sample <- function(data, spec) {
  f <- parse_formula(spec$formula)
  vars <- unique(c(term_vars(f$lhs), unlist(lapply(f$terms, term_vars)),
                   unlist(lapply(f$fixef, fixef_parts)), spec$weights, spec$cluster))
  keep <- stats::complete.cases(data[, vars, drop = FALSE])
  n_na <- sum(!keep)
  d <- data[keep, , drop = FALSE]

  n_single <- 0L
  rounds <- 0
  if (length(f$fixef) > 0 && spec$singletons == "drop") {
    while (rounds < SINGLETON_MAX_ROUNDS) {
      rounds <- rounds + 1
      single <- Reduce(`|`, lapply(f$fixef, function(fe) {
        codes <- fixef_codes(fe, d)
        codes %in% names(which(table(codes) == 1))
      }))
      if (!any(single)) break
      n_single <- n_single + sum(single)
      d <- d[!single, , drop = FALSE]
    }
  }
  list(data = d, formula = f, n_na = n_na, n_single = n_single)
}

# ---------------------------------------------------------------------------------------------
# Fit: lm on [FE dummies, regressors]. The dummies come first so that lm's pivoting drops a
# regressor (the later column in formula order) rather than a dummy when columns are collinear.
# ---------------------------------------------------------------------------------------------

fe_dummies <- function(d, fixef) {
  if (length(fixef) == 0) return(NULL)
  fac <- as.data.frame(lapply(fixef, function(fe) factor(fixef_codes(fe, d))))
  names(fac) <- paste0("FE", seq_along(fixef))
  # intercept + treatment contrasts: sum(L_j) - (J - 1) columns, the p_FE of fixest.
  D <- model.matrix(~ ., fac)
  colnames(D) <- paste0("fe_", seq_len(ncol(D)))
  D
}

fit_model <- function(sample) {
  d <- sample$data; f <- sample$formula
  y <- eval_expr(f$lhs, d)
  X <- sapply(f$terms, eval_term, data = d)
  X <- matrix(X, nrow = nrow(d), dimnames = list(NULL, f$terms))
  if (length(f$fixef) == 0) X <- cbind(`(Intercept)` = 1, X)
  stopifnot(all(is.finite(y)), all(is.finite(X)))
  D <- fe_dummies(d, f$fixef)
  w <- if (is.null(sample$weights)) rep(1, nrow(d)) else d[[sample$weights]]

  Z <- cbind(D, X)
  colnames(Z) <- c(colnames(D), paste0("x_", seq_len(ncol(X))))
  lm_fit <- lm(y ~ 0 + Z, weights = w)
  coefs <- coef(lm_fit)
  p_fe <- if (is.null(D)) 0L else ncol(D)
  if (anyNA(coefs[seq_len(p_fe)])) stop("a fixed-effect dummy was dropped: FEs are not all identified")
  slope_ok <- !is.na(coefs[p_fe + seq_len(ncol(X))])

  list(y = y, X = X[, slope_ok, drop = FALSE], D = D, w = w, lm = lm_fit,
       estimate = unname(coefs[p_fe + which(slope_ok)]),
       coef_names = colnames(X)[slope_ok], collinear = colnames(X)[!slope_ok],
       resid = unname(residuals(lm_fit)), p_fe = p_fe, rank = lm_fit$rank,
       slope_idx = which(slope_ok))
}

# X~: the regressors with the (weighted) projection on the FE dummies removed.
demean <- function(M, D, w) {
  if (is.null(D)) return(M)
  sw <- sqrt(w)
  qr.resid(qr(D * sw), M * sw) / sw
}

# ---------------------------------------------------------------------------------------------
# Variance by fixest 0.12's vcov.fixest conventions.
# ---------------------------------------------------------------------------------------------

# FE j is nested when every one of its levels lies within a single cluster of some cluster variable.
fixef_is_nested <- function(fe_codes, clusters) {
  any(vapply(clusters, function(cl) {
    all(tapply(cl, fe_codes, function(g) length(unique(g))) == 1)
  }, logical(1)))
}

# K of the (n-1)/(n-K) factor (fixest's dof.K).
small_sample_K <- function(k, K_full, fe_codes, fe_sizes, clusters, k_fixef) {
  J <- length(fe_sizes)
  if (J == 0 || k_fixef == "full") return(K_full)
  if (k_fixef == "none") return(k)
  if (length(clusters) == 0) return(K_full)        # nested applies to cluster variables only
  nested <- vapply(fe_codes, fixef_is_nested, logical(1), clusters = clusters)
  K <- if (all(nested)) k + 1L else K_full - sum(fe_sizes[nested] - 1L)
  max(K, k + 1L)                                     # as in fixest, a floor that never binds here
}

cluster_meat <- function(scores, groups) {
  S <- rowsum(scores, groups, reorder = FALSE)
  crossprod(S)
}

# Cameron-Gelbach-Miller: every non-empty subset of the cluster variables, with sign (-1)^(|S|+1).
cluster_vcov_raw <- function(B, scores, clusters, ssc) {
  G <- vapply(clusters, function(cl) length(unique(cl)), numeric(1))
  G_min <- min(G)
  V <- B * 0
  m <- length(clusters)
  for (size in seq_len(m)) {
    subsets <- combn(m, size, simplify = FALSE)
    for (s in subsets) {
      groups <- do.call(paste, c(lapply(clusters[s], as.character), sep = "\r"))
      G_s <- length(unique(groups))
      c_s <- if (!ssc$g_adj) 1 else if (ssc$g_df == "conventional") G_s / (G_s - 1) else G_min / (G_min - 1)
      V <- V + (-1)^(size + 1) * c_s * B %*% cluster_meat(scores, groups) %*% B
    }
  }
  list(V = V, G = G, G_min = G_min)
}

fixest_vcov <- function(fit, d, vcov_type, cluster_vars, fe_codes, fe_sizes, ssc) {
  n <- length(fit$y)
  k <- length(fit$coef_names)
  K_full <- k + fit$p_fe
  Xt <- demean(fit$X, fit$D, fit$w)
  B <- solve(crossprod(Xt * sqrt(fit$w)))
  B <- (B + t(B)) / 2
  scores <- Xt * (fit$w * fit$resid)
  ssr <- sum(fit$w * fit$resid^2)
  clusters <- lapply(cluster_vars, function(v) d[[v]])
  names(clusters) <- cluster_vars

  K <- small_sample_K(k, K_full, fe_codes, fe_sizes, clusters, ssc$k_fixef)
  adj <- if (ssc$k_adj) (n - 1) / (n - K) else 1
  G <- NULL
  if (vcov_type == "iid") {
    V <- B * ssr / (n - 1)
  } else if (vcov_type == "hetero") {
    V <- B %*% crossprod(scores) %*% B * (if (ssc$g_adj) n / (n - 1) else 1)
  } else {
    cv <- cluster_vcov_raw(B, scores, clusters, ssc)
    V <- cv$V; G <- cv$G
  }
  V <- V * adj
  V <- (V + t(V)) / 2
  if (any(diag(V) < 0)) stop("negative variance: fixest would apply its eigenvalue fix; not covered")

  df_t <- if (vcov_type == "cluster" && ssc$t_df == "min") max(min(G) - 1, 1) else max(n - K, 1)
  list(V = unname(V), K = K, df_t = df_t, G = G)
}

# ---------------------------------------------------------------------------------------------
# Fit statistics (fixest's r2, ar2, wr2, awr2).
# ---------------------------------------------------------------------------------------------

fit_stats <- function(fit) {
  n <- length(fit$y); k <- length(fit$coef_names); w <- fit$w
  K_full <- k + fit$p_fe
  ssr <- sum(w * fit$resid^2)
  tss <- sum(w * (fit$y - sum(w * fit$y) / sum(w))^2)
  out <- list(rss = ssr, tss = tss, r2 = 1 - ssr / tss,
              adj_r2 = 1 - ssr / tss * (n - 1) / (n - K_full),
              within_r2 = NULL, adj_within_r2 = NULL, df_resid = n - K_full)
  if (fit$p_fe > 0) {
    ssr_fe <- sum(w * lm.wfit(fit$D, fit$y, w)$residuals^2)
    out$within_r2 <- 1 - ssr / ssr_fe
    out$adj_within_r2 <- 1 - ssr / ssr_fe * (n - fit$p_fe) / (n - fit$p_fe - k)
  }
  out
}

# ---------------------------------------------------------------------------------------------
# One case end to end.
# ---------------------------------------------------------------------------------------------

case_defaults <- function(spec) {
  if (is.null(spec$singletons)) spec$singletons <- "drop"
  spec$ssc <- modifyList(SSC_DEFAULT, if (is.null(spec$ssc)) list() else spec$ssc)
  spec
}

run_case <- function(spec, data) {
  spec <- case_defaults(spec)
  smp <- model_sample(data, spec)
  smp$weights <- spec$weights
  fit <- fit_model(smp)
  d <- smp$data
  fe_codes <- lapply(smp$formula$fixef, fixef_codes, data = d)
  fe_sizes <- vapply(fe_codes, function(x) length(unique(x)), integer(1))
  names(fe_sizes) <- smp$formula$fixef
  k <- length(fit$coef_names)
  if (fit$rank != k + fit$p_fe) stop("lm rank differs from k + p_FE in ", spec$case)

  vc <- fixest_vcov(fit, d, spec$vcov, spec$cluster, fe_codes, fe_sizes, spec$ssc)
  se <- sqrt(diag(vc$V))
  tstat <- fit$estimate / se
  q <- qt(0.975, vc$df_t)
  stats <- fit_stats(fit)

  expected <- list(
    nobs = length(fit$y),
    dropped = list(na = smp$n_na, singletons = smp$n_single),
    fixef = if (length(fe_sizes) == 0) NULL else as.list(fe_sizes),
    collinear = I(fit$collinear),
    coef_names = I(fit$coef_names),
    estimate = I(fit$estimate), std_error = I(se), statistic = I(tstat),
    p_value = I(2 * pt(-abs(tstat), vc$df_t)),
    conf_low = I(fit$estimate - q * se), conf_high = I(fit$estimate + q * se),
    vcov = vc$V,
    k = as.integer(vc$K), n_coef = k, k_full = as.integer(k + fit$p_fe),
    df_t = as.integer(vc$df_t),
    n_clusters = if (is.null(vc$G)) NULL else as.list(setNames(as.integer(vc$G), spec$cluster)),
    rss = stats$rss, tss = stats$tss, r2 = stats$r2, adj_r2 = stats$adj_r2,
    within_r2 = stats$within_r2, adj_within_r2 = stats$adj_within_r2,
    df_resid = as.integer(stats$df_resid))
  list(spec = spec, fit = fit, sample = smp, expected = expected, vc = vc)
}

# ---------------------------------------------------------------------------------------------
# Cross-checks against other R implementations. Each returns a label when it applies and agrees,
# NULL when the case is outside what that package can express, and stops on disagreement.
# ---------------------------------------------------------------------------------------------

close_enough <- function(a, b, tol = 1e-9) {
  all(abs(a - b) <= tol * max(abs(b)) + 1e-300)
}

# The slope rows/columns of a variance of the full dummy regression, by name: vcov.lm keeps NA
# rows for aliased columns while sandwich drops them.
slope_block <- function(V, fit, prefix = "Z") {
  keep <- paste0(prefix, "x_", fit$slope_idx)
  unname(V[keep, keep, drop = FALSE])
}

# sandwich's HC1 uses (n-1)/(n-K_lm) with K_lm = all lm coefficients = K_full; the label states
# the factor that maps it to fixest's K.
check_sandwich <- function(res) {
  spec <- res$spec; fit <- res$fit; ssc <- spec$ssc
  n <- length(fit$y); K_lm <- fit$rank; K <- res$vc$K
  to_K <- sprintf(" x (n-K_lm)/(n-K), K_lm=%d, K=%d", K_lm, K)
  if (spec$vcov == "iid") {
    V <- slope_block(vcov(fit$lm), fit) * (n - K_lm) / (if (ssc$k_adj) n - K else n - 1)
    label <- paste0("stats::vcov(lm)",
                    if (!ssc$k_adj) sprintf(" x (n-K_lm)/(n-1), K_lm=%d", K_lm) else if (K != K_lm) to_K else "")
  } else if (spec$vcov == "hetero") {
    V <- slope_block(vcovHC(fit$lm, type = "HC0"), fit) *
      (if (ssc$g_adj) n / (n - 1) else 1) * (if (ssc$k_adj) (n - 1) / (n - K) else 1)
    label <- sprintf("sandwich::vcovHC(type='HC0')%s%s", if (ssc$g_adj) " x n/(n-1)" else "",
                     if (ssc$k_adj) sprintf(" x (n-1)/(n-K), K=%d", K) else "")
    if (ssc$g_adj && ssc$k_adj && K == K_lm) {
      V <- slope_block(vcovHC(fit$lm, type = "HC1"), fit)
      label <- "sandwich::vcovHC(type='HC1')"
    }
  } else {
    cl <- as.data.frame(lapply(spec$cluster, function(v) res$sample$data[[v]]))
    type <- if (ssc$k_adj) "HC1" else "HC0"
    conventional <- ssc$g_adj && (ssc$g_df == "conventional" || length(spec$cluster) == 1)
    V <- slope_block(vcovCL(fit$lm, cluster = cl, type = type, cadjust = conventional,
                            multi0 = FALSE), fit)
    label <- sprintf("sandwich::vcovCL(type='%s', cadjust=%s, multi0=FALSE)", type, conventional)
    if (ssc$k_adj && K != K_lm) {
      V <- V * (n - K_lm) / (n - K)
      label <- paste0(label, to_K)
    }
    if (ssc$g_adj && !conventional) {
      G_min <- min(res$vc$G)
      V <- V * G_min / (G_min - 1)
      label <- paste0(label, " x G_min/(G_min-1)")
    }
  }
  if (!close_enough(res$vc$V, unname(V))) stop("sandwich disagrees in ", spec$case)
  label
}

# estimatr::lm_robust on the same dummy design; its K is also all coefficients.
check_estimatr <- function(res) {
  spec <- res$spec; fit <- res$fit; ssc <- spec$ssc
  if (!ssc$k_adj || !ssc$g_adj || length(spec$cluster) > 1) return(NULL)
  if (nrow(fit$X) > 2000) return(NULL)               # keeps the run short; sandwich covers these
  Z <- cbind(fit$D, fit$X)
  colnames(Z) <- c(colnames(fit$D), paste0("x_", fit$slope_idx))
  df <- data.frame(yy = fit$y, Z, ww = fit$w)
  fml <- as.formula(paste("yy ~ 0 +", paste(colnames(Z), collapse = " + ")))
  se_type <- switch(spec$vcov, iid = "classical", hetero = "HC1", cluster = "stata")
  clusters <- if (spec$vcov == "cluster") res$sample$data[[spec$cluster]] else NULL
  est <- if (is.null(clusters)) {
    lm_robust(fml, data = df, weights = ww, se_type = se_type)
  } else {
    df$cc <- clusters
    lm_robust(fml, data = df, weights = ww, se_type = se_type, clusters = cc)
  }
  n <- length(fit$y)
  V <- slope_block(vcov(est), fit, prefix = "") * (n - fit$rank) / (n - res$vc$K)
  if (!close_enough(res$vc$V, V)) stop("estimatr disagrees in ", spec$case)
  b <- unname(coef(est)[paste0("x_", fit$slope_idx)])
  if (!close_enough(fit$estimate, b)) stop("estimatr coefficients disagree in ", spec$case)
  sprintf("estimatr::lm_robust(se_type='%s')%s", se_type,
          if (res$vc$K != fit$rank) sprintf(" x (n-K_lm)/(n-K)") else "")
}

# plm's within estimator on balanced unit or unit+time panels; its clustered 'sss' variance uses
# K = number of slopes, i.e. fixest's fixef.K = "none".
check_plm <- function(res, panel) {
  spec <- res$spec; fit <- res$fit; ssc <- spec$ssc
  fe <- res$sample$formula$fixef
  if (is.null(panel) || !is.null(spec$weights) || length(fe) == 0) return(NULL)
  effect <- if (identical(fe, panel[1])) "individual" else if (identical(fe, panel)) "twoways" else return(NULL)
  d <- res$sample$data
  pd <- pdata.frame(data.frame(d[panel], yy = fit$y, fit$X, check.names = TRUE), index = panel)
  rhs <- names(pd)[-(1:3)]
  m <- plm(as.formula(paste("yy ~", paste(rhs, collapse = " + "))), data = pd,
           model = "within", effect = effect)
  if (!close_enough(fit$estimate, unname(coef(m)))) stop("plm coefficients disagree in ", spec$case)
  label <- sprintf("plm within (effect='%s') coefficients", effect)
  if (spec$vcov == "cluster" && identical(spec$cluster, panel[1]) && ssc$k_fixef == "none" &&
      ssc$k_adj && ssc$g_adj) {
    V <- unname(vcovHC(m, method = "arellano", type = "sss", cluster = "group"))
    if (!close_enough(res$vc$V, V)) stop("plm vcovHC(sss) disagrees in ", spec$case)
    label <- paste0(label, " and vcovHC(method='arellano', type='sss', cluster='group')")
  }
  label
}

ssc_label <- function(ssc) {
  sprintf("adj=%s, fixef.K='%s', cluster.adj=%s, cluster.df='%s', t.df='%s'",
          ssc$k_adj, ssc$k_fixef, ssc$g_adj, ssc$g_df, ssc$t_df)
}

case_source <- function(res, panel) {
  checks <- c(check_sandwich(res), check_estimatr(res), check_plm(res, panel))
  sprintf("lm + dummies; V by fixest 0.12 conventions (ssc(%s)); cross-checked: %s",
          ssc_label(res$spec$ssc), paste(checks, collapse = "; "))
}

# ---------------------------------------------------------------------------------------------
# Proof against the stored fixest results (shared/refs/grunfeld_*.json).
# ---------------------------------------------------------------------------------------------

REF_VARIANTS <- list(
  iid = list(vcov = "iid"),
  hetero = list(vcov = "hetero"),
  cluster_firm = list(vcov = "cluster", cluster = "firm"),
  twoway_firm_year = list(vcov = "cluster", cluster = c("firm", "year")),
  twoway_firm_year_conventional = list(vcov = "cluster", cluster = c("firm", "year"),
                                       ssc = list(g_df = "conventional")))

rel_err <- function(a, b) {
  a <- unlist(a); b <- unlist(b)
  if (length(a) != length(b)) stop("length mismatch against refs")
  if (length(a) == 0) return(0)
  max(abs(a - b) / pmax(abs(b), 1e-300))
}

verify_against_refs <- function(grunfeld) {
  files <- file.path(REFS_DIR, sprintf("grunfeld_%s.json", c("nofe", "firmfe", "twfe")))
  if (!all(file.exists(files)) || !requireNamespace("jsonlite", quietly = TRUE)) {
    message("refs not found in ", REFS_DIR, " (or jsonlite missing): skipping the fixest proof")
    return(invisible(NULL))
  }
  shared <- read.csv(file.path(REFS_DIR, "grunfeld.csv"))
  stopifnot(isTRUE(all.equal(shared, grunfeld, check.attributes = FALSE, tolerance = 0)))
  worst <- 0; worst_at <- ""
  track <- function(err, what) {
    if (err > worst) { worst <<- err; worst_at <<- what }
  }
  for (f in files) {
    ref <- jsonlite::fromJSON(f, simplifyVector = TRUE)
    fx <- ref$fixest
    for (v in names(REF_VARIANTS)) {
      spec <- c(list(case = paste(basename(f), v), formula = ref$model$formula), REF_VARIANTS[[v]])
      res <- run_case(spec, grunfeld)
      e <- res$expected; r <- fx$se_variants[[v]]
      stopifnot(identical(e$coef_names, I(r$coef_names)), e$k == r$dof_K, e$df_t == r$df_t)
      at <- paste(basename(f), v)
      track(rel_err(e$estimate, r$estimate), paste(at, "estimate"))
      track(rel_err(e$std_error, r$se), paste(at, "se"))
      track(rel_err(e$statistic, r$t), paste(at, "t"))
      track(rel_err(e$p_value, r$p), paste(at, "p"))
      track(rel_err(e$vcov, r$vcov), paste(at, "vcov"))
      stats <- list(e$r2, e$adj_r2, e$rss, e$tss)
      track(rel_err(stats, list(fx$r2, fx$adj_r2, fx$ssr, fx$ssr_null)), paste(at, "r2/adj_r2/ssr/tss"))
      if (!is.null(fx$within_r2)) {
        track(rel_err(list(e$within_r2, e$adj_within_r2), list(fx$within_r2, fx$adj_within_r2)),
              paste(at, "within_r2"))
      }
      stopifnot(e$nobs == fx$nobs, e$df_resid == fx$df_resid)
    }
  }
  message(sprintf("fixest refs reproduced: worst relative error %.3g (%s)", worst, worst_at))
  if (worst > 1e-10) stop("fixest refs not reproduced to 1e-10")
  invisible(worst)
}

# ---------------------------------------------------------------------------------------------
# The cases.
# ---------------------------------------------------------------------------------------------

PANELS <- list(grunfeld.csv = c("firm", "year"), produc.csv = c("state", "year"),
               petersencl.csv = c("firm", "year"), synth3fe.csv = NULL)

vcov_variants_firm_year <- function(unit, time) list(
  iid = list(vcov = "iid"),
  hetero = list(vcov = "hetero"),
  cluster = list(vcov = "cluster", cluster = unit),
  twoway_min = list(vcov = "cluster", cluster = c(unit, time)),
  twoway_conventional = list(vcov = "cluster", cluster = c(unit, time), ssc = list(g_df = "conventional")))

grunfeld_cases <- function() {
  models <- list(nofe = "inv ~ value + capital", firmfe = "inv ~ value + capital | firm",
                 twfe = "inv ~ value + capital | firm + year")
  variants <- vcov_variants_firm_year("firm", "year")
  names(variants)[3] <- "cluster_firm"
  out <- list()
  for (m in names(models)) for (v in names(variants)) {
    out[[length(out) + 1]] <- c(list(case = paste("grunfeld", m, v, sep = "_"), data = "grunfeld.csv",
                                     formula = models[[m]]), variants[[v]])
  }
  out
}

produc_cases <- function() {
  rhs <- "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp"
  state <- paste(rhs, "| state"); twfe <- paste(rhs, "| state + year")
  cs <- list(vcov = "cluster", cluster = "state")
  case <- function(name, formula, opts) c(list(case = name, data = "produc.csv", formula = formula), opts)
  list(
    case("produc_nofe_iid", rhs, list(vcov = "iid")),
    case("produc_nofe_hetero", rhs, list(vcov = "hetero")),
    case("produc_nofe_cluster_state", rhs, cs),
    case("produc_state_iid", state, list(vcov = "iid")),
    case("produc_state_cluster_state", state, cs),
    case("produc_twfe_iid", twfe, list(vcov = "iid")),
    case("produc_twfe_iid_kadj_false", twfe, list(vcov = "iid", ssc = list(k_adj = FALSE))),
    case("produc_twfe_hetero", twfe, list(vcov = "hetero")),
    case("produc_twfe_hetero_gadj_false", twfe, list(vcov = "hetero", ssc = list(g_adj = FALSE))),
    case("produc_twfe_cluster_state", twfe, cs),
    case("produc_twfe_cluster_state_kadj_false", twfe, c(cs, list(ssc = list(k_adj = FALSE)))),
    case("produc_twfe_cluster_state_kfixef_none", twfe, c(cs, list(ssc = list(k_fixef = "none")))),
    case("produc_twfe_cluster_state_kfixef_full", twfe, c(cs, list(ssc = list(k_fixef = "full")))),
    case("produc_twfe_cluster_state_gadj_false", twfe, c(cs, list(ssc = list(g_adj = FALSE)))),
    case("produc_twfe_cluster_state_tdf_conventional", twfe, c(cs, list(ssc = list(t_df = "conventional")))),
    case("produc_twfe_twoway_state_year", twfe, list(vcov = "cluster", cluster = c("state", "year"))),
    case("produc_twfe_twoway_state_year_gdf_conventional", twfe,
         list(vcov = "cluster", cluster = c("state", "year"), ssc = list(g_df = "conventional"))),
    case("produc_state_cluster_region", state, list(vcov = "cluster", cluster = "region")),
    case("produc_twfe_cluster_region", twfe, list(vcov = "cluster", cluster = "region")),
    case("produc_state_interaction_cluster_state",
         "log(gsp) ~ log(pcap) + unemp + log(pc):unemp | state", cs)
  )
}

petersen_cases <- function() {
  case <- function(name, formula, opts) c(list(case = name, data = "petersencl.csv", formula = formula), opts)
  twoway <- list(vcov = "cluster", cluster = c("firm", "year"))
  list(
    case("petersen_nofe_iid", "y ~ x", list(vcov = "iid")),
    case("petersen_nofe_hetero", "y ~ x", list(vcov = "hetero")),
    case("petersen_nofe_cluster_firm", "y ~ x", list(vcov = "cluster", cluster = "firm")),
    case("petersen_nofe_twoway_firm_year", "y ~ x", twoway),
    case("petersen_firm_twoway_firm_year", "y ~ x | firm", twoway),
    case("petersen_twfe_twoway_firm_year", "y ~ x | firm + year", twoway)
  )
}

synth_cases <- function() {
  case <- function(name, formula, opts) c(list(case = name, data = "synth3fe.csv", formula = formula), opts)
  base <- "y ~ x1 + x2 + x3"
  ccl <- list(vcov = "cluster", cluster = "cl")
  list(
    case("synth_nofe_hetero", "y ~ x1 + x2 + x3 + I(x3^2)", list(vcov = "hetero")),
    case("synth_f1_iid", paste(base, "| f1"), list(vcov = "iid")),
    case("synth_f1f2_cluster_cl", paste(base, "| f1 + f2"), ccl),
    case("synth_f1f2_keep_singletons_cluster_cl", paste(base, "| f1 + f2"), c(ccl, list(singletons = "keep"))),
    case("synth_3fe_iid", paste(base, "| f1 + f2 + f3"), list(vcov = "iid")),
    case("synth_3fe_hetero", paste(base, "| f1 + f2 + f3"), list(vcov = "hetero")),
    case("synth_3fe_cluster_cl", paste(base, "| f1 + f2 + f3"), ccl),
    case("synth_3fe_keep_singletons_iid", paste(base, "| f1 + f2 + f3"), list(vcov = "iid", singletons = "keep")),
    case("synth_collinear_x1dup_iid", "y ~ x1 + x1dup + x2 | f1 + f2", list(vcov = "iid")),
    case("synth_collinear_x1dup_cluster_cl", "y ~ x1 + x2 + x1dup + x3 | f1 + f2 + f3", ccl),
    case("synth_weights_iid", paste(base, "| f1 + f2"), list(vcov = "iid", weights = "w")),
    case("synth_weights_hetero", paste(base, "| f1 + f2"), list(vcov = "hetero", weights = "w")),
    case("synth_weights_cluster_cl", paste(base, "| f1 + f2 + f3"), c(ccl, list(weights = "w"))),
    case("synth_weights_nofe_cluster_cl", base, c(ccl, list(weights = "w"))),
    case("synth_f1_cluster_grp_all_nested", paste(base, "| f1"), list(vcov = "cluster", cluster = "grp")),
    case("synth_3fe_cluster_grp_nested", paste(base, "| f1 + f2 + f3"), list(vcov = "cluster", cluster = "grp")),
    case("synth_3fe_cluster_grp_kfixef_full", paste(base, "| f1 + f2 + f3"),
         list(vcov = "cluster", cluster = "grp", ssc = list(k_fixef = "full"))),
    case("synth_3fe_twoway_cl_grp", paste(base, "| f1 + f2 + f3"), list(vcov = "cluster", cluster = c("cl", "grp"))),
    case("synth_interaction_square_cluster_cl", "y ~ x1 + x2 + x1:x2 + I(x3^2) | f1 + f3", ccl),
    case("synth_combined_fe_hetero", paste(base, "| f1 + f2^f3"), list(vcov = "hetero")),
    case("synth_combined_fe_cluster_f2", paste(base, "| f1 + f2^f3"), list(vcov = "cluster", cluster = "f2"))
  )
}

# ---------------------------------------------------------------------------------------------
# Assembly.
# ---------------------------------------------------------------------------------------------

case_record <- function(res, panel) {
  spec <- res$spec
  list(case = spec$case, data = spec$data, formula = spec$formula,
       options = list(vcov = spec$vcov,
                      cluster = if (is.null(spec$cluster)) NULL else I(spec$cluster),
                      weights = spec$weights, singletons = spec$singletons,
                      ssc = spec$ssc),
       expected = res$expected,
       source = case_source(res, panel))
}

main <- function() {
  if (!file.exists("package.json") || !dir.exists(OUT_DIR)) stop("run from the repository root")
  RNGkind("Mersenne-Twister", "Inversion", "Rejection")
  data_sets <- write_data_sets()
  verify_against_refs(data_sets$grunfeld.csv)

  specs <- c(grunfeld_cases(), produc_cases(), petersen_cases(), synth_cases())
  records <- lapply(specs, function(spec) {
    res <- run_case(spec, data_sets[[spec$data]])
    case_record(res, PANELS[[spec$data]])
  })
  names(records) <- NULL
  stopifnot(!anyDuplicated(vapply(records, `[[`, "", "case")))
  writeLines(to_json(records), file.path(OUT_DIR, "fixtures.json"), useBytes = TRUE)
  message(length(records), " cases written to ", file.path(OUT_DIR, "fixtures.json"))
}

main()
