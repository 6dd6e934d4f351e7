# Writes data/produc.csv: the US states panel "Produc" (48 states x 1970-1986, Munnell 1990, as shipped by
# R's plm package; Baltagi, Econometric Analysis of Panel Data), for checks against R/Stata references.
#
#   Rscript data/make-produc.R      # run from the repository root
#
# Full precision: each numeric column is written with R's 15-digit form when that parses back to the same
# double, otherwise with 17 significant digits. No row names, no quoting (no field contains a comma).
library(plm)
data("Produc", package = "plm")

exact <- function(x) {
  if (!is.numeric(x)) return(as.character(x))
  short <- as.character(x)
  if (identical(as.numeric(short), as.numeric(x))) short else sprintf("%.17g", x)
}
out <- as.data.frame(lapply(Produc, exact), stringsAsFactors = FALSE)
stopifnot(!any(grepl(",", unlist(out))))
path <- file.path("data", "produc.csv")
write.table(out, path, sep = ",", quote = FALSE, row.names = FALSE, col.names = TRUE, eol = "\n")

back <- read.csv(path, stringsAsFactors = FALSE)
for (v in names(Produc)) {
  if (is.numeric(Produc[[v]])) stopifnot(identical(as.numeric(back[[v]]), as.numeric(Produc[[v]])))
}
cat(sprintf("wrote %s: %d rows x %d columns (plm %s, R %s)\n", path, nrow(out), ncol(out),
            packageVersion("plm"), getRversion()))
