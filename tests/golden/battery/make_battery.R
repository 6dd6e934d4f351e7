# Random models against R fixest 0.12: random small datasets (10-300 rows) with nested, partly nested and
# combined fixed effects, singletons, collinear regressors, weights, missing values, non-positive values under
# log/sqrt, i() interactions, varying slopes, IV with fixed effects, Poisson with all-zero fixed-effect levels,
# and every variance type (iid, hetero, one- and two-way cluster, Newey-West and Driscoll-Kraay on panels).
# Output: battery.json (each dataset's columns; each case: the model, the options in hdfe's terms, and
# fixest's numbers, its error, or its warnings).
# Run from this directory: R_LIBS=<fixest library> Rscript make_battery.R
suppressMessages(library(fixest))
setFixest_nthreads(1)
setFixest_notes(FALSE)

# A minimal exact JSON writer (numbers %.17g, NA as null, vectors marked `arr` stay arrays).
json <- function(v) {
  if (is.null(v)) return("null")
  if (is.list(v)) {
    if (!is.null(names(v))) return(paste0("{", paste0('"', names(v), '":', vapply(v, json, ""), collapse = ","), "}"))
    return(paste0("[", paste(vapply(v, json, ""), collapse = ","), "]"))
  }
  el <- if (is.character(v)) ifelse(is.na(v), "null", paste0('"', gsub('"', '\\\\"', v), '"'))
        else if (is.logical(v)) ifelse(is.na(v), "null", ifelse(v, "true", "false"))
        else ifelse(is.finite(v), sprintf("%.17g", v), "null")
  if (length(v) == 1 && is.null(attr(v, "array"))) el else paste0("[", paste(el, collapse = ","), "]")
}
arr <- function(v) structure(v, array = TRUE)

set.seed(20261130)
NDATA <- 90
NDATA2 <- 40

# One random dataset. `kind`: tiny (10-30 rows), small, or panel (id x t, unbalanced).
make_data <- function(kind) {
  if (kind == "panel") {
    nid <- sample(5:14, 1); nt <- sample(4:9, 1)
    d <- expand.grid(t = 1:nt, id = 1:nid)
    d <- d[runif(nrow(d)) > 0.12, c("id", "t")]
    n <- nrow(d)
  } else {
    n <- if (kind == "tiny") sample(10:30, 1) else sample(40:300, 1)
    d <- data.frame(id = sample.int(max(2, n %/% 5), n, replace = TRUE), t = sample.int(6, n, replace = TRUE))
  }
  na <- sample(2:6, 1)
  nb <- max(na + 1, sample(3:max(4, n %/% 3), 1))
  home <- c(1:na, sample.int(na, nb - na, replace = TRUE))    # b nested in a
  bb <- sample.int(nb, n, replace = TRUE)
  d$b <- paste0("b", bb)
  d$a <- paste0("a", home[bb])
  d$c <- sample(c("u", "v", "w", "x", "y", "z")[1:sample(2:6, 1)], n, replace = TRUE)
  pp <- bb; move <- which(runif(n) < 0.2); pp[move] <- sample.int(nb, length(move), replace = TRUE)
  d$p <- paste0("p", pp)                                        # partly nested in a
  d$f <- sample(c(-2L, -1L, 0L, 1L, 2L)[1:sample(3:5, 1)], n, replace = TRUE)
  d$f2 <- sample(c("lo", "hi", "mid")[1:sample(2:3, 1)], n, replace = TRUE)
  d$x1 <- rnorm(n); d$x2 <- rnorm(n, 1, 2)
  d$x3 <- if (runif(1) < 0.5) d$x1 + d$x2 else 2 * d$x1            # collinear with x1 (+ x2)
  d$xa <- ave(rnorm(n), d$a)                                     # constant within a
  d$xpos <- exp(rnorm(n)); d$xpos[sample.int(n, sample(0:2, 1))] <- 0
  d$xpos2 <- rnorm(n, 2); # some negative: sqrt drops them
  d$z1 <- rnorm(n); d$z2 <- rnorm(n); d$z3 <- rnorm(n)
  u <- rnorm(n)
  d$e1 <- d$z1 + 0.5 * d$z2 + 0.5 * u + rnorm(n)
  d$e2 <- d$z2 - d$z3 + 0.3 * u + rnorm(n)
  fa <- rnorm(na)[as.integer(factor(d$a))]; fc <- rnorm(6)[as.integer(factor(d$c))]
  d$y <- 1 + 0.5 * d$x1 - 0.3 * d$x2 + d$e1 - 0.5 * d$e2 + fa + fc + u + 0.2 * d$id
  # Poisson outcome; one level of c and one of b are zero throughout (fixest drops them).
  mu <- exp(0.3 + 0.4 * d$x1 - 0.2 * d$x2 + 0.5 * fc)
  d$yc <- rpois(n, mu)
  d$yc[d$c == "u"] <- 0
  d$yc[d$b == d$b[1]] <- 0
  d$yperf <- 2 * d$x1 - d$x2 + fc                               # a perfect fit with | c
  d$w <- runif(n, 0.2, 3)
  if (runif(1) < 0.3) d$w[sample.int(n, 1)] <- 0
  # Missing values in a few columns.
  for (col in c("x1", "y", "a", "c", "x2", "yc", "w")) {
    if (runif(1) < 0.35) d[[col]][sample.int(n, sample(1:max(1, n %/% 15), 1))] <- NA
  }
  d$id <- as.integer(d$id); d$t <- as.integer(d$t)
  d
}

# Model templates: fixest formula (hdfe reads the same), estimator, and which variances make sense.
OLS <- c("y ~ x1 + x2", "y ~ x1 + x2 | a", "y ~ x1 + x2 | a + b", "y ~ x1 | b + a", "y ~ x1 + x2 | a + p",
         "y ~ x1 + x2 | a + c + b", "y ~ x1 | a^c", "y ~ x1 + x2 | a^c + c", "y ~ x1 + x2 + x3 | c",
         "y ~ x1 + x2 + x3", "y ~ log(xpos) + sqrt(xpos2) + x1 | c", "y ~ log(xpos) + x2",
         "y ~ i(f, x1) | c", "y ~ x2 + i(f, x1, ref = REF) | c", "y ~ x1 + i(f, i.f2) | c", "y ~ x1 + i(f)",
         "y ~ x2 + i(f, ref = REF) | a", "y ~ x1 | c[x2]", "y ~ x1 | c[[x2]] + a", "y ~ x1 + xa | a", "y ~ xa | a",
         "yperf ~ x1 + x2 | c", "y ~ x1 + x2 | b")
IV <- c("y ~ x1 | c | e1 ~ z1 + z2", "y ~ x1 | a + c | e1 + e2 ~ z1 + z2 + z3", "y ~ x1 | e1 ~ z1",
        "y ~ x2 | a | e1 ~ z1", "y ~ x1 | c | e1 + e2 ~ z1")
POIS <- c("yc ~ x1 + x2 | c", "yc ~ x1 | a + c", "yc ~ x1 + x2", "yc ~ x1 + x2 | b", "yc ~ x1 | c + a^f2")
PANEL <- c("y ~ x1 + x2 | id + t", "y ~ x1 + x2 | id", "y ~ x1 + x2")

hdfe_vcov <- function(v) switch(v, iid = list(vcov = "iid"), hetero = list(vcov = "hetero"),
  cl_a = list(vcov = "cluster", cluster = arr("a")), cl_c = list(vcov = "cluster", cluster = arr("c")),
  cl_ac = list(vcov = "cluster", cluster = arr(c("a", "c"))), cl_id = list(vcov = "cluster", cluster = arr("id")),
  cl_idt = list(vcov = "cluster", cluster = arr(c("id", "t"))), NW = list(vcov = "NW"), DK = list(vcov = "DK"))
fixest_vcov <- function(v) switch(v, iid = "iid", hetero = "hetero", cl_a = ~a, cl_c = ~c, cl_ac = ~a + c,
  cl_id = ~id, cl_idt = ~id + t, NW = "NW", DK = "DK")

# fixest's Poisson variance is formed with the IRLS weights of the iteration before the last, so its SEs sit
# up to a few 1e-6 (relative) from those at the converged means. glm with the fixed effects as dummies, on
# fixest's sample, gives the latter: the same variance with fixest's small-sample factors (sandwich's HC0 and
# vcovCL without adjustment, times n/(n - K), or G/(G - 1) (n - 1)/(n - K) with fixest's K).
glm_se <- function(m, d, fml, v, weighted) {
  parts <- trimws(strsplit(fml, "|", fixed = TRUE)[[1]])
  rhs <- parts[1]
  if (length(parts) > 1) {
    fes <- trimws(strsplit(parts[2], "+", fixed = TRUE)[[1]])
    rhs <- paste(c(rhs, sprintf("factor(%s)", vapply(fes, function(f) if (grepl("\\^", f)) sprintf("paste(%s)", gsub("\\^", ", ", f)) else f, ""))), collapse = " + ")
  }
  s <- d[obs(m), ]
  wts <- if (weighted) s$w else NULL
  g <- glm(as.formula(rhs), poisson, s, weights = wts, control = glm.control(epsilon = 1e-15, maxit = 200))
  # glm's variance too uses the weights its last iteration started from: one more iteration from the
  # converged coefficients makes them the converged means'.
  g <- suppressWarnings(glm(as.formula(rhs), poisson, s, weights = wts, start = coef(g), control = glm.control(epsilon = 1e-15, maxit = 1)))
  n <- nobs(m); K <- m$nparams
  V <- switch(substr(v, 1, 2), ii = vcov(g) * (n - 1) / (n - K), he = sandwich::vcovHC(g, type = "HC0") * n / (n - K),
    cl = { cl <- s[[substring(v, 4)]]; G <- length(unique(cl))
           sandwich::vcovCL(g, cluster = cl, type = "HC0", cadjust = FALSE) * G / (G - 1) * (n - 1) / (n - unname(attr(vcov(m, attr = TRUE), "dof.K"))) })
  arr(unname(sqrt(diag(V))[names(coef(m))]))
}

run_case <- function(d, fml, est, v, weighted, singletons) {
  warns <- character(0)
  args <- list(fml = as.formula(fml), data = d, vcov = fixest_vcov(v), fixef.tol = 2.5e-12, fixef.iter = 1e5)
  if (weighted) args$weights <- ~w
  if (v %in% c("NW", "DK")) args$panel.id <- ~id + t
  if (est == "fepois") { args$glm.tol <- 1e-12; args$glm.iter <- 100; args$fixef.rm <- if (singletons) "both" else "perfect" }
  else if (singletons) args$fixef.rm <- "singleton"
  m <- tryCatch(withCallingHandlers(do.call(if (est == "fepois") fepois else feols, args),
                  warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") }),
                error = function(e) structure(conditionMessage(e), class = "err"))
  if (inherits(m, "err")) return(list(status = "error", message = gsub("\\s+", " ", unclass(m)), warnings = arr(warns)))
  ct <- suppressMessages(coeftable(m))
  V <- attributes(suppressMessages(vcov(m, attr = TRUE)))
  out <- list(status = "ok", warnings = arr(warns), nobs = nobs(m), nobs_origin = m$nobs_origin,
    removed = m$nobs_origin - nobs(m),
    fixef_removed = if (!is.null(m$obs_selection$obsRemoved)) NULL else NULL,
    collinear = arr(if (is.null(m$collin.var)) character(0) else gsub("\\s", "", m$collin.var)),
    terms = arr(gsub("\\s", "", rownames(ct))), estimate = arr(unname(ct[, 1])), se = arr(unname(ct[, 2])),
    stat = arr(unname(ct[, 3])), p = arr(unname(ct[, 4])), dof_k = unname(V$dof.K), nparams = m$nparams)
  if (est == "fepois") {
    # (glm knows neither i() nor varying slopes.)
    if (!grepl("i\\(|\\[", fml)) out$se_glm <- tryCatch(glm_se(m, d, fml, v, weighted), error = function(e) NULL)
    out$pseudo_r2 <- unname(fitstat(m, "pr2")[[1]])
    out$deviance <- m$deviance
    out$all_zero_removed <- sum(lengths(m$fixef_removed))
  } else {
    out$r2 <- unname(r2(m, "r2"))
    out$within_r2 <- if (length(m$fixef_vars)) unname(r2(m, "wr2")) else NULL
  }
  out
}

# A second round (datasets NDATA + 1 ...): interactions, transforms of the outcome, models without an
# intercept, i() and varying slopes with IV and Poisson, combined fixed effects on panels.
OLS2 <- c("y ~ x1 * x2 | c", "y ~ x1:x2 + x1 | a", "y ~ I(x1^2) + x1 + x2", "y ~ x1 + x2 - 1", "y ~ 0 + x1 + i(f2)",
          "log(yc) ~ x1 | c", "y ~ i(f) - 1", "y ~ x1 + i(f2, x2) | a + c", "y ~ x1 | c[x2] + a", "y ~ x1 | c[x1, x2]",
          "y ~ x2 | a^f2 + c", "y ~ x1 + x2 | a + b + c", "y ~ abs(x2) + exp(x1 / 4) | c", "sqrt(xpos) ~ x1 | a")
IV2 <- c("y ~ x2 + i(f2) | c | e1 ~ z1 + z2", "y ~ x1 | c[x2] | e1 ~ z1 + z2", "y ~ 1 | c | e1 ~ z1 + z2",
         "y ~ x1 | a^f2 | e1 + e2 ~ z1 + z2 + z3")
POIS2 <- c("yc ~ i(f2, x1) | c", "yc ~ x1 | c[x2]", "yc ~ x1 + i(f2) | a", "yc ~ log(xpos) + x1 | c", "yc ~ x1 * x2 | a")
PANEL2 <- c("y ~ x1 + x2 | id + t + c", "y ~ x1 | id^c + t", "y ~ x1 + i(f2) | id + t")

datasets <- list(); cases <- list()
for (r in 1:(NDATA + NDATA2)) {
  kind <- c("tiny", "small", "small", "panel")[(r - 1) %% 4 + 1]
  second <- r > NDATA
  if (r == NDATA + 1) set.seed(20261201)
  d <- make_data(kind)
  datasets[[r]] <- lapply(as.list(d), arr)
  flevels <- sort(unique(d$f))
  pick <- function(pool, k) sample(pool, min(k, length(pool)))
  specs <- c(lapply(pick(if (second) OLS2 else OLS, 4), function(f) list(f, "feols")),
             lapply(pick(if (second) IV2 else IV, 1), function(f) list(f, "feols")),
             lapply(pick(if (second) POIS2 else POIS, if (second) 2 else 1), function(f) list(f, "fepois")))
  if (kind == "panel") specs <- c(specs, lapply(pick(if (second) PANEL2 else PANEL, 2), function(f) list(f, "feols")))
  for (s in specs) {
    fml <- gsub("REF", as.character(sample(flevels, 1)), s[[1]])
    est <- s[[2]]
    pool <- c("iid", "hetero", "cl_a", "cl_c", "cl_ac")
    if (kind == "panel") pool <- c(pool, "cl_id", "cl_idt", if (est == "feols" && !grepl("\\|.*\\|", fml)) c("NW", "DK", "NW", "DK"))
    if (est == "fepois") pool <- c("iid", "hetero", "cl_a", "cl_c")
    v <- sample(pool, 1)
    weighted <- runif(1) < 0.25
    singletons <- runif(1) < 0.3 && grepl("\\|", fml)
    res <- run_case(d, fml, est, v, weighted, singletons)
    opts <- c(hdfe_vcov(v), list(singletons = if (singletons) "drop" else "keep"),
              if (weighted) list(weights = "w"), if (v %in% c("NW", "DK")) list(panel = list(id = "id", time = "t")))
    cases[[length(cases) + 1]] <- list(id = length(cases) + 1, dataset = r - 1, estimator = est, formula = fml,
                                       options = opts, fixest = res)
  }
}
writeLines(json(list(fixest = as.character(packageVersion("fixest")), seed = 20261130, datasets = datasets, cases = cases)),
           "battery.json")
st <- vapply(cases, function(c) c$fixest$status, "")
cat(length(cases), "cases:", sum(st == "ok"), "ok,", sum(st == "error"), "errors,",
    sum(vapply(cases, function(c) length(c$fixest$warnings) > 0, TRUE)), "with warnings\n")
