/**
 * Two-stage least squares with absorbed fixed effects. Every column the model uses (outcome, endogenous and
 * exogenous regressors, instruments) is demeaned once, in one projection; the first stages and the second
 * stage are then least-squares fits on that projection (fitDesign with a shared Projection), so the fixed
 * effects cost one demeaning whatever the number of stages.
 *
 * The second stage regresses y on [X^, W] (X^ the fitted endogenous regressors, W the exogenous ones). Its
 * residuals must be the structural ones, e = y - X b - W c with the ORIGINAL endogenous columns (fixest,
 * AER::ivreg). Since 2SLS makes [X^, W]' e = 0, least squares of y* = y - V^ b_X on [X^, W] (V^ = X - X^, the
 * first-stage residuals) returns the same b and exactly the residuals e: the variance registry then forms
 * the bread ([X^ W]'[X^ W])^-1 and every meat from e and [X^, W], which is the 2SLS sandwich.
 */
import { EstimationError } from '../../errors.js';
import type { Design } from '../design.js';
import { fitDesign, project, type FitSettings, type Projection, type RawFit } from '../fit.js';
import type { ResolvedOptions } from '../options.js';
import { computeVcov, type Vcov } from '../vcov.js';
import { dot, orthonormalBasis, residualize } from '../iv/dense.js';

/** Where each role's columns sit among the design's names. */
export interface IvLayout {
  /** '(Intercept)' when the model has one (no fixed effects), then the other exogenous regressors. */
  readonly exogenous: readonly string[];
  readonly endogenous: readonly string[];
  readonly instruments: readonly string[];
}

/** One first stage: an endogenous regressor on the instruments and the exogenous regressors. */
export interface FirstStageFit {
  readonly endog: string;
  readonly design: Design; // names: intercept, instruments, exogenous
  readonly fit: RawFit;
  readonly vcov: Vcov; // with the model's variance type
}

/** The two stages and the projected columns the diagnostics read. */
export interface IvFit {
  readonly firstStages: readonly FirstStageFit[];
  /** The second stage's design: names '(Intercept)', fit_<endog>..., exogenous. */
  readonly design: Design;
  /** 2SLS coefficients, bread, meats and the structural residuals e (original scale). */
  readonly fit: RawFit;
  /** Demeaned, sqrt(w)-scaled columns by name (outcome, regressors, instruments) and the fitted X^ ('fit_<name>'). */
  readonly column: (name: string) => Float64Array;
  readonly projection: Projection;
}

/** The name fixest gives the coefficient of an endogenous regressor. */
export function fittedName(endog: string): string {
  return `fit_${endog}`;
}

/** Settings of a fit with the meats the model's variance needs (as feols's). */
export function meatSettings(options: ResolvedOptions, meats: boolean): FitSettings {
  const v = options.vcov;
  return {
    demeanTol: options.demeanTol, demeanMaxIter: options.demeanMaxIter, collinTol: options.collinTol,
    hetero: meats && v === 'hetero', clusters: meats && v === 'cluster',
    leverage: meats && (v === 'HC2' || v === 'HC3') ? v : null,
    serial: meats && (v === 'NW' || v === 'DK') ? { type: v, lag: options.lag } : null,
    conley: meats && v === 'conley' ? options.conley : null, cr3: meats && v === 'CR3',
  };
}

/** A design that reads its columns from a projection by name (fitDesign with a projection needs only k). */
function viewDesign(design: Design, depvar: string, names: readonly string[]): Design {
  return { ...design, depvar, names, X: names.map(() => new Float64Array(0)) };
}

/**
 * 2SLS on a design whose names hold every exogenous regressor, endogenous regressor and instrument.
 * Throws EstimationError when an instrument is collinear with the exogenous regressors or the fixed effects.
 */
export function fitIv(design: Design, layout: IvLayout, options: ResolvedOptions): IvFit {
  const n = design.n;
  const names = [design.depvar, ...design.names];
  const projection = project(design, [design.y, ...design.names.map((_, j) => design.X[j])], names, options);
  const p = projection.p;
  const columns = new Map<string, Float64Array>();
  const column = (name: string): Float64Array => {
    let c = columns.get(name);
    if (!c) {
      const at = projection.names.indexOf(name);
      if (at < 0) throw new Error(`hdfe: column '${name}' is missing from the IV projection`);
      c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = projection.Z[i * p + at];
      columns.set(name, c);
    }
    return c;
  };
  const sqrtW = design.weights ? Float64Array.from(design.weights, Math.sqrt) : null;
  const norm = (name: string) => projection.norms[projection.names.indexOf(name)];

  // Each instrument must bring something the exogenous regressors, the fixed effects and the instruments
  // before it do not (measured against its norm before demeaning, as the collinearity rule of fitDesign).
  let basis = orthonormalBasis(layout.exogenous.map(column));
  for (const z of layout.instruments) {
    const zc = column(z);
    const left = Math.sqrt(dot(residualize(zc, basis), residualize(zc, basis)));
    if (!(left > options.collinTol * norm(z))) {
      throw new EstimationError(`instrument '${z}' is collinear with the exogenous regressors${design.fixedEffects.length ? ' or the fixed effects' : ''}` +
        ' (or with the other instruments); drop it or find another instrument');
    }
    basis = orthonormalBasis([zc], basis, 0);
  }

  // First stages, with the model's variance (fixest reports them so, and ivwald reads that variance).
  const firstNames = [...layout.exogenous.filter((x) => x === '(Intercept)'), ...layout.instruments, ...layout.exogenous.filter((x) => x !== '(Intercept)')];
  const firstStages = layout.endogenous.map((endog): FirstStageFit => {
    const d1 = viewDesign(design, endog, firstNames);
    const fit = fitDesign(d1, meatSettings(options, true), projection);
    const lost = fit.collinear.map((j) => firstNames[j]).filter((name) => layout.instruments.includes(name));
    if (lost.length) {
      throw new EstimationError(`instrument ${lost.map((z) => `'${z}'`).join(', ')} is collinear with the exogenous regressors` +
        `${design.fixedEffects.length ? ' or the fixed effects' : ''} (or with the other instruments); drop it or find another instrument`);
    }
    return { endog, design: d1, fit, vcov: computeVcov(d1, fit, options.vcov, options.ssc) };
  });

  // Fitted endogenous regressors X^ = X - V^ in the projection's scale (V^ = first-stage residuals x sqrt(w)).
  const fitted = firstStages.map((fs) => {
    const x = column(fs.endog);
    const r = fs.fit.residuals;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i] - r[i] * (sqrtW ? sqrtW[i] : 1);
    columns.set(fittedName(fs.endog), out);
    return out;
  });
  const secondNames = [...layout.exogenous.filter((x) => x === '(Intercept)'), ...layout.endogenous.map(fittedName), ...layout.exogenous.filter((x) => x !== '(Intercept)')];
  const stage2 = (y: Float64Array): Projection => {
    const cols = secondNames.map((name) => column(name));
    const q = cols.length + 1;
    const Z = new Float64Array(n * q);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < cols.length; j++) Z[i * q + j] = cols[j][i];
      Z[i * q + cols.length] = y[i];
    }
    const norms = Float64Array.from(secondNames, (name) => norm(name.startsWith('fit_') && !names.includes(name) ? name.slice(4) : name));
    return { n, names: [...secondNames, design.depvar], p: q, Z, norms: Float64Array.of(...norms, norm(design.depvar)), iterations: projection.iterations };
  };
  const d2 = viewDesign(design, design.depvar, secondNames);
  const y = column(design.depvar);
  const first = fitDesign(d2, meatSettings(options, false), stage2(y));
  const fittedLost = first.collinear.map((j) => secondNames[j]).filter((name) => name.startsWith('fit_'));
  if (fittedLost.length) {
    throw new EstimationError(`the fitted ${fittedLost.join(', ')} is collinear with the exogenous regressors; the instruments do not identify it separately`);
  }
  // y* = y - V^ b_X: its least squares on [X^, W] has the 2SLS coefficients and the structural residuals.
  const yStar = y.slice();
  firstStages.forEach((fs, j) => {
    const b = first.beta[first.kept.indexOf(secondNames.indexOf(fittedName(fs.endog)))];
    const r = fs.fit.residuals;
    for (let i = 0; i < n; i++) yStar[i] -= b * r[i] * (sqrtW ? sqrtW[i] : 1);
    void fitted[j];
  });
  const second = fitDesign(d2, meatSettings(options, true), stage2(yStar));
  let ssY = 0;
  for (let i = 0; i < n; i++) ssY += y[i] * y[i];
  return { firstStages, design: d2, fit: { ...second, rssFeOnly: ssY }, column, projection };
}
