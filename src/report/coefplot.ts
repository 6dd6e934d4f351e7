/**
 * The coefficient plot of i() terms (fixest's `iplot`): per level of the factor, the estimate and its
 * confidence interval, with the reference level(s) drawn at zero with a hollow mark. An event study's
 * `i(time, treat, ref = -1)` reads as the dynamic effect by period. One panel per i() term.
 *
 * Drawn with Vega-Lite, compiled to Vega and rendered to SVG headless, as the specification curve is
 * (src/grid/figure.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import { OptionError } from '../errors.js';
import type { FactorTerm } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { modelOf } from '../estimate/model-state.js';
import type { FeolsResult } from '../estimate/result.js';
import { sortedLevels } from '../data/factor-terms.js';
import { DEFAULTS } from '../defaults.js';

/** Options of the coefficient plot. */
export interface CoefplotOptions {
  /** Which i() terms, by name as written without spaces (`i(time,treat,ref=-1)`) or by factor variable [all]. */
  terms?: readonly string[];
  /** Width of each panel in pixels [560]. */
  width?: number;
  /** Height of each panel [240]. */
  height?: number;
  /** Title [the outcome and the fit's formula]. */
  title?: string;
  /** The confidence level the fit's intervals use, for the axis title [DEFAULTS.level]. */
  level?: number;
}

/** One point of the plot. */
export interface CoefplotPoint {
  readonly term: string;
  readonly level: string;
  readonly estimate: number;
  readonly low: number | null;
  readonly high: number | null;
  readonly kind: 'estimate' | 'reference';
}

const ESTIMATE_COLOUR = '#1f5fa8';
const REFERENCE_COLOUR = '#c0392b';
const KINDS = ['estimate', 'reference'];
const LEGEND = { orient: 'top-left', direction: 'horizontal' } as const;

function factorTerms(fit: FeolsResult, wanted?: readonly string[]): FactorTerm[] {
  const terms = parseFormula(fit.formula).terms.filter((t): t is FactorTerm => t.kind === 'factor');
  if (terms.length === 0) {
    throw new OptionError(`the model '${fit.formula}' has no i() term to plot; coefplot draws i(f), i(f, x) and event studies such as i(time, treat, ref = -1)`);
  }
  if (!wanted?.length) return terms;
  return wanted.map((w) => {
    const key = w.replace(/\s/g, '');
    const found = terms.find((t) => t.name === key || t.variable === key);
    if (!found) throw new OptionError(`--term '${w}' is not an i() term of the model; its i() terms are ${terms.map((t) => t.name).join(', ')}`);
    return found;
  });
}

/**
 * The points of the plot: each i() column's estimate and interval (the fit's level), and each reference
 * level at zero. A column dropped as collinear is left out.
 *
 * @example
 * coefplotPoints(feols(did, 'y ~ x1 + i(period, treat, ref = 5) | id + period'))
 *   .find((p) => p.kind === 'reference'); // { level: '5', estimate: 0, ... }
 */
export function coefplotPoints(fit: FeolsResult, options: CoefplotOptions = {}): CoefplotPoint[] {
  const design = modelOf(fit).design;
  const byName = new Map(fit.coefficients.map((c) => [c.term, c]));
  const out: CoefplotPoint[] = [];
  for (const term of factorTerms(fit, options.terms)) {
    const specs = design.factorSpecs?.get(term.name) ?? [];
    const label = (level: string, level2: string | null) => (level2 === null ? level : `${level}:${level2}`);
    const points: CoefplotPoint[] = [];
    for (const spec of specs) {
      const c = byName.get(spec.name);
      if (!c) continue;
      points.push({ term: term.name, level: label(spec.level, spec.level2), estimate: c.estimate, low: c.confLow, high: c.confHigh, kind: 'estimate' });
    }
    for (const ref of design.factorRefs?.get(term.name) ?? []) {
      points.push({ term: term.name, level: ref, estimate: 0, low: null, high: null, kind: 'reference' });
    }
    // Levels in the factor's order (numbers numerically: event time reads left to right).
    const order = sortedLevels([...new Set(points.map((p) => p.level.split(':')[0]))]);
    points.sort((a, b) => order.indexOf(a.level.split(':')[0]) - order.indexOf(b.level.split(':')[0]) || a.level.localeCompare(b.level));
    out.push(...points);
  }
  return out;
}

/**
 * The plot as a Vega-Lite spec (for embedding elsewhere, or rendering with `coefplotSvg`).
 *
 * @example
 * const spec = coefplotSpec(fit, { terms: ['time_to_treat'] });
 */
export function coefplotSpec(fit: FeolsResult, options: CoefplotOptions = {}): TopLevelSpec {
  const points = coefplotPoints(fit, options);
  const terms = [...new Set(points.map((p) => p.term))];
  const width = options.width ?? 560;
  const height = options.height ?? 240;
  const level = `${Math.round((options.level ?? DEFAULTS.level) * 100)}%`;
  const panel = (term: string) => {
    const values = points.filter((p) => p.term === term);
    const x = { field: 'level', type: 'ordinal' as const, sort: values.map((p) => p.level), title: term };
    return {
      width, height,
      data: { values },
      layer: [
        { mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { y: { datum: 0 } } },
        {
          transform: [{ filter: "datum.kind == 'estimate'" }],
          mark: { type: 'rule', strokeWidth: 1.4, color: ESTIMATE_COLOUR },
          encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
        },
        {
          mark: { type: 'point', size: 46, strokeWidth: 1.6, opacity: 1 },
          encoding: {
            x,
            y: { field: 'estimate', type: 'quantitative', title: `estimate (${level} CI)` },
            // One legend: colour, fill and shape share the field and the legend's settings, so they merge.
            color: { field: 'kind', type: 'nominal', title: null, legend: LEGEND, scale: { domain: KINDS, range: [ESTIMATE_COLOUR, REFERENCE_COLOUR] } },
            fill: { field: 'kind', type: 'nominal', title: null, legend: LEGEND, scale: { domain: KINDS, range: [ESTIMATE_COLOUR, 'white'] } },
            shape: { field: 'kind', type: 'nominal', title: null, legend: LEGEND, scale: { domain: KINDS, range: ['circle', 'diamond'] } },
            tooltip: [{ field: 'level' }, { field: 'estimate', format: '.4g' }, { field: 'low', format: '.4g' }, { field: 'high', format: '.4g' }],
          },
        },
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    title: { text: options.title ?? `${fit.depvar}: ${fit.formula}`, subtitle: `reference level${points.some((p) => p.kind === 'reference') ? 's at 0 (hollow)' : ': none'}; vcov ${fit.vcov.type}`, anchor: 'start' },
    vconcat: terms.map(panel),
    config: { view: { stroke: '#ddd' }, axis: { labelFontSize: 10, titleFontSize: 11 } },
  } as TopLevelSpec;
}

/**
 * Render the coefficient plot to SVG text, headless.
 *
 * @example
 * writeFileSync('event-study.svg', await coefplotSvg(feols(did, 'y ~ i(time_to_treat, treat, ref = -1) | id + period')));
 */
export async function coefplotSvg(fit: FeolsResult, options: CoefplotOptions = {}): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(coefplotSpec(fit, options)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
