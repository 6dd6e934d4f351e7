/**
 * `mtest`: multiple-testing-adjusted p-values for several hypotheses beta_h = null across coefficients and
 * models (outcomes, specifications), from one wild cluster bootstrap whose draws every hypothesis shares:
 * draw b gives cluster c the same weight v_{b,c} in every model, so the bootstrap keeps the dependence
 * between the statistics, which is what Romano-Wolf and Westfall-Young exploit (stepdown.ts).
 *
 * Each hypothesis is prepared as the single-hypothesis wild bootstrap prepares it (prepare.ts), with its
 * per-cluster table laid out on the clusters of all the models together: a model whose sample lacks a
 * cluster has a zero row there, which leaves its draws unchanged, so a cluster's weight is looked up by the
 * same index in every model. The draws run on the worker pool as one sweep: chunk [b0, b1) returns t* of
 * every hypothesis for its draws, a pure function of (seed, b), so results are bit-identical for any number
 * of workers and any chunking.
 */
import type { Backend } from '../parallel/runner.js';
import { columnSource, type ColumnSource, type DataInput } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { EstimationError, OptionError } from '../errors.js';
import type { ParsedFormula } from '../formula/ast.js';
import { formatFormula } from '../formula/format.js';
import { expandMultiple } from '../formula/multiple.js';
import { expandOutcomes } from '../formula/outcomes.js';
import { parseFormula } from '../formula/parse.js';
import { registerTask } from '../parallel/registry.js';
import { shareF64 } from '../parallel/shared.js';
import { runSweep } from '../parallel/sweep.js';
import { commonClusters, onCommonClusters } from './common-clusters.js';
import { identityMoments, MOMENTS, tFromMoments, wildMomentsShared } from './draws.js';
import { pAdjust } from './p-adjust.js';
import { resolveWild, type ResolvedWild, type WildOptions } from './options.js';
import { prepareWild, type WildPrepared } from './prepare.js';
import { VARIATE_CODE } from './rng.js';
import { stepDown } from './stepdown.js';
import { coefficientIndex, fitSample } from './wild.js';

export const MTEST_TASK = 'infer.mtest';
export const MTEST_MODULE = 'infer/mtest.js';
/** Fewest random draws accepted: adjusted p-values are multiples of 1/B, and step-down needs resolution. */
export const MTEST_MIN_REPS = 99;

export interface MtestOptions extends Omit<WildOptions, 'param' | 'pType' | 'level' | 'confInt' | 'keepDraws'> {
  /** Coefficients tested in every model that has them (feols's names); each must be in at least one model. */
  terms: readonly string[];
  /** wildrwolf's (count + 1) / (B + 1) instead of count / B for every bootstrap p-value [false]. */
  plusOne?: boolean;
  /** Workers (default: available cores); 1 runs in this thread. Results do not depend on it. */
  workers?: number;
  /** Draws per task (default from the measured cost of a draw). Results do not depend on it. */
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Run the draws as BullMQ jobs on this Redis server instead of the local pool (the same numbers). */
  backend?: Backend;
  /** Return t* of every draw and hypothesis ([reps x H] draw-major) in `draws`. */
  keepDraws?: boolean;
}

/** One tested hypothesis, beta[term] = null in model `model`. */
export interface MtestHypothesis {
  /** 0-based index of the model among the expanded formulas. */
  readonly model: number;
  readonly formula: string;
  readonly depvar: string;
  readonly term: string;
  readonly estimate: number;
  /** CR1 standard error, as feols reports it clustered by the bootstrap's cluster variable. */
  readonly stdError: number;
  readonly statistic: number;
  /** Unadjusted wild bootstrap p-value (symmetric: share of draws with |t*| >= |t|). */
  readonly pValue: number;
  readonly pBonferroni: number;
  readonly pHolm: number;
  /** Romano-Wolf step-down (maxT on |t|). */
  readonly pRomanoWolf: number;
  /** Westfall-Young step-down minP. */
  readonly pWestfallYoung: number;
  /** Westfall-Young single-step minP. */
  readonly pWestfallYoungSingleStep: number;
  /** Clusters in this model's sample. */
  readonly clusters: number;
  readonly nobs: number;
}

export interface MtestResult {
  readonly hypotheses: readonly MtestHypothesis[];
  /** Draws used (2^G when enumerated). */
  readonly reps: number;
  readonly enumerated: boolean;
  /** Clusters over all the models' samples: the weights drawn per draw. */
  readonly clusters: number;
  readonly seed: number;
  readonly weights: ResolvedWild['weights'];
  readonly type: ResolvedWild['type'];
  readonly null: number;
  readonly plusOne: boolean;
  readonly draws?: Float64Array;
}

/** What a chunk of the sweep needs: every hypothesis's prepared draws on the common clusters. */
interface MtestContext {
  readonly hypotheses: readonly WildPrepared[];
}

function runChunk(ctx: MtestContext, start: number, end: number): Float64Array {
  const H = ctx.hypotheses.length;
  const out = new Float64Array((end - start) * H);
  const m = new Float64Array((end - start) * H * MOMENTS);
  wildMomentsShared(ctx.hypotheses, start, end, m);
  for (let i = 0; i < out.length; i++) out[i] = tFromMoments(m, i, 0, ctx.hypotheses[i % H].kappa);
  return out;
}

registerTask<MtestContext, MtestContext>(MTEST_TASK, { run: runChunk });

/** Formulas as given, with several outcomes and sw/csw expanded, in order. */
export function expandModels(formulas: string | readonly (string | ParsedFormula)[]): ParsedFormula[] {
  const list = typeof formulas === 'string' ? [formulas] : formulas;
  if (!Array.isArray(list) || list.length === 0) {
    throw new OptionError(`formulas must be a formula or a non-empty array of formulas; got ${JSON.stringify(formulas)}`);
  }
  return list.flatMap((f) => (typeof f === 'string' ? expandOutcomes(f).map(parseFormula) : [f]))
    .flatMap((p) => (p.multiple ? expandMultiple(p) : [p]));
}

interface Prepared {
  readonly o: ResolvedWild;
  readonly hypotheses: WildPrepared[];
  readonly labels: { model: number; formula: string; depvar: string; term: string; clusters: number; nobs: number }[];
  readonly G: number;
  readonly reps: number;
  readonly enumerated: boolean;
}

/** Fit every model, prepare every hypothesis, and put them on the common clusters. */
export function prepareMtest(source: ColumnSource, formulas: string | readonly (string | ParsedFormula)[], options: MtestOptions): Prepared {
  if (typeof options !== 'object' || options === null) throw new OptionError('mtest needs options { terms, cluster, ... }; got none');
  const terms = options.terms as unknown;
  if (!Array.isArray(terms) || terms.length === 0 || !terms.every((t) => typeof t === 'string' && t !== '')) {
    throw new OptionError(`terms must list the coefficients to test, e.g. terms: ['x1', 'x2']; got ${JSON.stringify(terms)}`);
  }
  const twice = terms.find((t, i) => terms.indexOf(t) !== i);
  if (twice !== undefined) throw new OptionError(`terms lists '${twice}' twice; list each coefficient once`);
  const { terms: _t, plusOne: _p, workers: _w, chunkSize: _c, signal: _s, onProgress: _o, keepDraws: _k, backend: _b, ...wild } = options;
  const o = resolveWild({ ...wild, param: terms[0] as string, confInt: false });
  const models = expandModels(formulas);
  const demean = { demeanTol: o.fit.demeanTol, demeanMaxIter: o.fit.demeanMaxIter };

  const fits = models.map((parsed) => {
    const design = buildDesign(source, parsed, o.fit);
    if (design.clusterings[0].G < 2) {
      throw new EstimationError(`the wild cluster bootstrap needs at least 2 clusters, but '${o.cluster}' has ${design.clusterings[0].G} ` +
        `in the sample of '${formatFormula(parsed)}'; cluster by a variable with more levels`);
    }
    const { projection, fit } = fitSample(design, demean, o.fit.collinTol);
    return { parsed, design, projection, fit };
  });
  const unknown = (terms as string[]).filter((t) => !fits.some((f) => f.design.names.includes(t)));
  if (unknown.length) {
    const names = [...new Set(fits.flatMap((f) => f.design.names))];
    throw new OptionError(`term${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `'${t}'`).join(', ')} ` +
      `${unknown.length > 1 ? 'are' : 'is'} not a coefficient of any model; the models have ${names.map((s) => `'${s}'`).join(', ')}`);
  }

  const { G, maps } = commonClusters(source, o.cluster, fits.map((f) => f.design));
  const enumerated = o.weights === 'rademacher' && G <= 30 && 2 ** G <= o.reps;
  const reps = enumerated ? 2 ** G : o.reps;
  if (!enumerated && reps < MTEST_MIN_REPS) {
    throw new OptionError(`reps must be at least ${MTEST_MIN_REPS} for multiple testing (adjusted p-values are multiples of 1/B); ` +
      `got ${reps}; use e.g. reps: 9999`);
  }

  const hypotheses: WildPrepared[] = [];
  const labels: Prepared['labels'] = [];
  fits.forEach(({ parsed, design, projection, fit }, model) => {
    const map = maps[model];
    for (const term of terms as string[]) {
      if (!design.names.includes(term)) continue;
      const j = coefficientIndex(design, fit, term);
      const core = prepareWild({ design, projection, fit, j, null: o.null, restricted: o.type === 'restricted', ssc: o.fit.ssc, demean });
      const p: WildPrepared = Object.freeze({ ...core, kind: VARIATE_CODE[o.weights], seed: o.seed, reps, enumerated });
      hypotheses.push(onCommonClusters(p, map, G));
      labels.push({ model, formula: formatFormula(parsed), depvar: design.depvar, term, clusters: design.clusterings[0].G, nobs: design.n });
    }
  });
  return { o, hypotheses, labels, G, reps, enumerated };
}

/** The observed t of a hypothesis, computed like its draws (WCR: the identity draw; see wild.ts). */
function observedT(p: WildPrepared): number {
  return p.restricted ? tFromMoments(identityMoments(p), 0, 0, p.kappa) : (p.estimate - p.null) / p.stdError;
}

/**
 * Romano-Wolf and Westfall-Young adjusted p-values (with Bonferroni and Holm on the same bootstrap
 * p-values) for H0: beta[term] = null, for every term in every model, from one wild cluster bootstrap that
 * all hypotheses share.
 *
 * @param formulas one formula or several; `y1 + y2 ~ x` (or `c(y1, y2) ~ x`) and sw/csw expand to several models
 * @param options `terms` and `cluster` are required; reps, seed, weights, type, null as `wildBootstrap`
 * @example
 * const r = await mtest(rows, 'y1 + y2 + y3 ~ treat + x | year', { terms: ['treat'], cluster: 'village', reps: 9999 });
 * r.hypotheses.map((h) => [h.depvar, h.pValue, h.pRomanoWolf]);
 */
export async function mtest(data: DataInput, formulas: string | readonly (string | ParsedFormula)[], options: MtestOptions): Promise<MtestResult> {
  const prepared = prepareMtest(columnSource(data), formulas, options);
  const { o, hypotheses, labels, reps } = prepared;
  const H = hypotheses.length;
  const context: MtestContext = {
    hypotheses: hypotheses.map((p) => ({ ...p, table: shareF64(p.table), Wr: p.Wr ? shareF64(p.Wr) : null, Wl: p.Wl ? shareF64(p.Wl) : null })),
  };
  const probe = Math.min(reps, 64);
  const t0 = performance.now();
  runChunk(context, 0, probe);
  const msPerDraw = Math.max((performance.now() - t0) / probe, 1e-5);
  const tStar = await runSweep({
    kind: MTEST_TASK, module: MTEST_MODULE, context, total: reps, width: H, workers: options.workers,
    chunkSize: options.chunkSize, msPerDraw, signal: options.signal, onProgress: options.onProgress, backend: options.backend,
    label: 'the multiple-testing bootstrap',
  });
  const t = hypotheses.map(observedT);
  const plusOne = options.plusOne ?? false;
  const adj = stepDown(t, tStar, plusOne);
  const p = Array.from(adj.pValue);
  const bonferroni = pAdjust(p, 'bonferroni');
  const holm = pAdjust(p, 'holm');
  const rows = hypotheses.map((hp, h) => Object.freeze({
    ...labels[h], estimate: hp.estimate, stdError: hp.stdError, statistic: t[h], pValue: p[h],
    pBonferroni: bonferroni[h], pHolm: holm[h], pRomanoWolf: adj.romanoWolf[h], pWestfallYoung: adj.westfallYoung[h],
    pWestfallYoungSingleStep: adj.westfallYoungSingleStep[h],
  }));
  return Object.freeze({
    hypotheses: Object.freeze(rows), reps, enumerated: prepared.enumerated, clusters: prepared.G, seed: o.seed,
    weights: o.weights, type: o.type, null: o.null, plusOne, ...(options.keepDraws ? { draws: tStar } : {}),
  });
}
