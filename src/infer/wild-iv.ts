/**
 * `wildBootstrap` on an IV model, `y ~ W | fe | x ~ Z`: the wild restricted efficient bootstrap (WRE) of
 * Davidson and MacKinnon (2010) for H0: beta_x = r, or with `type: 'unrestricted'` their WUE (the DGP is the
 * 2SLS fit with the efficient reduced form, and t* = (b* - b^) / se*). Orchestrates only: validate, build the IV design, fit it
 * (solvers/iv.ts), prepare the DGP (wild-iv-prepare.ts), draw (wild-iv-draws.ts, in this thread or on the
 * sweep runner), then the p-value and the interval by test inversion (pvalue.ts), as for least squares.
 *
 * Test inversion: unlike the OLS wild bootstrap, whose t*(r) is a ratio of quadratics in r from the same five
 * moments, the WRE's DGP (the efficient reduced form) changes with r, so each r the inversion tries re-runs
 * the draws (with the same weights) on the DGP at r: O(B G l^2) per r, in this thread.
 */
import { columnSource, type DataInput } from '../data/columns.js';
import { EstimationError, OptionError } from '../errors.js';
import { ivDesign } from '../estimate/feiv.js';
import { fitIv, fittedName } from '../estimate/solvers/iv.js';
import type { ParsedFormula } from '../formula/ast.js';
import { registerTask } from '../parallel/registry.js';
import { runSweep } from '../parallel/sweep.js';
import type { ResolvedWild } from './options.js';
import { bootstrapPValue, invertPValue } from './pvalue.js';
import { VARIATE_CODE } from './rng.js';
import { wreDraws, wreIdentity, wreWeights, type WreSampling } from './wild-iv-draws.js';
import { prepareWre, wreAt, type WreAt, type WreBase } from './wild-iv-prepare.js';
import { percentileT, type WildResult } from './wild.js';
import type { Backend } from '../parallel/runner.js';

export const WILD_IV_TASK = 'infer.wild-iv';
export const WILD_IV_MODULE = 'infer/wild-iv.js';

/** What a chunk of WRE draws needs (plain data, sent to workers as is). */
export interface WrePrepared {
  readonly at: WreAt;
  readonly sampling: WreSampling;
}

function runWre(p: WrePrepared, start: number, end: number): Float64Array {
  const out = new Float64Array(end - start);
  wreDraws(p.at, p.sampling, start, end, out);
  return out;
}

registerTask<WrePrepared, WrePrepared>(WILD_IV_TASK, { run: runWre });

/** The WRE before its draws: the DGP at the null, the sampling, and what the result reports. */
export interface WreTest {
  readonly prepared: WrePrepared;
  readonly base: WreBase;
  readonly G: number;
  /** The tested term as reported (fixest's name, fit_<x>). */
  readonly term: string;
}

/**
 * Validate and prepare the WRE of a parsed IV formula under resolved wild options.
 * @example
 * const test = prepareWreTest(rows, parseFormula('y ~ w | fe | x ~ z'), resolveWild({ param: 'fit_x', cluster: 'state' }));
 * finishWre(o, test, wreAllDraws(test)).pValue;
 */
export function prepareWreTest(data: DataInput, parsed: ParsedFormula, o: ResolvedWild): WreTest {
  if (parsed.multiple) throw new OptionError(`'${parsed.text}' holds several models (${parsed.multiple.op}); bootstrap one model at a time`);
  const iv = parsed.iv;
  if (!iv) throw new Error('hdfe: prepareWreTest needs a formula with an instrumental-variables part');
  const { design, layout } = ivDesign(columnSource(data), parsed, o.fit);
  const endo = layout.endogenous;
  if (endo.length !== 1) {
    throw new OptionError(`the wild bootstrap of an IV model (WRE) takes one endogenous regressor; '${parsed.text}' has ${endo.length} ` +
      `(${endo.join(', ')}); keep one, or use --method pairs or cluster`);
  }
  const term = fittedName(endo[0]);
  if (o.param !== term && o.param !== endo[0]) {
    throw new OptionError(`the wild bootstrap of an IV model (WRE) tests the endogenous regressor's coefficient, '${term}'; got param '${o.param}'; ` +
      `pass param '${term}' (or use --method pairs or cluster for the other coefficients)`);
  }
  const G = design.clusterings[0].G;
  if (G < 2) {
    throw new EstimationError(`the wild cluster bootstrap needs at least 2 clusters, but '${o.cluster}' has ${G} ` +
      'on the estimation sample; cluster by a variable with more levels');
  }
  const demean = { demeanTol: o.fit.demeanTol, demeanMaxIter: o.fit.demeanMaxIter };
  const ivFit = fitIv(design, layout, o.fit);
  const base = prepareWre({ design, layout, ivFit, ssc: o.fit.ssc, demean });
  // boottest's rule, as for least squares: every Rademacher sign vector when there are no more than draws.
  const enumerated = o.weights === 'rademacher' && G <= 30 && 2 ** G <= o.reps;
  const sampling: WreSampling = Object.freeze({
    kind: VARIATE_CODE[o.weights], seed: o.seed, reps: enumerated ? 2 ** G : o.reps, enumerated,
  });
  // WUE: the DGP at r = estimate is the unrestricted one (u~ = M_W (y - x b^) are the 2SLS residuals, as W'e = 0).
  const at = wreAt(base, o.type === 'restricted' ? o.null : base.estimate);
  return { prepared: Object.freeze({ at, sampling }), base, G, term };
}

/**
 * The t* of every draw at the prepared null, in this thread.
 * @example
 * wreAllDraws(test).length; // test.prepared.sampling.reps
 */
export function wreAllDraws(test: WreTest): Float64Array {
  const t = new Float64Array(test.prepared.sampling.reps);
  wreDraws(test.prepared.at, test.prepared.sampling, 0, t.length, t);
  return t;
}

/**
 * The p-value at the null and the interval by inverting p(r) (each r re-runs the draws with the same weights
 * on the DGP at r).
 * @example
 * const r = finishWre(o, test, tStar); // tStar from wreAllDraws or the sweep runner
 */
export function finishWre(o: ResolvedWild, test: WreTest, tStar: Float64Array): WildResult {
  const { base, prepared: { at, sampling }, G } = test;
  const id = wreIdentity(at);
  const estimate = base.estimate;
  const se = id.se;
  let weights: Float64Array | null = null;
  const tAt = new Float64Array(sampling.reps);
  const restricted = o.type === 'restricted';
  // WUE: the draws (centred on the estimate) do not depend on r; t(r) = (estimate - r) / se.
  const statistic = restricted ? id.t : (estimate - o.null) / se;
  const pAt = (r: number) => {
    if (r === o.null) return bootstrapPValue(tStar, statistic, o.pType);
    if (!restricted) return bootstrapPValue(tStar, (estimate - r) / se, o.pType);
    weights ??= wreWeights(sampling, G, 0, sampling.reps);
    const atR = wreAt(base, r);
    wreDraws(atR, sampling, 0, sampling.reps, tAt, weights);
    return bootstrapPValue(tAt, wreIdentity(atR).t, o.pType);
  };
  const [confLow, confHigh] = o.confInt
    ? invertPValue(pAt, estimate, se, o.level, o.pType, percentileT(tStar, estimate, se, o.level, o.pType))
    : [NaN, NaN];
  return Object.freeze({
    term: test.term, null: o.null, estimate, stdError: se, statistic, pValue: pAt(o.null),
    reps: sampling.reps, enumerated: sampling.enumerated, clusters: G,
    confLow, confHigh, level: o.level,
    weights: o.weights, type: o.type, pType: o.pType, seed: o.seed, method: 'wre' as const,
    ...(o.keepDraws ? { draws: tStar } : {}),
  });
}

/**
 * `wildBootstrap` on an IV formula, in this thread.
 * @example
 * wildBootstrapIv(rows, parseFormula('y ~ w | year | x ~ z'), resolveWild({ param: 'fit_x', cluster: 'state' }));
 */
export function wildBootstrapIv(data: DataInput, parsed: ParsedFormula, o: ResolvedWild): WildResult {
  const test = prepareWreTest(data, parsed, o);
  return finishWre(o, test, wreAllDraws(test));
}

/**
 * `wildBootstrapParallel` on an IV formula: the draws at the null on the sweep runner.
 * @example
 * await wildBootstrapIvParallel(rows, parsed, resolveWild({ param: 'fit_x', cluster: 'state' }), { workers: 2 });
 */
export async function wildBootstrapIvParallel(
  data: DataInput, parsed: ParsedFormula, o: ResolvedWild,
  run: { workers?: number; chunkSize?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void; backend?: Backend },
): Promise<WildResult> {
  const test = prepareWreTest(data, parsed, o);
  const probe = Math.min(test.prepared.sampling.reps, 256);
  const t0 = performance.now();
  runWre(test.prepared, 0, probe);
  const msPerDraw = Math.max((performance.now() - t0) / probe, 1e-5);
  const tStar = await runSweep({
    kind: WILD_IV_TASK, module: WILD_IV_MODULE, context: test.prepared, total: test.prepared.sampling.reps, width: 1,
    ...run, msPerDraw, label: 'the wild bootstrap of the IV model (WRE)',
  });
  return finishWre(o, test, tStar);
}
