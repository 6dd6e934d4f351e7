# The wild restricted efficient bootstrap (WRE; Davidson and MacKinnon 2010, JBES 28(1)) by brute force:
# every one of the 2^G Rademacher sign vectors, the bootstrap sample built in the original (dummy-variable)
# space, and 2SLS refitted by plain matrix algebra on each. Fixed effects enter as dummies. The CR1 factor
# kappa is fixest's: the ratio of fixest's clustered variance to the unscaled sandwich of the same fit, so the
# statistic is the model's t under its own small-sample rules.
#
# Writes wre.csv (the data) and wre.json (per case: estimate, fixest's clustered SE, t, p-values, sorted t*).
# Run: R_LIBS=<lib with fixest> Rscript make_wre.R   (from this directory)
suppressPackageStartupMessages(library(fixest))
library(jsonlite)

set.seed(20101)
G <- 10; per <- 20; n <- G * per
cl <- rep(seq_len(G), each = per)
firm <- (cl - 1) * 4 + rep(rep(1:4, each = 5), G)       # 4 firms per cluster: nested in cl
year <- rep(1:5, n / 5)                                 # years cross the clusters: not nested
w1 <- rnorm(n); z1 <- rnorm(n); z2 <- rnorm(n)
a_cl <- rnorm(G)[cl]; a_firm <- rnorm(4 * G)[firm]; a_year <- rnorm(5)[year]
e2 <- rnorm(n); u <- 0.6 * e2 + 0.8 * rnorm(n) + 0.5 * rnorm(G)[cl]
x <- 0.6 * z1 + 0.4 * z2 + 0.3 * w1 + a_firm + 0.5 * a_year + e2
y <- 1 + 0.4 * x + 0.5 * w1 + a_firm + a_year + u
wt <- 0.5 + runif(n)
d <- data.frame(cl, firm, year, y, x, w1, z1, z2, wt)
write.csv(d, "wre.csv", row.names = FALSE)
d <- read.csv("wre.csv")  # the numbers exactly as the tests read them

dummies <- function(f) { f <- factor(f); m <- model.matrix(~ f - 1); colnames(m) <- paste0("fe", seq_len(ncol(m))); m }

wre <- function(case) {
  y <- d$y; x <- d$x; g <- d$cl; n <- nrow(d)
  sw <- if (is.null(case$weights)) rep(1, n) else sqrt(d[[case$weights]])
  W <- cbind(as.matrix(d[, case$exog, drop = FALSE]))
  if (is.null(case$fe)) W <- cbind(1, W) else W <- cbind(W, dummies(d[[case$fe]]))
  Z <- as.matrix(d[, case$inst, drop = FALSE])
  Q <- cbind(Z, W)
  # Weighted least squares is least squares on sqrt(w)-scaled rows.
  ys <- y * sw; xs <- x * sw; Ws <- W * sw; Qs <- Q * sw
  PQ <- Qs %*% solve(crossprod(Qs), t(Qs))
  tsls <- function(ys, xs) {
    X <- cbind(xs, Ws); Xh <- PQ %*% X
    A <- solve(crossprod(Xh, X))
    b <- A %*% crossprod(Xh, ys)
    e <- ys - X %*% b
    s <- rowsum(Xh * as.vector(e), g)
    meat <- crossprod(s)
    V <- A %*% meat %*% A
    list(b = b[1], v = V[1, 1])
  }
  f <- if (is.null(case$fe)) "" else paste0("| ", case$fe, " ")
  fml <- as.formula(paste0("y ~ ", paste(case$exog, collapse = " + "), " ", f, "| x ~ ", paste(case$inst, collapse = " + ")))
  fx <- if (is.null(case$weights)) feols(fml, d, cluster = ~cl) else feols(fml, d, cluster = ~cl, weights = d[[case$weights]])
  se_fixest <- unname(se(fx)["fit_x"])
  orig <- tsls(ys, xs)
  kappa <- se_fixest^2 / orig$v
  r <- case$null
  # WRE: the DGP imposes beta = r; WUE (type unrestricted): the DGP is the 2SLS fit, beta = estimate, and the
  # draws' t* are centred on it. The structural residuals: y - x rd on W (for rd = estimate these are the 2SLS
  # residuals, since W'e = 0 in 2SLS); the efficient reduced form: x on Q and those residuals.
  unrestricted <- identical(case$type, "unrestricted")
  rd <- if (unrestricted) orig$b else r
  ut <- lm.fit(Ws, ys - rd * xs)$residuals
  rf <- lm.fit(cbind(Qs, ut), xs)$coefficients
  Pi <- rf[seq_len(ncol(Qs))]
  vt <- xs - Qs %*% Pi
  t0 <- (orig$b - r) / sqrt(kappa * orig$v)
  tstar <- numeric(2^G)
  for (b in 0:(2^G - 1)) {
    v <- 1 - 2 * bitwAnd(bitwShiftR(b, 0:(G - 1)), 1)
    vi <- v[g]
    xst <- xs + vt * (vi - 1)
    yst <- ys + (xst - xs) * rd + ut * (vi - 1)
    fb <- tsls(yst, xst)
    tstar[b + 1] <- (fb$b - rd) / sqrt(kappa * fb$v)
  }
  # hdfe's tie rule: a draw within a relative 1e-12 of t counts as at least as extreme.
  tol <- 1e-12 * abs(t0)
  lower <- mean(tstar <= t0 + tol); upper <- mean(tstar >= t0 - tol)
  list(
    name = case$name, formula = deparse1(fml), null = r, type = if (unrestricted) "unrestricted" else "restricted", weights = if (is.null(case$weights)) NULL else case$weights,
    estimate = orig$b, std_error_fixest = se_fixest, kappa = kappa, statistic = t0,
    p_symmetric = mean(abs(tstar) >= abs(t0) - tol), p_equal_tailed = min(1, 2 * min(lower, upper)),
    p_lower = lower, p_upper = upper, reps = 2^G, tstar_sorted = sort(tstar)
  )
}

cases <- list(
  list(name = "no FE, over-identified", exog = "w1", inst = c("z1", "z2"), null = 0),
  list(name = "no FE, null 0.4", exog = "w1", inst = c("z1", "z2"), null = 0.4),
  list(name = "firm FE nested in clusters", exog = "w1", inst = c("z1", "z2"), fe = "firm", null = 0),
  list(name = "year FE across clusters", exog = "w1", inst = "z1", fe = "year", null = 0.3),
  list(name = "year FE across clusters, weighted", exog = "w1", inst = c("z1", "z2"), fe = "year", null = 0, weights = "wt"),
  list(name = "WUE (unrestricted), year FE across clusters", exog = "w1", inst = c("z1", "z2"), fe = "year", null = 0.1, type = "unrestricted"),
  list(name = "WUE (unrestricted), no FE", exog = "w1", inst = "z1", null = 0, type = "unrestricted")
)
out <- lapply(cases, wre)
writeLines(toJSON(list(source = "tests/golden/wre/make_wre.R", fixest = as.character(packageVersion("fixest")),
  R = R.version.string, clusters = G, cases = out), digits = I(17), auto_unbox = TRUE, null = "null"), "wre.json")
