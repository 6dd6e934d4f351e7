/**
 * The model flags shared by fit, table, boot and permute, and the feols options they make. No Node here: the
 * page turns its query string into the same options, with the same messages.
 */
import { DEFAULTS } from '../defaults.js';
import type { FeolsOptions, VcovType } from '../estimate/options.js';
import { list, parseSsc, str, UsageError } from './options.js';

/** Model options shared by fit, table, boot, permute: their flags and help lines. */
export const MODEL_FLAGS = {
  vcov: { type: 'string' }, cluster: { type: 'string' }, ssc: { type: 'string' }, convention: { type: 'string' },
  singletons: { type: 'string' }, weights: { type: 'string' }, panel: { type: 'string' }, lag: { type: 'string' }, format: { type: 'string' },
  lat: { type: 'string' }, lon: { type: 'string' }, cutoff: { type: 'string' }, distance: { type: 'string' },
} as const;

/** Help lines of the shared model flags. */
export const MODEL_HELP = `  --vcov iid|hetero|HC2|HC3|NW|DK|conley|CR3   variance (hetero: HC1; NW, DK need --panel; CR3 --cluster C) [${DEFAULTS.vcov}]
  --cluster a[,b]          cluster variables (multiway: Cameron-Gelbach-Miller)
  --convention NAME        small-sample conventions of fixest, reghdfe, stata_xtreg, stata_areg, plm or lm [fixest]
  --ssc key=value[,...]    small-sample switches, over the convention's [k_adj=${DEFAULTS.ssc.kAdj},k_fixef=${DEFAULTS.ssc.kFixef},g_adj=${DEFAULTS.ssc.gAdj},g_df=${DEFAULTS.ssc.gDf},t_df=${DEFAULTS.ssc.tDf},fixef_exact=${DEFAULTS.ssc.fixefExact}]
  --singletons drop|keep   singleton observations, dropped iteratively [${DEFAULTS.singletons}]
  --weights col            observation weights
  --panel id,time          panel for l(), f(), d() and the NW and DK variances
  --lag L                  lag of NW and DK [floor(T^(1/4))]
  --lat C --lon C --cutoff KM [--distance spherical|triangular]   coordinates (degrees) and cutoff of conley [spherical]
  --format csv|tsv|json|arrow|parquet   data format [from the extension; csv for -]`;

function lagOption(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const lag = Number(str(value));
  if (!(Number.isInteger(lag) && lag >= 0)) throw new UsageError(`--lag takes a non-negative integer; got '${str(value)}'`);
  return lag;
}

function conleyOption(values: Record<string, string | boolean | undefined>): FeolsOptions['conley'] {
  const lat = str(values.lat), lon = str(values.lon), cutoff = str(values.cutoff);
  if (lat === undefined && lon === undefined && cutoff === undefined) return undefined;
  if (!lat || !lon || !cutoff) throw new UsageError('the Conley variance takes --lat COL --lon COL --cutoff KM together');
  const km = Number(cutoff);
  if (!(km > 0)) throw new UsageError(`--cutoff takes a positive distance in km; got '${cutoff}'`);
  return { lat, lon, cutoff: km, distance: str(values.distance) as 'spherical' | 'triangular' | undefined };
}

/** feols options from the shared flags. */
export function modelOptions(values: Record<string, string | boolean | undefined>): FeolsOptions {
  const panel = list(values.panel);
  if (panel && panel.length !== 2) throw new UsageError(`--panel takes two columns, id,time; got '${str(values.panel)}'`);
  const cluster = list(values.cluster);
  if (values.vcov === 'cluster' && !cluster) throw new UsageError('--vcov cluster needs --cluster a[,b]');
  if (cluster && values.vcov && values.vcov !== 'cluster' && values.vcov !== 'CR3') {
    throw new UsageError(`--cluster and --vcov ${str(values.vcov)} contradict each other; drop one`);
  }
  return {
    vcov: (str(values.vcov) as VcovType | undefined) ?? (cluster ? 'cluster' : undefined),
    cluster,
    ssc: parseSsc(values.ssc),
    convention: str(values.convention) as FeolsOptions['convention'],
    singletons: str(values.singletons) as 'drop' | 'keep' | undefined,
    weights: str(values.weights),
    panel: panel ? { id: panel[0], time: panel[1] } : undefined,
    lag: lagOption(values.lag),
    conley: conleyOption(values),
  };
}

