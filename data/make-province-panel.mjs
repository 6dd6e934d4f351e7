#!/usr/bin/env node
/**
 * Writes the SYNTHETIC province panel that stands in for the (non-public) data of the virtual-agglomeration
 * study described in data/README.md: data/province_panel.csv, data/province_distance.csv, data/province_panel.truth.json.
 *
 *   node data/make-province-panel.mjs          # writes the three files and prints the moments table
 *
 * Plain Node ESM, no dependencies, no build. Deterministic: every random draw is a pure function of
 * (SEED, stream, index) through a counter-based SplitMix64 (Steele, Lea, Flood 2014), so the files are
 * identical on every run and platform. The data-generating process is described in data/README.md; the
 * numbers that define it are the constants below and are copied to the truth JSON.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = dirname(fileURLToPath(import.meta.url));
const SEED = 20n; // chosen among 1-80 by the rule in data/README.md ("The seed was chosen")
const BASE_YEAR = 2008; // exports only: SL with k = 1 exists from 2009
const YEARS = Array.from({ length: 14 }, (_, i) => 2009 + i); // 2009-2022
const TABLE_YEARS = [2009, 2020]; // the paper's tables

// ---------------------------------------------------------------------------------------------------------
// Counter-based SplitMix64: draw `index` of `stream` is the SplitMix64 output at counter (stream << 32) + index
// + 1, so streams never overlap and no draw depends on how many were taken before it.
const MASK = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;
function bits64(stream, index) {
  let z = (SEED + GAMMA * ((BigInt(stream) << 32n) + BigInt(index) + 1n)) & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}
/** Uniform on (0, 1): 53 random bits, offset by half a step so 0 never occurs (log below). */
const uniform = (stream, index) => (Number(bits64(stream, index) >> 11n) + 0.5) / 2 ** 53;
/** Standard normal by Box-Muller (cosine branch only, so draw `index` uses uniforms 2 index and 2 index + 1). */
const normal = (stream, index) =>
  Math.sqrt(-2 * Math.log(uniform(stream, 2 * index))) * Math.cos(2 * Math.PI * uniform(stream, 2 * index + 1));

// One stream per source of randomness; index = province (0-29) for unit effects, province * 64 + year - 2000
// for unit-year draws.
const S = { gdpI: 1, gdpIt: 2, taxI: 3, taxIt: 4, cpiI: 5, cpiIt: 6, fdiI: 7, fdiIt: 8, rdI: 9, rdIt: 10,
  netI: 11, netIt: 12, vsGrowthI: 13, vsIt: 14, errorI: 15, errorIt: 16 };
const it = (p, year) => p * 64 + (year - 2000);

// ---------------------------------------------------------------------------------------------------------
// Provinces: name; approximate latitude and longitude of the capital (degrees); resident population 2010
// (10,000 persons, rounded census figures); exports 2008 (million USD, rounded); `dev`, a hand-set
// development level that drives the controls; `vs0`, a hand-set digital-service share of GDP in 2009.
// All approximate: they make the synthetic panel look like China, they are not data.
const PROVINCES = [
  ['Beijing', 39.90, 116.41, 1961, 57500, 1.6, 0.14],
  ['Tianjin', 39.13, 117.20, 1294, 42200, 1.4, 0.012],
  ['Hebei', 38.04, 114.51, 7185, 24000, -0.1, 0.0015],
  ['Shanxi', 37.87, 112.55, 3571, 6200, -0.2, 0.001],
  ['Inner Mongolia', 40.84, 111.75, 2471, 3600, 0.8, 0.001],
  ['Liaoning', 41.80, 123.43, 4375, 42100, 0.6, 0.008],
  ['Jilin', 43.82, 125.32, 2746, 4800, 0.2, 0.004],
  ['Heilongjiang', 45.80, 126.53, 3831, 16600, -0.2, 0.002],
  ['Shanghai', 31.23, 121.47, 2302, 169300, 1.7, 0.035],
  ['Jiangsu', 32.06, 118.80, 7866, 238000, 1.2, 0.012],
  ['Zhejiang', 30.27, 120.16, 5443, 154300, 1.1, 0.012],
  ['Anhui', 31.82, 117.23, 5950, 11300, -0.2, 0.002],
  ['Fujian', 26.07, 119.30, 3689, 57000, 0.8, 0.006],
  ['Jiangxi', 28.68, 115.86, 4457, 7700, -0.3, 0.0015],
  ['Shandong', 36.65, 117.12, 9579, 93100, 0.7, 0.006],
  ['Henan', 34.75, 113.63, 9402, 10700, -0.1, 0.0015],
  ['Hubei', 30.59, 114.31, 5724, 11700, 0.3, 0.005],
  ['Hunan', 28.23, 112.94, 6568, 8400, 0.0, 0.003],
  ['Guangdong', 23.13, 113.26, 10430, 404100, 1.0, 0.015],
  ['Guangxi', 22.82, 108.32, 4603, 7300, -0.4, 0.001],
  ['Hainan', 20.04, 110.20, 867, 1600, -0.2, 0.0015],
  ['Chongqing', 29.56, 106.55, 2885, 5700, 0.2, 0.005],
  ['Sichuan', 30.57, 104.07, 8042, 13100, -0.2, 0.008],
  ['Guizhou', 26.65, 106.63, 3475, 1900, -0.8, 0.001],
  ['Yunnan', 25.04, 102.71, 4597, 5000, -0.7, 0.0015],
  ['Shaanxi', 34.34, 108.94, 3733, 5400, 0.1, 0.008],
  ['Gansu', 36.06, 103.83, 2558, 1600, -0.9, 0.001],
  ['Qinghai', 36.62, 101.78, 563, 400, -0.3, 0.0008],
  ['Ningxia', 38.49, 106.23, 630, 1300, -0.1, 0.0008],
  ['Xinjiang', 43.83, 87.62, 2181, 19300, -0.2, 0.001],
].map(([name, lat, lon, pop, exports2008, dev, vs0]) => ({ name, lat, lon, pop, exports2008, dev, vs0 }));
const P = PROVINCES.length;
const devMean = PROVINCES.reduce((s, p) => s + p.dev, 0) / P;

// ---------------------------------------------------------------------------------------------------------
// Distances: great circle between capitals on a sphere of radius 6371 km, rounded to 0.1 km. The diagonal
// is 0. The internal distance d_ii is a quarter of the distance to the nearest other capital (Wei 1996's rule;
// potentialIndex's { kind: 'fraction-of-nearest', fraction: 0.25 }): with the builder's default of a half,
// the own term weighs less against the far field and Vag is less skewed than the paper's.
const EARTH_RADIUS_KM = 6371;
function greatCircleKm(a, b) {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}
const D = PROVINCES.map(() => new Array(P).fill(0));
for (let i = 0; i < P; i++) {
  for (let j = i + 1; j < P; j++) D[i][j] = D[j][i] = Math.round(greatCircleKm(PROVINCES[i], PROVINCES[j]) * 10) / 10;
}
const INTERNAL_FRACTION = 0.25;
const dii = D.map((row, i) => INTERNAL_FRACTION * Math.min(...row.filter((_, j) => j !== i)));

// ---------------------------------------------------------------------------------------------------------
// The data-generating process. Coefficients of SL (see data/README.md); Vag is on the [0, 1] scale.
const TRUTH = {
  b0: -0.16, // intercept (the 2009 year effect is 0)
  Vag: 1.26, // b1: effect of Vag where RD = 0; at the mean RD of 29.1 the effect is 1.26 - 0.04 x 29.1 = 0.096
  GDP: 4e-6, // b2, per yuan of GDP per capita
  TAX: -1.9, // b3
  CPI: 0.48, // b4
  FDI: 0.72, // b5
  RD: 0.008, // b6: effect of RD where Vag = 0
  Vag_x_RD: -0.04, // b7: the moderation
};
const YEAR_EFFECT = { 2009: 0, 2010: 0.14, 2011: 0.08, 2012: -0.05, 2013: 0.03, 2014: 0.1, 2015: -0.11,
  2016: -0.06, 2017: 0.13, 2018: 0.05, 2019: -0.02, 2020: 0.16, 2021: 0.19, 2022: -0.05 };
const ERROR = { sdProvince: 0.03, rho: 0.5, sdInnovation: 0.045 }; // u_i + e_it, e_it = rho e_i,t-1 + v_it
const NATIONAL = { level2008: 1430700, growth: 0.055, curvature: -0.0008 }; // ln E_t = ln L + g s + c s^2, s = t - 2008

const nationalExports = (year) =>
  NATIONAL.level2008 * Math.exp(NATIONAL.growth * (year - BASE_YEAR) + NATIONAL.curvature * (year - BASE_YEAR) ** 2);

const rows = []; // one object per province-year, 2008-2022, province-major
for (let p = 0; p < P; p++) {
  const prov = PROVINCES[p];
  const dev = prov.dev - devMean;
  const vsGrowth = 0.07 + 0.03 * dev + 0.015 * normal(S.vsGrowthI, p);
  rows.push({ p, year: BASE_YEAR, exports: prov.exports2008, national: nationalExports(BASE_YEAR) });
  for (const year of YEARS) {
    const s = year - 2014.5; // centred trend
    const k = it(p, year);
    const GDP = 11200 * Math.exp(0.62 * dev + 0.065 * s + 0.08 * normal(S.gdpI, p) + 0.03 * normal(S.gdpIt, k));
    const TAX = 0.075 * Math.exp(0.35 * dev - 0.01 * s + 0.2 * normal(S.taxI, p) + 0.06 * normal(S.taxIt, k));
    const CPI = 0.376 - 0.02 * dev + 0.004 * s + 0.05 * normal(S.cpiI, p) + 0.03 * normal(S.cpiIt, k);
    const FDI = 0.014 * Math.exp(0.5 * dev - 0.04 * s + 0.7 * normal(S.fdiI, p) + 0.3 * normal(S.fdiIt, k));
    const RD = 27 * Math.exp(0.1 * dev + 0.03 * s + 0.28 * normal(S.rdI, p) + 0.12 * normal(S.rdIt, k));
    const Internet = 7.0 + 0.5 * dev + 0.18 * s + 0.45 * normal(S.netI, p) + 0.3 * normal(S.netIt, k);
    // size: regional GDP = GDP per capita x population (growing 0.5% a year), in 100 million yuan
    const size = (GDP * prov.pop * (1 + 0.005 * (year - 2009))) / 1e4;
    const share = prov.vs0 * Math.exp(vsGrowth * (year - 2009) + 0.05 * normal(S.vsIt, k));
    rows.push({ p, year, GDP, TAX, CPI, FDI, RD, Internet, size, vs_output: share * size, national: nationalExports(year) });
  }
}

// Vag: the potential index sum_j (VS_jt / X_jt) / d_ij over all 30 provinces, d_ii as above, divided by its
// maximum over all 420 province-years 2009-2022 (so max = 1, reached by Beijing in 2022).
const byYear = new Map(YEARS.map((y) => [y, rows.filter((r) => r.year === y)]));
for (const yearRows of byYear.values()) {
  for (const r of yearRows) {
    let raw = 0;
    for (const q of yearRows) raw += q.vs_output / q.size / (q.p === r.p ? dii[r.p] : D[r.p][q.p]);
    r.vagRaw = raw;
  }
}
const VAG_SCALE = Math.max(...rows.filter((r) => r.year > BASE_YEAR).map((r) => r.vagRaw));
for (const r of rows) if (r.year > BASE_YEAR) r.Vag = r.vagRaw / VAG_SCALE;

// SL from the linear model, then exports backed out so that SL is exactly the Martin (2012) index against the
// given national series as written: ln E_it = ln E_i,t-1 + SL_it + (ln E_t - ln E_t-1).
for (let p = 0; p < P; p++) {
  const own = rows.filter((r) => r.p === p);
  const u = ERROR.sdProvince * normal(S.errorI, p);
  let e = 0;
  let lnE = Math.log(own[0].exports);
  for (const [n, r] of own.entries()) {
    if (n === 0) continue;
    const v = ERROR.sdInnovation * normal(S.errorIt, it(p, r.year));
    e = r.year === YEARS[0] ? v / Math.sqrt(1 - ERROR.rho ** 2) : ERROR.rho * e + v; // stationary start
    r.SL = TRUTH.b0 + TRUTH.Vag * r.Vag + TRUTH.GDP * r.GDP + TRUTH.TAX * r.TAX + TRUTH.CPI * r.CPI +
      TRUTH.FDI * r.FDI + TRUTH.RD * r.RD + TRUTH.Vag_x_RD * r.Vag * r.RD + YEAR_EFFECT[r.year] + u + e;
    lnE += r.SL + (Math.log(r.national) - Math.log(own[n - 1].national));
    r.exports = Math.exp(lnE);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Output. Numbers are written with JavaScript's shortest round-trip form, so parsing gives back the exact
// doubles used above and SL / Vag are reproducible to rounding error.
const num = (x) => (x === undefined ? '' : String(x));
const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const COLUMNS = ['province', 'year', 'exports', 'national_exports', 'vs_output', 'size', 'GDP', 'TAX', 'CPI',
  'FDI', 'RD', 'Internet', 'SL_true', 'Vag_true'];
const panelCsv = [COLUMNS.join(',')].concat(rows.map((r) => [quote(PROVINCES[r.p].name), r.year, num(r.exports),
  num(r.national), num(r.vs_output), num(r.size), num(r.GDP), num(r.TAX), num(r.CPI), num(r.FDI), num(r.RD),
  num(r.Internet), num(r.SL), num(r.Vag)].join(',')));
writeFileSync(join(OUT, 'province_panel.csv'), panelCsv.join('\n') + '\n');

const distanceCsv = [['province', ...PROVINCES.map((p) => quote(p.name))].join(',')]
  .concat(D.map((row, i) => [quote(PROVINCES[i].name), ...row.map(num)].join(',')));
writeFileSync(join(OUT, 'province_distance.csv'), distanceCsv.join('\n') + '\n');

const truth = {
  description: 'True parameters of the synthetic province panel (data/README.md). SL_it = b0 + Vag b1 + ... + Vag x RD b7 + year_effect_t + u_i + e_it.',
  generator: 'data/make-province-panel.mjs',
  seed: Number(SEED),
  coefficients: TRUTH,
  effect_of_Vag_at_RD_29_11: Number((TRUTH.Vag + TRUTH.Vag_x_RD * 29.11).toFixed(4)),
  year_effects: YEAR_EFFECT,
  error: { ...ERROR, note: 'u_i ~ N(0, sdProvince^2) per province; e_it AR(1) within province with N(0, sdInnovation^2) innovations, stationary start' },
  vag: {
    formula: 'Vag_it = raw_it / vag_scale, raw_it = sum_j (vs_output_jt / size_jt) / d_ij over all 30 provinces, d in km',
    internal_distance: { kind: 'fraction-of-nearest', fraction: INTERNAL_FRACTION },
    vag_scale: VAG_SCALE,
    vag_scale_note: 'max of raw over all 420 province-years 2009-2022; potentialIndex(..., normalize none) / vag_scale reproduces Vag_true',
  },
  national_exports: { ...NATIONAL, formula: 'E_t = level2008 exp(growth (t - 2008) + curvature (t - 2008)^2)' },
  sl: { formula: 'SL_it = (ln E_it - ln E_i,t-1) - (ln E_t - ln E_t-1), k = 1, E_t = national_exports', years: [YEARS[0], YEARS.at(-1)] },
};
writeFileSync(join(OUT, 'province_panel.truth.json'), JSON.stringify(truth, null, 2) + '\n');

// ---------------------------------------------------------------------------------------------------------
// Moments over the paper's years against its Table 1 (printed for data/README.md).
const PAPER = { SL: [0.226, 0.129, 0.0672, 0.869], Vag: [0.0307, 0.158, 0.000117, 0.974],
  GDP: [12509, 7875, 4287, 47118], TAX: [0.0812, 0.0294, 0.0422, 0.2], CPI: [0.376, 0.0661, 0.222, 0.538],
  FDI: [0.0201, 0.0159, 0.0001, 0.0819], RD: [29.11, 10.56, 15.78, 62.14], Internet: [7.045, 1.037, 3.49, 9.066] };
const sample = rows.filter((r) => r.year >= TABLE_YEARS[0] && r.year <= TABLE_YEARS[1]);
const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString());
console.log(`| variable | N | mean | sd | min | max | paper mean | paper sd | paper min | paper max |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|`);
for (const [name, paper] of Object.entries(PAPER)) {
  const x = sample.map((r) => r[name]);
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
  console.log(`| ${name} | ${x.length} | ${[mean, sd, Math.min(...x), Math.max(...x), ...paper].map(fmt).join(' | ')} |`);
}
