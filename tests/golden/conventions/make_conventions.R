# Reference results for the variance conventions of established R tools on models with fixed
# effects written out as dummies (or, for plm, as the within transformation).
#
# Run from this folder:   Rscript make_conventions.R
#
# Reads  grunfeld.csv, produc.csv (beside this script)
# Writes disconnected.csv (built here, deterministic) and
#        leverage_multi_fe.json  sandwich::vcovHC HC2/HC3 on lm with two or three sets of dummies
#        cr3_multi_fe.json       CR3 on lm with two sets of dummies: clubSandwich::vcovCR, or the exact
#                                cluster jackknife where a fixed effect is nested in the cluster
#        conventions.json        lm / sandwich / plm / estimatr variance conventions side by side
#
# Every block holds the slopes only (dummies and intercept dropped; the script checks the names):
# coef_names, estimate, se, t, p, df (of the t distribution used for p), vcov (rows of the slopes'
# variance matrix), plus n, K and G where the tool uses them. fixest is deliberately not used.
suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
  library(plm)
  library(estimatr)
  library(clubSandwich)
  library(jsonlite)
})

RNGkind("Mersenne-Twister", "Inversion", "Rejection")

pkgs <- c("sandwich", "lmtest", "plm", "estimatr", "clubSandwich", "jsonlite")
versions <- c(list(R = paste(R.version$major, R.version$minor, sep = ".")),
              lapply(setNames(pkgs, pkgs), function(p) as.character(packageVersion(p))))
ver <- function(p) paste(p, versions[[p]])

rel_diff <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))
check_close <- function(a, b, what, tol = 1e-10) {
  d <- rel_diff(as.numeric(a), as.numeric(b))
  if (!is.finite(d) || d > tol) stop(sprintf("check failed: %s (rel diff %.3g)", what, d))
  invisible(d)
}

# Full precision. jsonlite (1.8.4) writes at most 15 significant digits whatever `digits` says, so
# each number is formatted here as the shortest of %.15g/%.16g/%.17g that reads back as the same
# double, and handed to toJSON verbatim. Matrices become arrays of rows (row-major); a length-1
# vector is a scalar unless wrapped in I().
num_rt <- function(x) vapply(as.numeric(x), function(v) {
  if (!is.finite(v)) return("null")
  for (d in 15:17) {
    s <- sprintf(paste0("%.", d, "g"), v)
    if (as.numeric(s) == v) return(s)
  }
  stop("no round-trip decimal for ", v)
}, "")
exact_numbers <- function(x) {
  if (is.list(x)) {
    a <- attributes(x)
    x <- lapply(x, exact_numbers)
    attributes(x) <- a
    return(x)
  }
  if (!is.numeric(x)) return(x)
  js <- if (is.matrix(x)) {
    paste0("[", paste(apply(x, 1, function(r) paste0("[", paste(num_rt(r), collapse = ", "), "]")),
                      collapse = ", "), "]")
  } else if (inherits(x, "AsIs") || length(x) != 1) {
    paste0("[", paste(num_rt(x), collapse = ", "), "]")
  } else num_rt(x)
  structure(js, class = "json")
}
write_fixture <- function(x, file) {
  txt <- toJSON(exact_numbers(x), json_verbatim = TRUE, digits = NA, auto_unbox = TRUE, pretty = TRUE)
  writeLines(txt, file)
  back <- fromJSON(file, simplifyVector = FALSE)          # parses, or fails loudly
  message("wrote ", file)
  invisible(back)
}

# ------------------------------------------------------------------------------------ data ----
grunfeld <- read.csv("grunfeld.csv")
stopifnot(nrow(grunfeld) == 200, !is.unsorted(grunfeld$firm * 1e4 + grunfeld$year))
# third factor for the three-way leverage case: the row index (1-based, file order, i.e. sorted by
# firm then year) minus one, modulo 7
grunfeld$g3 <- (seq_len(nrow(grunfeld)) - 1) %% 7

produc <- read.csv("produc.csv")
stopifnot(nrow(produc) == 816)

# disconnected.csv: 30 ids in three blocks; ids 1-10 are seen only in periods 1-4, ids 11-20 only
# in 5-8 and ids 21-30 only in 9-12. In each block 4 different ids each lose one random period, so
# the panel is unbalanced (108 rows) and every id keeps 3 or 4 rows.
make_disconnected <- function() {
  set.seed(20261129)
  cells <- do.call(rbind, lapply(1:3, function(b) {
    ids <- (10 * (b - 1) + 1):(10 * b)
    ts <- (4 * (b - 1) + 1):(4 * b)
    g <- expand.grid(t = ts, id = ids)[, c("id", "t")]
    drop_ids <- sample(ids, 4)
    drop_t <- ts[sample.int(4, 4, replace = TRUE)]
    g[!paste(g$id, g$t) %in% paste(drop_ids, drop_t), ]
  }))
  cells <- cells[order(cells$id, cells$t), ]
  n <- nrow(cells)
  alpha <- rnorm(30)                                   # id effects
  gamma <- rnorm(12, sd = 0.5)                         # period effects
  x1 <- 0.6 * alpha[cells$id] + rnorm(n)
  x2 <- 0.4 * gamma[cells$t] - 0.3 * x1 + rnorm(n)
  w <- round(runif(n, 0.5, 2.5), 3)
  e <- rnorm(n) * (0.5 + abs(x1))                      # heteroskedastic
  y <- 1 + 0.8 * x1 - 0.5 * x2 + alpha[cells$id] + gamma[cells$t] + e
  data.frame(id = cells$id, t = cells$t, y = round(y, 6), x1 = round(x1, 6), x2 = round(x2, 6), w = w)
}
write.csv(make_disconnected(), "disconnected.csv", row.names = FALSE, quote = FALSE)
disconnected <- read.csv("disconnected.csv")           # what every tool sees is what the file holds

# connected components of the bipartite graph (id, t)
n_components <- function(a, b) {
  a <- paste0("a", a); b <- paste0("b", b)
  nodes <- unique(c(a, b))
  parent <- setNames(nodes, nodes)
  find <- function(v) { while (parent[[v]] != v) v <- parent[[v]]; v }
  for (i in seq_along(a)) {
    ra <- find(a[i]); rb <- find(b[i])
    if (ra != rb) parent[[ra]] <- rb
  }
  length(unique(vapply(nodes, find, "")))
}
stopifnot(nrow(disconnected) == 108, all(disconnected$w > 0),
          length(unique(disconnected$id)) == 30, length(unique(disconnected$t)) == 12,
          n_components(disconnected$id, disconnected$t) == 3,
          all(table(disconnected$id) >= 3),
          qr(model.matrix(~ factor(id) + factor(t), disconnected))$rank == 30 + 12 - 3)

# ------------------------------------------------------------------------------- helpers ----
# One slope-only block. est: named vector, V: matrix with the same names; p from t(df).
slope_block <- function(tool, label, note, est, V, df, slopes, extra = list(),
                        p_given = NULL, se_given = NULL) {
  est <- est[slopes]
  V <- as.matrix(V)[slopes, slopes, drop = FALSE]
  stopifnot(identical(names(est), slopes), identical(rownames(V), slopes), identical(colnames(V), slopes),
            !grepl("factor\\(|Intercept", slopes), all(is.finite(est)), all(is.finite(V)), all(diag(V) > 0))
  se <- sqrt(diag(V))
  tt <- unname(est / se)
  p <- 2 * pt(-abs(tt), df)
  if (!is.null(se_given)) check_close(se, se_given[slopes], paste(label, "se as the tool reports it"))
  if (!is.null(p_given)) check_close(p, p_given[slopes], paste(label, "p as the tool reports it"), 1e-8)
  c(list(tool = tool, label = label, note = note,
         coef_names = I(slopes), estimate = I(unname(est)), se = I(unname(se)), t = I(tt), p = I(p),
         df = df, p_distribution = sprintf("t(%s)", format(df)), vcov = unname(V)),
    extra)
}

# p of every coefficient as lmtest::coeftest reports it. Two-way clustered variances (V_a + V_b - V_ab)
# can be negative on some dummies' diagonal, and coeftest warns when it takes their square root; only
# the slopes are used, and slope_block checks that their variances are positive.
coeftest_p <- function(...) suppressWarnings(coeftest(...))[, "Pr(>|t|)"]

# G of a clustering, dropping nothing (no missing values in these data)
n_groups <- function(v) length(unique(v))

# ------------------------------------------------------------------------------- models ----
models <- list(
  grunfeld_firm = list(
    data = grunfeld, data_file = "grunfeld.csv", y = "inv", x = c("value", "capital"),
    fe = "firm", cl1 = "firm", cl2 = c("firm", "year"), index = c("firm", "year"), effect = "individual",
    slopes = c("value", "capital")),
  grunfeld_twfe = list(
    data = grunfeld, data_file = "grunfeld.csv", y = "inv", x = c("value", "capital"),
    fe = c("firm", "year"), cl1 = "firm", cl2 = c("firm", "year"), index = c("firm", "year"), effect = "twoways",
    slopes = c("value", "capital")),
  produc_twfe = list(
    data = produc, data_file = "produc.csv", y = "log(gsp)", x = c("log(pcap)", "log(emp)", "unemp"),
    fe = c("state", "year"), cl1 = "state", cl2 = c("state", "year"), index = c("state", "year"), effect = "twoways",
    slopes = c("log(pcap)", "log(emp)", "unemp")),
  disconnected_twfe = list(
    data = disconnected, data_file = "disconnected.csv", y = "y", x = c("x1", "x2"),
    fe = c("id", "t"), cl1 = "id", cl2 = c("id", "t"), index = c("id", "t"), effect = "twoways",
    slopes = c("x1", "x2"))
)

rhs_dummies <- function(m, fe = m$fe) paste(c(m$x, sprintf("factor(%s)", fe)), collapse = " + ")
fml_dummies <- function(m, fe = m$fe) as.formula(paste(m$y, "~", rhs_dummies(m, fe)))
fml_plain <- function(m) as.formula(paste(m$y, "~", paste(m$x, collapse = " + ")))
fml_text <- function(f) paste(deparse(f, width.cutoff = 500L), collapse = " ")

lm_info <- function(l) list(n = nobs(l), K = l$rank, n_coef_columns = length(coef(l)),
                            n_aliased = sum(is.na(coef(l))), df_residual = df.residual(l))

# =================================================================== leverage_multi_fe.json ====
leverage_case <- function(m, label, note, fe = m$fe, weights = NULL) {
  f <- fml_dummies(m, fe)
  dat <- m$data
  l <- if (is.null(weights)) lm(f, data = dat) else {
    dat$.w <- eval(parse(text = weights), dat)
    lm(f, data = dat, weights = .w)
  }
  h <- hatvalues(l)
  stopifnot(max(h) < 1 - 1e-8)
  blocks <- lapply(c(HC2 = "HC2", HC3 = "HC3"), function(type) {
    V <- vcovHC(l, type = type)
    ct <- coeftest(l, vcov. = V)
    slope_block(
      tool = ver("sandwich"),
      label = sprintf("sandwich::vcovHC(lm, type = '%s')", type),
      note = sprintf("lm(%s%s); p from t(df.residual(lm)) as lmtest::coeftest gives", fml_text(f),
                     if (is.null(weights)) "" else sprintf(", weights = %s", weights)),
      est = coef(l), V = V, df = df.residual(l), slopes = m$slopes,
      se_given = ct[, "Std. Error"], p_given = ct[, "Pr(>|t|)"])
  })
  c(list(label = label, note = note, data_file = m$data_file,
         formula = fml_text(f), weights = if (is.null(weights)) "none" else weights, fixed_effects = I(fe)),
    lm_info(l),
    list(fe_levels = lapply(setNames(fe, fe), function(v) n_groups(dat[[v]])),
         hat_max = max(h), hat_first10 = I(unname(h[1:10]))),
    blocks)
}

leverage <- list(
  case = "leverage_multi_fe",
  versions = versions,
  conventions = list(
    HC2 = "B [sum_i e_i^2 / (1 - h_i) x_i x_i'] B, B = (X'X)^-1, h_i the diagonal of X B X' (hatvalues(lm)); no further factor",
    HC3 = "B [sum_i e_i^2 / (1 - h_i)^2 x_i x_i'] B",
    weighted = "with lm weights w: x_i -> sqrt(w_i) x_i and e_i -> sqrt(w_i) e_i, h_i the weighted leverage (hatvalues of the weighted lm)",
    dummies = "every fixed effect is a set of dummies in X, so its leverage enters h_i; only the slopes' block of the variance is kept",
    p = "t with df.residual(lm) = n - K degrees of freedom, K = rank of X (dummies and intercept included)"),
  grunfeld_twfe = leverage_case(models$grunfeld_twfe, "Grunfeld, firm + year dummies",
                                "lm(inv ~ value + capital + factor(firm) + factor(year))"),
  produc_twfe = leverage_case(models$produc_twfe, "Produc, state + year dummies",
                              "lm(log(gsp) ~ log(pcap) + log(emp) + unemp + factor(state) + factor(year))"),
  produc_twfe_weighted = leverage_case(models$produc_twfe, "Produc, state + year dummies, weights emp/1000",
                                       "weighted lm, weights = emp/1000 (emp in the file's units)",
                                       weights = "emp/1000"),
  disconnected_twfe = leverage_case(models$disconnected_twfe, "disconnected.csv, id + t dummies (3 components)",
                                    "lm(y ~ x1 + x2 + factor(id) + factor(t)); the (id, t) graph has 3 connected components, so 2 dummy columns are aliased (NA) and dropped by lm"),
  grunfeld_threefe = leverage_case(models$grunfeld_twfe, "Grunfeld, firm + year + g3 dummies",
                                   "g3 = (row index - 1) %% 7 as a factor, the row index being 1..200 in the order of grunfeld.csv (sorted by firm, then year)",
                                   fe = c("firm", "year", "g3"))
)
write_fixture(leverage, "leverage_multi_fe.json")

# ======================================================================== cr3_multi_fe.json ====
# clubSandwich's CR3 solves (I - H_gg) u = e_g with solve(). When a fixed effect is nested in the
# cluster (firm dummies with firm clusters, ...), the cluster's own dummy makes I - H_gg exactly
# singular ((I - H_gg) 1_g = 0): solve() then either stops or returns rounding noise. So for those
# cases this file stores what clubSandwich did, and the slopes' CR3 computed exactly as the
# leave-one-cluster-out jackknife, sum_g (b_(g) - b)(b_(g) - b)' from lm refits without cluster g
# (which is what B X_g' (I - H_gg)^-1 e_g equals whenever the inverse exists), checked against
# B [sum_g X_g' (I - H_gg)^+ e_g e_g' (I - H_gg)^+ X_g] B with the Moore-Penrose inverse (MASS::ginv).
# Clusters that nest no fixed effect keep I - H_gg invertible; there clubSandwich's CR3 is stored
# and checked against the same jackknife.
cr3_pieces <- function(l, f, dat, cl, sl) {
  b <- coef(l)
  cl_v <- dat[[cl]]
  J <- sapply(sort(unique(cl_v)), function(k) {
    bk <- coef(lm(f, data = dat[cl_v != k, , drop = FALSE]))[sl]
    stopifnot(all(is.finite(bk)))
    bk - b[sl]
  })
  V_jk <- J %*% t(J)
  dimnames(V_jk) <- list(sl, sl)
  X <- model.matrix(l)[, !is.na(b), drop = FALSE]
  e <- resid(l)
  B <- solve(crossprod(X))
  M <- 0
  min_eig <- Inf
  for (k in sort(unique(cl_v))) {
    i <- cl_v == k
    Xg <- X[i, , drop = FALSE]
    A <- diag(sum(i)) - Xg %*% B %*% t(Xg)
    min_eig <- min(min_eig, min(eigen(A, symmetric = TRUE, only.values = TRUE)$values))
    s <- crossprod(Xg, MASS::ginv(A) %*% e[i])
    M <- M + s %*% t(s)
  }
  V_pinv <- (B %*% M %*% B)[sl, sl]
  list(V_jk = V_jk, V_pinv = V_pinv, min_eig = min_eig)
}

cr3_case <- function(m, cl, label, cl_note = NULL) {
  f <- fml_dummies(m)
  dat <- m$data
  l <- lm(f, data = dat)
  sl <- m$slopes
  G <- n_groups(dat[[cl]])
  pc <- cr3_pieces(l, f, dat, cl, sl)
  check_close(pc$V_pinv, pc$V_jk, paste(label, "jackknife = Moore-Penrose CR3"), 1e-8)
  nested <- pc$min_eig < 1e-8
  cs <- tryCatch({
    V <- vcovCR(l, cluster = dat[[cl]], type = "CR3")
    ct <- as.data.frame(coef_test(l, vcov = "CR3", cluster = dat[[cl]], test = "naive-t"))
    rownames(ct) <- ct$Coef
    list(V = V, ct = ct)
  }, error = function(e) conditionMessage(e))
  head <- c(list(label = label, data_file = m$data_file, formula = fml_text(f), fixed_effects = I(m$fe),
                 cluster = cl),
            if (!is.null(cl_note)) list(cluster_note = cl_note),
            lm_info(l),
            list(G = G, fe_nested_in_cluster = nested, min_eigenvalue_I_minus_Hgg = pc$min_eig))
  jk <- slope_block(
    tool = sprintf("stats::lm (R %s) refits", versions$R),
    label = sprintf("leave-one-cluster-out jackknife over %s: sum_g (b_(g) - b)(b_(g) - b)', b_(g) from lm(%s) without cluster g; p from t(G - 1)", cl, fml_text(f)),
    note = "the slopes' CR3 computed exactly; equals B [sum_g X_g' (I - H_gg)^+ e_g e_g' (I - H_gg)^+ X_g] B with the Moore-Penrose inverse (checked to 1e-8), and clubSandwich's CR3 when I - H_gg is invertible",
    est = coef(l), V = pc$V_jk, df = G - 1, slopes = sl, extra = list(G = G))
  cs_label <- sprintf("clubSandwich::vcovCR(lm, cluster = %s, type = 'CR3'); p from clubSandwich::coef_test(lm, vcov = 'CR3', cluster = %s, test = 'naive-t'), i.e. t(G - 1)", cl, cl)
  if (nested) {
    outcome <- if (is.character(cs)) sprintf("stopped with the error: %s", cs) else {
      d <- rel_diff(sqrt(diag(as.matrix(cs$V)[sl, sl])), sqrt(diag(pc$V_jk)))
      sprintf("returned without an error, but its slope SEs differ from the exact CR3 by up to %.1f%% (rounding noise from solving a singular system); not stored", 100 * d)
    }
    c(head, list(clubSandwich_CR3 = list(tool = ver("clubSandwich"), label = cs_label,
                                         outcome = outcome, stored = FALSE),
                 CR3 = jk))
  } else {
    if (is.character(cs)) stop(label, ": clubSandwich failed: ", cs)
    p_cs <- setNames(cs$ct[sl, grep("^p_", names(cs$ct))[1]], sl)
    se_cs <- setNames(cs$ct[sl, "SE"], sl)
    blk <- slope_block(
      tool = ver("clubSandwich"), label = cs_label,
      note = "no small-sample factor beyond the cluster jackknife; the dummies are columns of X, so they enter H_gg",
      est = coef(l), V = cs$V, df = G - 1, slopes = sl, se_given = se_cs, p_given = p_cs, extra = list(G = G))
    check_close(blk$vcov, jk$vcov, paste(label, "clubSandwich CR3 = jackknife"), 1e-8)
    c(head, list(CR3 = blk, CR3_jackknife = jk))
  }
}

produc$c10 <- (seq_len(nrow(produc)) - 1) %% 10
disconnected$c6 <- (seq_len(nrow(disconnected)) - 1) %% 6
models$produc_twfe$data <- produc
models$disconnected_twfe$data <- disconnected

cr3 <- list(
  case = "cr3_multi_fe",
  versions = versions,
  conventions = list(
    CR3 = "V = B [sum_g X_g' (I - H_gg)^-1 e_g e_g' (I - H_gg)^-1 X_g] B, B = (X'X)^-1, H_gg = X_g B X_g', X with the dummies; no further small-sample factor",
    nested = "when a fixed effect is nested in the cluster, I - H_gg is singular; the slopes' CR3 is still defined, as the leave-one-cluster-out jackknife (equivalently with the Moore-Penrose inverse). clubSandwich 0.5.8 does not handle this case (it uses solve()), so those cases store the jackknife and record what clubSandwich did",
    p = "t with G - 1 degrees of freedom (as clubSandwich's coef_test 'naive-t')"),
  grunfeld_twfe_cl_firm = cr3_case(models$grunfeld_twfe, "firm", "Grunfeld, firm + year dummies, cluster firm"),
  grunfeld_twfe_cl_year = cr3_case(models$grunfeld_twfe, "year", "Grunfeld, firm + year dummies, cluster year"),
  produc_twfe_cl_state = cr3_case(models$produc_twfe, "state", "Produc, state + year dummies, cluster state"),
  disconnected_twfe_cl_id = cr3_case(models$disconnected_twfe, "id", "disconnected.csv, id + t dummies, cluster id"),
  grunfeld_twfe_cl_g3 = cr3_case(models$grunfeld_twfe, "g3", "Grunfeld, firm + year dummies, cluster g3",
                                 "g3 = (row index - 1) %% 7, row index 1..200 in the order of grunfeld.csv; nests neither firm nor year"),
  produc_twfe_cl_c10 = cr3_case(models$produc_twfe, "c10", "Produc, state + year dummies, cluster c10",
                                "c10 = (row index - 1) %% 10, row index 1..816 in the order of produc.csv; nests neither state nor year"),
  disconnected_twfe_cl_c6 = cr3_case(models$disconnected_twfe, "c6", "disconnected.csv, id + t dummies, cluster c6",
                                     "c6 = (row index - 1) %% 6, row index 1..108 in the order of disconnected.csv; nests neither id nor t")
)
write_fixture(cr3, "cr3_multi_fe.json")

# ========================================================================= conventions.json ====
conv_case <- function(m, label, note = NULL) {
  f <- fml_dummies(m)
  dat <- m$data
  l <- lm(f, data = dat)
  sl <- m$slopes
  n <- nobs(l); K <- l$rank; dfr <- df.residual(l)
  G1 <- n_groups(dat[[m$cl1]])
  cl2_f <- as.formula(paste("~", paste(m$cl2, collapse = " + ")))
  out <- list()

  # ---- lm / sandwich
  s <- summary(l)
  out$lm_iid <- slope_block(
    sprintf("stats::lm (R %s)", versions$R), "summary(lm)", "classical variance sigma^2 (X'X)^-1, sigma^2 = RSS / (n - K); p from t(n - K)",
    coef(l), vcov(l), dfr, sl, se_given = s$coefficients[, "Std. Error"], p_given = s$coefficients[, "Pr(>|t|)"],
    extra = list(K = K))
  V <- vcovHC(l, type = "HC1")
  out$lm_hc1 <- slope_block(
    ver("sandwich"), "sandwich::vcovHC(lm, type = 'HC1'); lmtest::coeftest df = df.residual(lm)",
    "HC0 x n / (n - K), K = rank of X with the dummies",
    coef(l), V, dfr, sl, p_given = coeftest_p(l, vcov. = V), extra = list(K = K))
  V <- vcovCL(l, cluster = dat[m$cl1], type = "HC1", cadjust = TRUE)   # same as cluster = ~cl1
  out$lm_cluster <- slope_block(
    ver("sandwich"), sprintf("sandwich::vcovCL(lm, cluster = ~%s, type = 'HC1', cadjust = TRUE); df = df.residual(lm)", m$cl1),
    "G/(G - 1) x (n - 1)/(n - K) x B [sum_g s_g s_g'] B, K = rank of X with the dummies",
    coef(l), V, dfr, sl, p_given = coeftest_p(l, vcov. = V, df = dfr), extra = list(K = K, G = G1))
  V <- vcovCL(l, cluster = dat[m$cl2], multi0 = FALSE)   # same as cluster = ~cl2a + cl2b
  Gs <- lapply(setNames(m$cl2, m$cl2), function(v) n_groups(dat[[v]]))
  Gs$intersection <- n_groups(paste(dat[[m$cl2[1]]], dat[[m$cl2[2]]]))
  out$lm_cluster2 <- slope_block(
    ver("sandwich"), sprintf("sandwich::vcovCL(lm, cluster = %s, multi0 = FALSE) (type defaults to 'HC1', cadjust to TRUE); df = df.residual(lm)", fml_text(cl2_f)),
    "V_a + V_b - V_ab (Cameron-Gelbach-Miller), each one-way term with its own G/(G - 1) and (n - 1)/(n - K); V_ab clusters by the intersection cells (multi0 = FALSE: the intersection term is not replaced by HC0)",
    coef(l), V, dfr, sl, p_given = coeftest_p(l, vcov. = V, df = dfr), extra = list(K = K, G = Gs))

  # ---- plm
  pf <- fml_plain(m)
  pdat <- pdata.frame(dat, index = m$index)
  p <- plm(pf, data = pdat, model = "within", effect = m$effect)
  check_close(coef(p)[sl], coef(l)[sl], paste(label, "plm slopes = lm slopes"), 1e-9)
  pK <- length(coef(p)); pdf <- df.residual(p)
  ps <- summary(p)
  plm_note <- sprintf("plm(%s, model = 'within', effect = '%s', index = c('%s', '%s')); p from t(df.residual(plm)) = t(%d), as lmtest::coeftest gives",
                      fml_text(pf), m$effect, m$index[1], m$index[2], pdf)
  plm_extra <- list(n_coef = pK, df_residual = pdf)
  out$plm_iid <- slope_block(
    ver("plm"), "summary(plm) default", paste0(plm_note, "; classical variance with sigma^2 = RSS / df.residual(plm)"),
    coef(p), vcov(p), pdf, sl, se_given = ps$coefficients[, "Std. Error"], p_given = ps$coefficients[, "Pr(>|t|)"],
    extra = plm_extra)
  V <- plm::vcovHC(p, method = "white1", type = "HC0")
  out$plm_hc0 <- slope_block(
    ver("plm"), "plm::vcovHC(plm, method = 'white1', type = 'HC0')", plm_note,
    coef(p), V, pdf, sl, p_given = coeftest_p(p, vcov. = V), extra = plm_extra)
  V <- plm::vcovHC(p)
  out$plm_cluster <- slope_block(
    ver("plm"), "plm::vcovHC(plm) defaults (method = 'arellano', type = 'HC0', cluster = 'group')", plm_note,
    coef(p), V, pdf, sl, p_given = coeftest_p(p, vcov. = V), extra = c(plm_extra, list(G = G1)))
  V <- plm::vcovHC(p, type = "sss")
  out$plm_sss <- slope_block(
    ver("plm"), "plm::vcovHC(plm, type = 'sss') (method = 'arellano', cluster = 'group')",
    paste0(plm_note, "; sss = HC0 x G/(G - 1) x (n - 1)/(n - n_coef), n_coef = number of slopes only"),
    coef(p), V, pdf, sl, p_given = coeftest_p(p, vcov. = V), extra = c(plm_extra, list(G = G1)))
  check_close(out$plm_sss$vcov, out$plm_cluster$vcov * G1 / (G1 - 1) * (n - 1) / (n - pK),
              paste(label, "plm sss = HC0 x G/(G-1) x (n-1)/(n-n_coef)"))
  if (m$effect == "twoways") {
    V <- plm::vcovDC(p)
    out$plm_dc <- slope_block(
      ver("plm"), "plm::vcovDC(plm) defaults (type = 'HC0')",
      paste0(plm_note, "; double clustering: V_group + V_time - V_white (HC0, no small-sample factor)"),
      coef(p), V, pdf, sl, p_given = coeftest_p(p, vcov. = V),
      extra = c(plm_extra, list(G = Gs[m$cl2])))
  }

  # ---- estimatr
  r <- lm_robust(f, data = dat, clusters = eval(as.name(m$cl1)), se_type = "stata")
  rdf <- unique(r$df[sl]); stopifnot(length(rdf) == 1)
  out$stata_areg_cluster <- slope_block(
    ver("estimatr"), sprintf("estimatr::lm_robust(%s, clusters = %s, se_type = 'stata')", fml_text(f), m$cl1),
    "Stata areg-style CR1 with the dummies in X: G/(G - 1) x (n - 1)/(n - K), K = rank of X with the dummies; p from t(G - 1)",
    r$coefficients, r$vcov, rdf, sl, se_given = r$std.error, p_given = r$p.value,
    extra = list(K = r$rank, G = r$nclusters, n = r$nobs))
  r <- lm_robust(f, data = dat, se_type = "HC1")
  rdf <- unique(r$df[sl]); stopifnot(length(rdf) == 1)
  out$stata_hc1 <- slope_block(
    ver("estimatr"), sprintf("estimatr::lm_robust(%s, se_type = 'HC1')", fml_text(f)),
    "HC0 x n/(n - K), K = rank of X with the dummies; p from t(n - K)",
    r$coefficients, r$vcov, rdf, sl, se_given = r$std.error, p_given = r$p.value,
    extra = list(K = r$rank, n = r$nobs))

  # cross-checks between tools
  n_fe_plm <- sum(vapply(m$index[seq_len(if (m$effect == "twoways") 2 else 1)], function(v) n_groups(dat[[v]]), 0)) -
    (m$effect == "twoways")
  stopifnot(pdf == n - pK - n_fe_plm)                   # plm's df: one parameter per level, minus one if two-way
  check_close(out$stata_hc1$vcov, out$lm_hc1$vcov, paste(label, "estimatr HC1 = sandwich HC1"))
  check_close(out$stata_areg_cluster$vcov, out$lm_cluster$vcov, paste(label, "estimatr stata = sandwich vcovCL HC1"))
  stopifnot(!isTRUE(all.equal(out$lm_hc1$se, out$lm_iid$se)))

  c(list(label = label), if (!is.null(note)) list(note = note),
    list(data_file = m$data_file, formula_lm = fml_text(f), formula_plm = fml_text(pf),
         fixed_effects = I(m$fe), n = n, lm_K = K, lm_n_coef_columns = length(coef(l)),
         lm_n_aliased = sum(is.na(coef(l))), lm_df_residual = dfr,
         G = c(Gs[setdiff(names(Gs), "intersection")], list(intersection = Gs$intersection)),
         plm_effect = m$effect, plm_n_coef = pK, plm_df_residual = pdf),
    out)
}

conv <- list(
  case = "conventions",
  versions = versions,
  conventions = list(
    K = "lm_K is the rank of the lm design with intercept and dummies (aliased columns dropped); plm_n_coef is the number of slopes plm estimates",
    df = "each block's df is the t degrees of freedom its p uses: df.residual(lm) for lm/sandwich, df.residual(plm) for plm (lmtest::coeftest convention), G - 1 for estimatr 'stata', n - K for estimatr 'HC1'",
    G = "G lists the number of clusters of each clustering variable, and of their intersection cells"),
  grunfeld_firm = conv_case(models$grunfeld_firm, "Grunfeld, inv ~ value + capital, firm FE"),
  grunfeld_twfe = conv_case(models$grunfeld_twfe, "Grunfeld, inv ~ value + capital, firm + year FE"),
  produc_twfe = conv_case(models$produc_twfe, "Produc, log(gsp) ~ log(pcap) + log(emp) + unemp, state + year FE"),
  disconnected_twfe = conv_case(models$disconnected_twfe, "disconnected.csv, y ~ x1 + x2, id + t FE (3 components)",
    paste("the (id, t) graph has 3 connected components: the 30 + 12 dummies have rank 30 + 12 - 3 = 39, so lm_K = 2 + 39 = 41",
          "(2 of lm's 43 columns aliased) and df.residual(lm) = 108 - 41 = 67. plm counts N + T - 1 = 41 fixed-effect parameters",
          "whatever the components, so df.residual(plm) = 108 - 2 - 41 = 65: the slopes agree, but plm's sigma^2 and t df differ from lm's"))
)
write_fixture(conv, "conventions.json")

# ------------------------------------------------------------------------- round trip ----
# the JSON numbers must read back as the very doubles computed above
same <- function(a, b) identical(dim(a), dim(b)) && identical(as.vector(unclass(a)), as.vector(unclass(b)))
back <- list(fromJSON("leverage_multi_fe.json"), fromJSON("cr3_multi_fe.json"), fromJSON("conventions.json"))
stopifnot(same(back[[3]]$produc_twfe$lm_cluster$vcov, conv$produc_twfe$lm_cluster$vcov),
          same(back[[3]]$disconnected_twfe$plm_dc$p, conv$disconnected_twfe$plm_dc$p),
          same(back[[2]]$produc_twfe_cl_c10$CR3$vcov, cr3$produc_twfe_cl_c10$CR3$vcov),
          same(back[[1]]$produc_twfe_weighted$HC3$vcov, leverage$produc_twfe_weighted$HC3$vcov),
          same(back[[1]]$grunfeld_threefe$hat_first10, leverage$grunfeld_threefe$hat_first10))
message("done")
