/**
 * The specification-curve figure (Simonsohn, Simmons and Nelson 2020, "Specification curve analysis",
 * Nature Human Behaviour 4): top, the main estimate of every specification sorted ascending with its
 * confidence interval, coloured by significance; bottom, one row per choice (each control, and each main
 * variant, fixed-effect set, sample kind and variance when there are several) with a mark where the
 * specification makes that choice.
 *
 * Drawn with Vega-Lite, compiled to Vega and rendered to SVG headless (no browser, no canvas): the layout,
 * axes and text are the library's, the spec below only says what to draw.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GridResult } from './run.js';
import { feLabel, sampleLabelOf, vcovLabel } from './spec.js';

export interface CurveFigureOptions {
  /** Width of the plotting area in pixels [720]. */
  width?: number;
  /** Height of the estimate panel [240]; the indicator panel takes 14 px per choice. */
  height?: number;
  /** Title [the outcome and main variants]. */
  title?: string;
  /** Significance level for the colours [the result's summary.alpha]. */
  alpha?: number;
  /** Display names of main variants and controls, e.g. { 'l(Vag,1)': 'L.Vag' } [none]. */
  labels?: Readonly<Record<string, string>>;
}

const INDICATOR_ROW_PX = 14;
const SIGNIFICANT_COLOUR = '#1f5fa8';
const OTHER_COLOUR = '#a3a3a3';

/** One row of the indicator panel: a choice, its dimension and which specifications make it. */
interface Choice {
  readonly key: string; // unique; 'd|label' with d the dimension's rank, for the axis order
  readonly dimension: string;
  readonly has: (row: GridResult['rows'][number]) => boolean;
}

function choices(result: GridResult, name: (term: string) => string): Choice[] {
  const { grid } = result;
  const out: Choice[] = [];
  const add = (d: number, dimension: string, label: string, has: Choice['has']) => out.push({ key: `${d}|${label}`, dimension, has });
  if (grid.main.length > 1) grid.main.forEach((m, i) => add(0, 'main', name(m), (r) => r.choices.main === i));
  grid.controls.forEach((c, i) => add(1, 'control', name(c), (r) => r.choices.controls.includes(i)));
  if (grid.fixedEffects.length > 1) {
    grid.fixedEffects.forEach((fe, i) => add(2, 'fixed effects', `FE: ${feLabel(fe)}`, (r) => r.choices.fe === i));
  }
  if (grid.samples.length > 1) grid.samples.forEach((s, i) => add(3, 'sample', sampleLabelOf(s), (r) => r.choices.sampleChoice === i));
  if (grid.vcov.length > 1) grid.vcov.forEach((v, i) => add(4, 'variance', `SE: ${vcovLabel(v)}`, (r) => r.choices.vcov === i));
  return out;
}

/**
 * The figure as a Vega-Lite spec (for embedding elsewhere, or rendering with `specificationCurveSvg`).
 * Specifications without an estimate are left out.
 * @example
 * const spec = specificationCurveSpec(result, { width: 900 });
 */
export function specificationCurveSpec(result: GridResult, options: CurveFigureOptions = {}): TopLevelSpec {
  const alpha = options.alpha ?? result.summary.alpha;
  const width = options.width ?? 720;
  const height = options.height ?? 240;
  const rows = result.rows.filter((r) => Number.isFinite(r.estimate))
    .sort((a, b) => a.estimate - b.estimate || a.id - b.id);
  const N = rows.length;
  const sig = `p < ${alpha}`;
  const notSig = `p \u2265 ${alpha}`;
  const curve = rows.map((r, i) => ({
    rank: i + 1, id: r.id, estimate: r.estimate, low: r.confLow, high: r.confHigh,
    significance: r.pValue < alpha ? sig : notSig,
  }));
  const name = (term: string) => options.labels?.[term] ?? term;
  const list = choices(result, name);
  const marks = rows.flatMap((r, i) => list.filter((c) => c.has(r)).map((c) => ({ rank: i + 1, key: c.key, dimension: c.dimension })));
  const x = { field: 'rank', type: 'quantitative' as const, scale: { domain: [0.5, N + 0.5], nice: false, zero: false } };
  const dense = N > 400;
  const s = result.summary;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const level = `${Math.round(result.level * 100)}%`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    title: {
      text: options.title ?? `${name(result.grid.depvar)} on ${result.grid.main.map(name).join(', ')}: ${s.specs} specifications`,
      subtitle: `median ${s.median.toPrecision(4)}, range [${s.min.toPrecision(4)}, ${s.max.toPrecision(4)}]; ` +
        `${pct(s.sharePositive)} positive, ${pct(s.shareSignificant)} with p < ${s.alpha}`,
      anchor: 'start',
    },
    spacing: 8,
    vconcat: [
      {
        width, height,
        data: { values: curve },
        layer: [
          { mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { y: { datum: 0 } } },
          {
            // Many intervals would hide the curve itself: faint when dense.
            mark: { type: 'rule', strokeWidth: dense ? 0.6 : 1.2, opacity: dense ? 0.15 : 0.55 },
            encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { field: 'significance', type: 'nominal' } },
          },
          {
            mark: { type: 'point', filled: true, size: dense ? 6 : 28, opacity: 1 },
            encoding: {
              x: { ...x, axis: { title: null, labels: false, ticks: false, grid: false, domain: false } },
              y: { field: 'estimate', type: 'quantitative', title: `estimate (${level} CI)`, scale: { zero: false } },
              color: {
                field: 'significance', type: 'nominal', title: null,
                scale: { domain: [sig, notSig], range: [SIGNIFICANT_COLOUR, OTHER_COLOUR] },
                legend: { orient: 'top-left', direction: 'horizontal', symbolOpacity: 1 },
              },
            },
          },
        ],
      },
      {
        width, height: INDICATOR_ROW_PX * Math.max(1, list.length),
        data: { values: marks },
        mark: { type: 'tick', orient: 'vertical', thickness: Math.max(0.6, Math.min(3, (0.7 * width) / Math.max(1, N))), size: INDICATOR_ROW_PX - 4 },
        encoding: {
          x: { ...x, axis: { title: `specification (sorted by estimate)`, grid: false, tickMinStep: 1, format: 'd' } },
          y: {
            field: 'key', type: 'nominal', title: null, sort: list.map((c) => c.key),
            axis: { labelExpr: "slice(datum.value, indexof(datum.value, '|') + 1)", grid: true, gridOpacity: 0.25, ticks: false, domain: false },
          },
          color: { field: 'dimension', type: 'nominal', legend: null, scale: { scheme: 'dark2' } },
        },
      },
    ],
    // The panels' colours mean different things (significance, dimension of the choice).
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    config: { view: { stroke: '#ddd' }, axis: { labelFontSize: 10, titleFontSize: 11 } },
  } as TopLevelSpec;
}

/**
 * Render the figure to SVG text, headless.
 * @example
 * writeFileSync('curve.svg', await specificationCurveSvg(result));
 */
export async function specificationCurveSvg(result: GridResult, options: CurveFigureOptions = {}): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(specificationCurveSpec(result, options)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
