# make_panel_fixtures.R -- reference numbers for hdfe's panel operators, centring and i() factors.
#
# Writes, next to this script:
#   panel.csv            an unbalanced panel: 12 units (string ids), years 2001-2012, with interior gaps,
#                        late entry, early exit, a few missing values, rows shuffled (row order != time order)
#   panel_expected.json  per row: id, year, x, y, z as R holds them, and l(x,1), l(x,2), f(x,1), d(x,1),
#                        l(y,1), f(y,1), d(y,1), d(z,1), each found by matching (id, year - k) explicitly;
#                        the missing counts per column; and 17 regressions fitted with lm on those matched
#                        columns, with fixest's small-sample conventions (DESIGN.md).
#
# The matched lags are cross-checked against plm::lag/lead/diff (plm 2.6's default shift = "time" is
# gap-aware: it looks up period t - k, not the previous row), and every variance is computed twice:
# with sandwich (vcov / vcovHC / vcovCL on the dummy-variable lm) and with an explicit bread-meat-bread on
# the FE-demeaned regressors. The script stops if any check differs by more than 1e-10 relative.
#
# Numbers are written as the shortest decimal that reads back as the same double (up to 17 significant
# digits). jsonlite 1.8.4 cannot do that (digits = NA and digits = I(17) both stop at 15 significant
# digits), so the JSON is written by the small writer below and read back with jsonlite to prove it.
#
# Run from the repository root:   Rscript tests/golden/panel/make_panel_fixtures.R
# Built with R 4.2.2, plm 2.6.2, sandwich 3.0.2, jsonlite 1.8.4. A rerun writes identical bytes.

suppressPackageStartupMessages({
  library(plm)
  library(sandwich)
  library(jsonlite)
})

OUT_DIR <- "tests/golden/panel"
SEED <- 20250107L
CHECK_RTOL <- 1e-10

# ---------------------------------------------------------------------------------------------
# Exact number formatting
# ---------------------------------------------------------------------------------------------

format_double <- function(x) {
  vapply(x, function(v) {
    if (is.na(v)) return("NA")
    if (!is.finite(v)) stop("non-finite number cannot be written: ", v)
    if (v == 0) return("0")
    for (d in 15:17) {
      s <- sprintf("%.*g", d, v)
      if (as.numeric(s) == v) break
    }
    s
  }, character(1), USE.NAMES = FALSE)
}

json_scalar <- function(v) {
  if (is.null(v) || (length(v) == 1 && is.na(v))) return("null")
  if (is.logical(v)) return(if (v) "true" else "false")
  if (is.character(v)) return(as.character(toJSON(v, auto_unbox = TRUE)))
  if (is.integer(v)) return(as.character(v))
  format_double(v)
}

# Lists with names are objects, unnamed lists arrays; vectors of length != 1 or wrapped in I() are arrays.
to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent + 1)
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    items <- vapply(x, to_json, "", indent = indent + 1)
    if (is.null(names(x))) return(paste0("[\n", paste0(pad, items, collapse = ",\n"), "\n", strrep("  ", indent), "]"))
    keys <- vapply(names(x), json_scalar, "")
    return(paste0("{\n", paste0(pad, keys, ": ", items, collapse = ",\n"), "\n", strrep("  ", indent), "}"))
  }
  if (inherits(x, "AsIs") || length(x) != 1) {
    x <- unclass(x)
    return(paste0("[", paste(vapply(seq_along(x), function(i) json_scalar(x[i]), ""), collapse = ", "), "]"))
  }
  json_scalar(x)
}

# ---------------------------------------------------------------------------------------------
# The panel. Each unit's years are listed explicitly so every pattern the tests rely on is visible.
# ---------------------------------------------------------------------------------------------

YEARS <- 2001:2012
UNIT_YEARS <- list(
  AT = 2001:2012,                                   # balanced
  BE = 2001:2012,                                   # balanced, x missing in 2006
  CH = setdiff(2001:2012, 2005),                    # one-year interior gap
  DE = setdiff(2001:2012, c(2004, 2005, 2009)),     # two-year gap and a one-year gap
  DK = 2004:2012,                                   # late entry
  ES = 2001:2008,                                   # early exit
  FI = setdiff(2003:2010, 2006),                    # late entry, early exit and a gap
  FR = 2001:2012,                                   # y missing in 2003, z missing in 2010
  IE = c(2001, 2003, 2005, 2006, 2009),             # sparse: l(x,1) exists only in 2006
  IT = setdiff(2006:2012, 2008),                    # late entry with a gap
  NL = 2001:2011,                                   # early exit, x missing in 2002
  SE = setdiff(2002:2011, c(2004, 2007))            # late entry, early exit, two gaps
)

make_panel <- function() {
  set.seed(SEED)
  ids <- names(UNIT_YEARS)
  grid <- expand.grid(year = YEARS, id = ids, stringsAsFactors = FALSE)[, c("id", "year")]
  n_grid <- nrow(grid)
  a <- setNames(rnorm(length(ids)), ids)
  g <- setNames(rnorm(length(YEARS), sd = 0.5), YEARS)
  # x: an AR(1) within each unit on the full grid, so lags carry information.
  x <- numeric(n_grid)
  for (u in ids) {
    rows <- which(grid$id == u)
    e <- rnorm(length(rows))
    x[rows[1]] <- e[1] + a[[u]] / 2
    for (j in seq_along(rows)[-1]) x[rows[j]] <- 0.6 * x[rows[j - 1]] + e[j]
  }
  z <- rnorm(n_grid, mean = 1, sd = 1)
  xl <- ave(x, grid$id, FUN = function(v) c(NA, v[-length(v)]))
  xl[is.na(xl)] <- 0
  y <- a[grid$id] + g[as.character(grid$year)] + 0.8 * x + 0.4 * xl + 0.3 * z + 0.5 * x * z +
    rnorm(n_grid, sd = 0.7)
  grid$x <- round(x, 6)
  grid$y <- round(unname(y), 6)
  grid$z <- round(z, 6)

  present <- unlist(lapply(ids, function(u) paste(u, UNIT_YEARS[[u]])))
  d <- grid[paste(grid$id, grid$year) %in% present, ]
  d$x[d$id == "BE" & d$year == 2006] <- NA
  d$x[d$id == "NL" & d$year == 2002] <- NA
  d$y[d$id == "FR" & d$year == 2003] <- NA
  d$z[d$id == "FR" & d$year == 2010] <- NA
  d$y[d$id == "DK" & d$year == 2011] <- NA
  d <- d[sample.int(nrow(d)), ]
  rownames(d) <- NULL
  d
}

# CSV: x's missing values as NA, y's and z's as empty fields (both are read as missing by hdfe).
write_panel_csv <- function(d, file) {
  field <- function(v, na) ifelse(is.na(v), na, format_double(v))
  lines <- c("id,year,x,y,z",
             paste(d$id, d$year, field(d$x, "NA"), field(d$y, ""), field(d$z, ""), sep = ","))
  writeLines(lines, file, useBytes = TRUE)
  back <- read.csv(file, stringsAsFactors = FALSE)
  stopifnot(identical(back$id, d$id), identical(as.numeric(back$year), as.numeric(d$year)))
  for (v in c("x", "y", "z")) {
    if (!identical(back[[v]], d[[v]])) stop("CSV round trip changed column ", v)
  }
}

# ---------------------------------------------------------------------------------------------
# Time operators by explicit (id, year - k) matching, cross-checked against plm.
# ---------------------------------------------------------------------------------------------

shifted <- function(d, v, k) d[[v]][match(paste(d$id, d$year - k), paste(d$id, d$year))]
lag_k <- function(d, v, k) shifted(d, v, k)
lead_k <- function(d, v, k) shifted(d, v, -k)
diff_k <- function(d, v, k) d[[v]] - shifted(d, v, k)

add_operators <- function(d) {
  d$l_x_1 <- lag_k(d, "x", 1)
  d$l_x_2 <- lag_k(d, "x", 2)
  d$f_x_1 <- lead_k(d, "x", 1)
  d$d_x_1 <- diff_k(d, "x", 1)
  d$l_y_1 <- lag_k(d, "y", 1)
  d$f_y_1 <- lead_k(d, "y", 1)
  d$d_y_1 <- diff_k(d, "y", 1)
  d$d_z_1 <- diff_k(d, "z", 1)
  d
}

check_against_plm <- function(d) {
  p <- pdata.frame(d[, c("id", "year", "x", "y", "z")], index = c("id", "year"))
  same <- function(a, b, what) {
    # plm returns values in its own (id, year) order with row names "id-year".
    b <- unname(b[match(paste(d$id, d$year, sep = "-"), names(b))])
    if (!identical(is.na(a), is.na(b)) || any(a[!is.na(a)] != b[!is.na(b)])) stop("plm disagrees on ", what)
  }
  same(d$l_x_1, plm::lag(p$x, 1), "l(x,1)")
  same(d$l_x_2, plm::lag(p$x, 2), "l(x,2)")
  same(d$f_x_1, plm::lead(p$x, 1), "f(x,1)")
  same(d$d_x_1, diff(p$x, 1), "d(x,1)")
  same(d$l_y_1, plm::lag(p$y, 1), "l(y,1)")
  same(d$f_y_1, plm::lead(p$y, 1), "f(y,1)")
  same(d$d_z_1, diff(p$z, 1), "d(z,1)")
  # A gap-blind lag (previous row of the unit in time order) differs: proof that the panel has gaps
  # that matter for l(x,1).
  o <- order(d$id, d$year)
  blind <- numeric(nrow(d))
  blind[o] <- ave(d$x[o], d$id[o], FUN = function(v) c(NA, v[-length(v)]))
  stopifnot(sum(xor(is.na(blind), is.na(d$l_x_1))) >= 8)
}

# ---------------------------------------------------------------------------------------------
# Regressions. A case builds (y, X) from the data with a centring function `ctr`; the sample is the
# rows where y, X, the FEs and the cluster are all present, then singletons are dropped repeatedly
# (hdfe's default); centred terms are rebuilt with means over that final sample.
# ---------------------------------------------------------------------------------------------

drop_singletons <- function(fe, keep) {
  dropped <- 0L
  repeat {
    single <- rep(FALSE, length(keep))
    for (f in fe) {
      counts <- table(f[keep])
      single <- single | (keep & f %in% names(counts)[counts == 1])
    }
    if (!any(single)) return(list(keep = keep, dropped = dropped))
    dropped <- dropped + sum(single)
    keep <- keep & !single
  }
}

close_enough <- function(a, b, what) {
  err <- max(abs(a - b) / pmax(abs(b), 1e-300))
  if (!is.finite(err) || err > CHECK_RTOL) stop(what, ": the two computations differ by ", err)
}

fit_case <- function(d, case) {
  n0 <- nrow(d)
  fe <- lapply(case$fe, function(v) as.character(d[[v]]))
  cl <- if (is.null(case$cluster)) NULL else as.character(d[[case$cluster]])
  first <- case$build(d, identity)
  ok <- is.finite(first$y) & apply(is.finite(first$X), 1, all)
  for (f in fe) ok <- ok & !is.na(f)
  if (!is.null(cl)) ok <- ok & !is.na(cl)
  n_na <- sum(!ok)
  s <- drop_singletons(fe, ok)
  keep <- s$keep
  ctr <- function(v) v - mean(v[keep])
  final <- case$build(d, ctr)
  y <- final$y[keep]
  X <- final$X[keep, , drop = FALSE]
  n <- length(y)
  k <- ncol(X)
  fk <- lapply(fe, function(f) factor(f[keep]))
  L <- vapply(fk, nlevels, integer(1))
  p_fe <- if (length(fk)) sum(L) - (length(fk) - 1L) else 0L
  D <- if (length(fk)) model.matrix(~ ., setNames(as.data.frame(fk), paste0("FE", seq_along(fk)))) else
    if (case$intercept) matrix(1, n, 1, dimnames = list(NULL, "(Intercept)")) else NULL
  Z <- cbind(D, X)
  m <- lm(y ~ 0 + Z)
  stopifnot(m$rank == ncol(Z))
  slope <- ncol(Z) - k + seq_len(k)
  coef_names <- colnames(X)
  if (!length(fk) && case$intercept) { slope <- c(1L, slope); coef_names <- c("(Intercept)", coef_names) }
  kk <- length(slope)
  K_full <- kk + p_fe
  estimate <- unname(coef(m)[slope])
  rss <- sum(residuals(m)^2)
  tss <- sum((y - mean(y))^2)

  # The explicit computation: FE-demeaned regressors (FWL), bread B, scores.
  Xs <- if (length(fk)) cbind(X) else Z[, slope, drop = FALSE]
  Xt <- if (length(fk)) qr.resid(qr(D), Xs) else Xs
  B <- solve(crossprod(Xt))
  sc <- Xt * residuals(m)
  if (case$vcov == "iid") {
    K <- K_full
    V_sw <- vcov(m)[slope, slope, drop = FALSE]
    V_ex <- B * rss / (n - K)
    df_t <- n - K
  } else if (case$vcov == "hetero") {
    K <- K_full
    V_sw <- vcovHC(m, type = "HC1")[slope, slope, drop = FALSE]
    V_ex <- B %*% crossprod(sc) %*% B * n / (n - K)
    df_t <- n - K
  } else {
    g <- cl[keep]
    G <- length(unique(g))
    nested <- vapply(fk, function(f) all(tapply(g, f, function(v) length(unique(v))) == 1), logical(1))
    K <- if (length(fk) && all(nested)) kk + 1L else K_full - sum(L[nested] - 1L)
    K_lm <- ncol(Z)
    V_sw <- vcovCL(m, cluster = g, type = "HC1", cadjust = TRUE)[slope, slope, drop = FALSE] * (n - K_lm) / (n - K)
    V_ex <- B %*% crossprod(rowsum(sc, g)) %*% B * G / (G - 1) * (n - 1) / (n - K)
    df_t <- G - 1L
  }
  close_enough(V_ex, V_sw, paste(case$name, "vcov"))
  close_enough(solve(crossprod(Xt), crossprod(Xt, y)), estimate, paste(case$name, "FWL estimate"))
  se <- sqrt(diag(V_sw))
  stat <- estimate / se
  within <- NULL
  if (length(fk)) within <- 1 - rss / sum(residuals(lm(y ~ 0 + D))^2)
  out <- list(
    nobs = n,
    dropped = list(na = n_na, singletons = s$dropped),
    fixef = if (length(fk)) setNames(as.list(L), case$fe) else NULL,
    coef_names = I(coef_names),
    estimate = I(estimate),
    std_error = I(se),
    statistic = I(stat),
    p_value = I(2 * pt(-abs(stat), df_t)),
    conf_low = I(estimate - qt(0.975, df_t) * se),
    conf_high = I(estimate + qt(0.975, df_t) * se),
    vcov = lapply(seq_len(kk), function(i) I(unname(V_sw[i, ]))),
    k = K,
    df_t = df_t,
    rss = rss,
    r2 = 1 - rss / tss,
    adj_r2 = 1 - rss / tss * (n - 1) / (n - K_full),
    within_r2 = within
  )
  if (!is.null(case$means)) out$means <- lapply(setNames(case$means, case$means), function(v) mean(d[[v]][keep]))
  list(
    name = case$name, formula = case$formula,
    options = list(panel = list(id = "id", time = "year"), vcov = case$vcov,
                   cluster = if (is.null(case$cluster)) NULL else I(case$cluster)),
    expected = out
  )
}

cols <- function(...) { m <- cbind(...); m }

CASES <- list(
  list(name = "lag_year_iid", formula = "y ~ x + l(x,1) | year", fe = "year", vcov = "iid",
       build = function(d, ctr) list(y = d$y, X = cols(x = d$x, `l(x,1)` = d$l_x_1))),
  list(name = "lag_year_cluster", formula = "y ~ x + l(x,1) | year", fe = "year", vcov = "cluster", cluster = "id",
       build = function(d, ctr) list(y = d$y, X = cols(x = d$x, `l(x,1)` = d$l_x_1))),
  list(name = "lags12_twfe_iid", formula = "y ~ l(x,1:2) + z | id + year", fe = c("id", "year"), vcov = "iid",
       build = function(d, ctr) list(y = d$y, X = cols(`l(x,1)` = d$l_x_1, `l(x,2)` = d$l_x_2, z = d$z))),
  list(name = "lags12_twfe_cluster", formula = "y ~ l(x,1:2) + z | id + year", fe = c("id", "year"), vcov = "cluster", cluster = "id",
       build = function(d, ctr) list(y = d$y, X = cols(`l(x,1)` = d$l_x_1, `l(x,2)` = d$l_x_2, z = d$z))),
  list(name = "diff_iid", formula = "d(y,1) ~ d(x,1)", fe = character(0), vcov = "iid", intercept = TRUE,
       build = function(d, ctr) list(y = d$d_y_1, X = cols(`d(x,1)` = d$d_x_1))),
  list(name = "diff_hetero", formula = "d(y,1) ~ d(x,1)", fe = character(0), vcov = "hetero", intercept = TRUE,
       build = function(d, ctr) list(y = d$d_y_1, X = cols(`d(x,1)` = d$d_x_1))),
  list(name = "lead_diff_unit_hetero", formula = "y ~ f(x,1) + d(z,1) | id", fe = "id", vcov = "hetero",
       build = function(d, ctr) list(y = d$y, X = cols(`f(x,1)` = d$f_x_1, `d(z,1)` = d$d_z_1))),
  list(name = "ylag_cluster", formula = "y ~ l(y,1) + x | year", fe = "year", vcov = "cluster", cluster = "id",
       build = function(d, ctr) list(y = d$y, X = cols(`l(y,1)` = d$l_y_1, x = d$x))),
  list(name = "lead_outcome_iid", formula = "f(y,1) ~ x + z | id", fe = "id", vcov = "iid",
       build = function(d, ctr) list(y = d$f_y_1, X = cols(x = d$x, z = d$z))),
  list(name = "moderation_raw", formula = "y ~ x*z | year", fe = "year", vcov = "cluster", cluster = "id",
       means = c("x", "z"),
       build = function(d, ctr) list(y = d$y, X = cols(x = d$x, z = d$z, `x:z` = d$x * d$z))),
  list(name = "moderation_centred", formula = "y ~ center(x)*center(z) | year", fe = "year", vcov = "cluster", cluster = "id",
       means = c("x", "z"),
       build = function(d, ctr) list(y = d$y, X = cols(`center(x)` = ctr(d$x), `center(z)` = ctr(d$z),
                                                     `center(x):center(z)` = ctr(d$x) * ctr(d$z)))),
  list(name = "moderation_lag_raw", formula = "y ~ l(x,1) + x*z | id + year", fe = c("id", "year"), vcov = "cluster", cluster = "id",
       means = c("x", "z"),
       build = function(d, ctr) list(y = d$y, X = cols(`l(x,1)` = d$l_x_1, x = d$x, z = d$z, `x:z` = d$x * d$z))),
  list(name = "moderation_lag_centred", formula = "y ~ l(x,1) + center(x)*center(z) | id + year", fe = c("id", "year"),
       vcov = "cluster", cluster = "id", means = c("x", "z"),
       build = function(d, ctr) list(y = d$y, X = cols(`l(x,1)` = d$l_x_1, `center(x)` = ctr(d$x), `center(z)` = ctr(d$z),
                                                     `center(x):center(z)` = ctr(d$x) * ctr(d$z)))),
  list(name = "cli_lag_center", formula = "y ~ l(x,1) + center(z) | year", fe = "year", vcov = "iid",
       means = "z",
       build = function(d, ctr) list(y = d$y, X = cols(`l(x,1)` = d$l_x_1, `center(z)` = ctr(d$z)))),
  list(name = "ifactor_default_ref", formula = "y ~ x + i(year)", fe = character(0), vcov = "iid", intercept = TRUE,
       build = function(d, ctr) list(y = d$y, X = cbind(x = d$x, year_dummies(d, "2001")))),
  list(name = "ifactor_ref_2005", formula = "y ~ x + i(year, ref = 2005)", fe = character(0), vcov = "iid", intercept = TRUE,
       build = function(d, ctr) list(y = d$y, X = cbind(x = d$x, year_dummies(d, "2005")))),
  list(name = "year_fe_for_ifactor", formula = "y ~ x | year", fe = "year", vcov = "iid",
       build = function(d, ctr) list(y = d$y, X = cols(x = d$x)))
)

year_dummies <- function(d, ref) {
  levels <- setdiff(as.character(YEARS), ref)
  M <- sapply(levels, function(l) as.numeric(d$year == as.integer(l)))
  colnames(M) <- paste0("year::", levels)
  M
}

# ---------------------------------------------------------------------------------------------

panel <- make_panel()
dir.create(OUT_DIR, showWarnings = FALSE, recursive = TRUE)
csv_file <- file.path(OUT_DIR, "panel.csv")
write_panel_csv(panel, csv_file)
d <- add_operators(panel)
check_against_plm(d)

results <- lapply(CASES, function(case) {
  if (is.null(case$intercept)) case$intercept <- FALSE
  fit_case(d, case)
})
byname <- setNames(results, vapply(results, `[[`, "", "name"))
# The design the tests rely on: singletons occur (IE's lone l(x,1) row under | id), lags drop rows.
stopifnot(byname$moderation_lag_centred$expected$dropped$singletons >= 1,
          byname$lags12_twfe_iid$expected$dropped$na > byname$lag_year_iid$expected$dropped$na)

op_names <- c("l_x_1", "l_x_2", "f_x_1", "d_x_1", "l_y_1", "f_y_1", "d_y_1", "d_z_1")
operators <- list(
  columns = list(l_x_1 = "l(x,1)", l_x_2 = "l(x,2)", f_x_1 = "f(x,1)", d_x_1 = "d(x,1)",
                 l_y_1 = "l(y,1)", f_y_1 = "f(y,1)", d_y_1 = "d(y,1)", d_z_1 = "d(z,1)"),
  id = I(d$id), year = I(d$year), x = I(d$x), y = I(d$y), z = I(d$z)
)
for (v in op_names) operators[[v]] <- I(d[[v]])

out <- list(
  generated_by = "tests/golden/panel/make_panel_fixtures.R",
  data = "panel.csv",
  n = nrow(d),
  missing = list(id = 0L, year = 0L, x = sum(is.na(d$x)), y = sum(is.na(d$y)), z = sum(is.na(d$z))),
  operators = operators,
  cases = unname(results)
)
json_file <- file.path(OUT_DIR, "panel_expected.json")
writeLines(to_json(out), json_file, useBytes = TRUE)

# Read back: every number must be the same double.
back <- fromJSON(json_file, simplifyVector = TRUE)
for (v in c("x", "y", "z", op_names)) {
  a <- d[[v]]; b <- back$operators[[v]]
  if (!identical(is.na(a), is.na(b)) || any(a[!is.na(a)] != b[!is.na(b)])) stop("JSON round trip changed ", v)
}
for (i in seq_along(results)) {
  e <- results[[i]]$expected
  for (f in c("estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high")) {
    if (!identical(as.numeric(e[[f]]), as.numeric(back$cases$expected[[f]][[i]]))) stop("JSON round trip changed ", f)
  }
  for (f in c("rss", "r2", "adj_r2")) if (!identical(e[[f]], back$cases$expected[[f]][[i]])) stop("JSON round trip changed ", f)
}
cat("wrote", csv_file, "(", nrow(d), "rows ) and", json_file, "(", length(results), "cases )\n")
