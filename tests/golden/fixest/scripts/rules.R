# References for fixest 0.12.2's rules around the variance, beyond the defaults of the other scripts:
# - K's nesting rule when every cluster variable is itself a fixed effect (no test on the data, so a
#   fixed effect nested in the cluster still counts in K) and when one is not;
# - the repair of a two-way clustered matrix with a negative variance (eigenvalues floored at 1e-10);
# - ssc(fixef.force_exact = TRUE) on a panel whose two fixed effects form 3 connected components.
# Run from this folder after vcov.R: Rscript rules.R  (writes ../vcov_rules.json and ../twoway_negative.csv,
# ../disconnected.csv)
source("helpers.R")

produc <- read.csv(file.path(OUT_DIR, "..", "data", "../data/produc.csv"), stringsAsFactors = FALSE)
produc$lgsp <- log(produc$gsp); produc$lpcap <- log(produc$pcap); produc$lemp <- log(produc$emp)

fit <- function(fml, data, cluster = NULL) feols(fml, data = data, fixef.tol = FIXEF_TOL, cluster = cluster)

# ------------------------------------------------------------------ nesting by name ----
# state is nested in region; region is also a fixed effect, so fixest does not test state (it stays in K).
m_region <- fit(lgsp ~ lpcap + lemp + unemp | state + region, produc, ~region)
# clustered by region without region as a fixed effect: state is tested and found nested.
m_region2 <- fit(lgsp ~ lpcap + lemp + unemp | state + year, produc, ~region)

# --------------------------------------------------------- two-way negative variance ----
# A small panel searched by seed for a two-way clustered matrix with a negative variance before the repair.
cgm_negative <- function(d) {
  m <- lm(y ~ x1 + x2, data = d)
  V <- sandwich::vcovCL(m, cluster = ~g1, type = "HC0", cadjust = FALSE) +
       sandwich::vcovCL(m, cluster = ~g2, type = "HC0", cadjust = FALSE) -
       sandwich::vcovCL(m, cluster = ~g12, type = "HC0", cadjust = FALSE)
  any(diag(V) < 0)
}
found <- NULL
for (seed in 1:5000) {
  set.seed(seed)
  n <- 30
  d <- data.frame(g1 = sample(1:3, n, TRUE), g2 = sample(1:4, n, TRUE))
  d$g12 <- paste(d$g1, d$g2)
  d$x1 <- rnorm(n) + d$g1; d$x2 <- rnorm(n); d$y <- 1 + 0.5 * d$x1 - d$x2 + rnorm(n)
  if (cgm_negative(d)) { found <- seed; break }
}
stopifnot(!is.null(found))
neg <- write_csv_exact(d[, c("g1", "g2", "x1", "x2", "y")], "twoway_negative.csv")
m_neg <- fit(y ~ x1 + x2, neg, ~g1 + g2)

# ---------------------------------------------------------------- exact fixed-effect count ----
set.seed(20261129)
dis <- do.call(rbind, lapply(0:2, function(b) expand.grid(id = b * 10 + 1:10, t = b * 4 + 1:4)))
dis <- dis[sort(sample(nrow(dis), 100)), ]
dis$x1 <- rnorm(nrow(dis)); dis$x2 <- rnorm(nrow(dis)) + dis$t / 5
dis$y <- 0.3 * dis$x1 - 0.7 * dis$x2 + dis$id / 10 + rnorm(nrow(dis))
dis <- write_csv_exact(dis, "disconnected.csv")
m_dis <- fit(y ~ x1 + x2 | id + t, dis)
exact <- ssc(fixef.force_exact = TRUE)

res <- list(
  case = "vcov_rules", versions = tool_versions(),
  nesting_by_name = list(
    formula = "log(gsp) ~ log(pcap) + log(emp) + unemp | state + region", data_file = "../data/produc.csv",
    cluster = fx_vcov_block(m_region, ~region, "cluster by region (a fixed effect: state not tested)")),
  nesting_tested = list(
    formula = "log(gsp) ~ log(pcap) + log(emp) + unemp | state + year", data_file = "../data/produc.csv",
    cluster = fx_vcov_block(m_region2, ~region, "cluster by region (not a fixed effect: state tested, nested)")),
  twoway_negative = list(
    formula = "y ~ x1 + x2", data_file = "twoway_negative.csv", seed = found,
    cluster = fx_vcov_block(m_neg, ~g1 + g2, "two-way clustered, repaired")),
  force_exact = list(
    formula = "y ~ x1 + x2 | id + t", data_file = "disconnected.csv", components = 3L,
    iid = fx_vcov_block(m_dis, "iid", "iid, fixef.force_exact", ssc_arg = exact),
    hetero = fx_vcov_block(m_dis, "hetero", "hetero, fixef.force_exact", ssc_arg = exact),
    iid_default = fx_vcov_block(m_dis, "iid", "iid, default count")))
write_json(res, "vcov_rules.json")
