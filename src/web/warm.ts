/**
 * A small fit right after the page loads, while the person reads it: the first call of feols otherwise pays
 * for compiling its JavaScript (about 0.15 s measured on the study panel), and Chromium runs WebAssembly in
 * its baseline tier until a function has run for a while, with no switch inside a running call, so the first
 * large fit would demean in baseline code throughout. A few thousand rows with two fixed effects and clusters
 * run every kernel of a fit often enough to be optimised.
 */
import { feols } from '../estimate/feols.js';

/** Rows of the warm-up data. */
const N = 4000;

/** Fit a fixed synthetic panel twice (clustered and hetero); returns the milliseconds it took. */
export function warmUp(): number {
  const t0 = performance.now();
  const x1 = new Float64Array(N);
  const x2 = new Float64Array(N);
  const y = new Float64Array(N);
  // Text ids, as a chosen file's or the study's: the factor path is warmed too.
  const firm = new Array<string>(N);
  const year = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    // Deterministic, irregular values: no generator state, no random source.
    x1[i] = Math.sin(i * 12.9898) * 3.1;
    x2[i] = Math.cos(i * 78.233) * 1.7;
    firm[i] = `f${i % 97}`;
    year[i] = (i * 7) % 23;
    y[i] = 0.5 * x1[i] - 0.25 * x2[i] + Math.sin(i * 0.37) + (i % 97) * 0.01;
  }
  const data = { y, x1, x2, firm, year };
  feols(data, 'y ~ x1 + x2 | firm + year', { cluster: 'firm' });
  feols(data, 'y ~ x1 + x2 | firm + year', { vcov: 'hetero' });
  return performance.now() - t0;
}
