// One random model against fixest 0.12 (battery.json, made by make_battery.R): run it through hdfe's library or
// its CLI's --json, and list every way the two disagree. Plain ESM so the test (on src/) and the driver
// (run.mjs, on dist/) share it.

/** |a - b| <= 1e-10 + 1e-8 |b|; Poisson: 1e-6 relative (the IRLS tolerance). */
export const TOL = { feols: { rtol: 1e-8, atol: 1e-10 }, fepois: { rtol: 1e-6, atol: 1e-10 } };
/**
 * fixest forms a Poisson variance with the IRLS weights of the iteration before the last; hdfe with the
 * converged means (glm's). Their SEs differ by up to a few 1e-6, so against fixest the Poisson SE and z are
 * compared at 1e-5 and p (which moves by about z^2 times as much) at 1e-4; against glm with the fixed
 * effects as dummies and fixest's small-sample factors (`se_glm`), the SEs are compared at 1e-8.
 */
export const POISSON_VARIANCE_TOL = { se: { rtol: 1e-5, atol: 1e-10 }, p: { rtol: 1e-4, atol: 1e-10 }, glm: { rtol: 1e-8, atol: 1e-10 } };

/** fixest's own failures (not a statement about the model): any outcome of hdfe's that is not a crash is accepted. */
const FIXEST_BUG = /unforeseen by the author|missing value where TRUE\/FALSE needed|computationally singular/;
/** R's warning for sqrt() of a negative number: hdfe counts those rows in dropped.non_finite instead. */
const R_TRANSFORM_WARNING = /^NaNs produced$/;

/** The case's options in the library's terms. */
export function libraryOptions(c) {
  const o = { ...c.options };
  // fixest's settings in make_battery.R: fixef.tol 2.5e-12, glm.tol 1e-12.
  if (c.estimator === 'feols') o.demeanTol = 1e-13;
  else o.glmTol = 1e-12;
  return o;
}

/** The case's options as `hdfe fit` flags. */
export function cliFlags(c) {
  const o = c.options, flags = [];
  if (o.cluster) flags.push('--cluster', o.cluster.join(','));
  else flags.push('--vcov', o.vcov);
  flags.push('--singletons', o.singletons);
  if (o.weights) flags.push('--weights', o.weights);
  if (o.panel) flags.push('--panel', `${o.panel.id},${o.panel.time}`);
  if (c.estimator === 'fepois') flags.push('--family', 'poisson', '--glm-tol', '1e-12');
  return flags;
}

/** What hdfe gave, in one shape for the library and the CLI: the --json document, or an error. */
export function fromLibrary(hdfe, data, c) {
  try {
    const fit = c.estimator === 'fepois' ? hdfe.fepois(data, c.formula, libraryOptions(c)) : hdfe.feols(data, c.formula, libraryOptions(c));
    return { status: 'ok', json: c.estimator === 'fepois' ? hdfe.fepoisToJson(fit) : hdfe.resultToJson(fit), warnings: fit.warnings ?? [] };
  } catch (e) {
    return { status: 'error', message: String(e?.message ?? e), hdfeError: e instanceof hdfe.HdfeError, name: e?.name };
  }
}

function close(a, b, { rtol, atol }) {
  if (a === null || b === null || a === undefined || b === undefined) return a === b || (a == null && b == null);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/**
 * Compare hdfe's outcome with fixest's. Returns { verdict, problems }: verdict is 'pass', 'fail', 'fixest-bug'
 * (fixest failed internally) or 'no-df' (fixest gives numbers with no residual degree of freedom; hdfe refuses).
 */
export function compareCase(c, got) {
  const fx = c.fixest, problems = [];
  const tol = TOL[c.estimator];
  if (fx.status === 'error') {
    if (FIXEST_BUG.test(fx.message)) {
      if (got.status === 'error' && !got.hdfeError) problems.push(`crash: ${got.message}`);
      return { verdict: problems.length ? 'fail' : 'fixest-bug', problems };
    }
    if (got.status !== 'error') problems.push(`fixest errors (${fx.message.slice(0, 100)}) but hdfe fits`);
    else if (!got.hdfeError) problems.push(`hdfe crashes instead of a clean error: ${got.message}`);
    else if (got.message.includes('\n')) problems.push(`error message spans several lines: ${got.message}`);
    return { verdict: problems.length ? 'fail' : 'pass', problems };
  }
  if (got.status === 'error') {
    // No residual degree of freedom (fixest's SEs are NaN or use a K the saturated fit does not have): hdfe refuses.
    if (got.hdfeError && (fx.nobs <= fx.dof_k || fx.nobs <= fx.nparams)) return { verdict: 'no-df', problems };
    problems.push(`hdfe ${got.hdfeError ? 'refuses' : 'crashes'}: ${got.message.split('\n')[0].slice(0, 200)}`);
    return { verdict: 'fail', problems };
  }
  const j = got.json;
  const terms = j.coefficients.map((t) => t.term);
  if (JSON.stringify(terms) !== JSON.stringify(fx.terms)) problems.push(`terms ${JSON.stringify(terms)} vs fixest ${JSON.stringify(fx.terms)}`);
  if (j.nobs !== fx.nobs) problems.push(`nobs ${j.nobs} vs ${fx.nobs}`);
  const d = j.dropped;
  const dropped = (d.na ?? 0) + (d.singletons ?? 0) + (d.non_finite ?? 0) + (d.fixef_all_zero ?? 0);
  if (dropped !== fx.removed) problems.push(`dropped ${JSON.stringify(d)} (total ${dropped}) vs fixest ${fx.removed}`);
  const collin = [...j.collinear].sort(), fxCollin = [...fx.collinear].sort();
  if (JSON.stringify(collin) !== JSON.stringify(fxCollin)) problems.push(`collinear ${JSON.stringify(collin)} vs fixest ${JSON.stringify(fxCollin)}`);
  if (problems.length) return { verdict: 'fail', problems };
  // A perfect fit: the SEs are rounding noise in both, and R warns (hdfe must too).
  const perfect = c.estimator === 'feols' && fx.r2 !== null && fx.r2 > 1 - 1e-12;
  const fields = [['estimate', 'estimate'], ...(perfect ? [] : [['std_error', 'se'], ['statistic', 'stat'], ['p_value', 'p']])];
  const pois = c.estimator === 'fepois';
  // A standard error that is zero up to rounding (in fixest's numbers): its t and p are noise in both, and
  // hdfe must say so.
  const noise = fx.se.map((se, i) => se !== null && se <= 1e-10 * Math.abs(fx.estimate[i]));
  for (const [mine, theirs] of fields) {
    const within = !pois || theirs === 'estimate' ? tol : theirs === 'p' ? POISSON_VARIANCE_TOL.p : POISSON_VARIANCE_TOL.se;
    j.coefficients.forEach((t, i) => {
      if (theirs !== 'estimate' && noise[i]) return;
      if (!close(t[mine], fx[theirs][i], within)) problems.push(`${theirs}[${t.term}] ${t[mine]} vs ${fx[theirs][i]}`);
    });
  }
  if (noise.some(Boolean) && !got.warnings?.some((w) => /zero up to rounding|perfect fit/.test(w))) problems.push('an SE of rounding noise without a warning');
  if (pois && fx.se_glm) {
    j.coefficients.forEach((t, i) => {
      if (fx.se_glm[i] !== null && !close(t.std_error, fx.se_glm[i], POISSON_VARIANCE_TOL.glm)) problems.push(`se[${t.term}] ${t.std_error} vs glm ${fx.se_glm[i]}`);
    });
  }
  if (c.estimator === 'feols') {
    if (!close(j.r2, fx.r2, tol)) problems.push(`r2 ${j.r2} vs ${fx.r2}`);
    if (fx.within_r2 !== undefined && !perfect && !close(j.within_r2, fx.within_r2, tol)) problems.push(`within_r2 ${j.within_r2} vs ${fx.within_r2}`);
  } else {
    if (!close(j.pseudo_r2, fx.pseudo_r2, tol)) problems.push(`pseudo_r2 ${j.pseudo_r2} vs ${fx.pseudo_r2}`);
    if (!close(j.deviance, fx.deviance, { rtol: 1e-6, atol: 1e-8 })) problems.push(`deviance ${j.deviance} vs ${fx.deviance}`);
  }
  const fxWarns = fx.warnings.filter((w) => !R_TRANSFORM_WARNING.test(w));
  if ((fxWarns.length || perfect) && !(got.warnings?.length)) problems.push(`fixest warns (${fxWarns.join('; ') || 'perfect fit'}) but hdfe does not`);
  if (fx.warnings.some((w) => R_TRANSFORM_WARNING.test(w)) && !(d.non_finite > 0)) problems.push('sqrt of negative values not counted in dropped.non_finite');
  return { verdict: problems.length ? 'fail' : 'pass', problems };
}

/** Endogenous regressors and instruments of an IV formula `... | endo ~ inst`, else null. */
function ivCounts(formula) {
  const last = formula.split('|').pop();
  if (!last.includes('~') || formula.split('|').length < 2) return null;
  const [endo, inst] = last.split('~');
  return { endogenous: endo.split('+').length, instruments: inst.split('+').length };
}

/**
 * Where hdfe differs from fixest on purpose (README, "Where hdfe differs from fixest"): the reason, or null.
 * - An under-identified IV model (fewer instruments than endogenous regressors): fixest drops an exogenous
 *   regressor as "collinear" and prints numbers for a model that is not identified; hdfe refuses it.
 * - fepois with singletons dropped: fixest's fixef.rm = "both" removes singletons and all-zero levels in an
 *   order no simple rule reproduces (seven tried on 200 random designs); hdfe alternates both until neither
 *   changes the sample, so it may drop a few more rows (singletons left by the all-zero drop).
 */
export function knownDifference(c, got) {
  const iv = ivCounts(c.formula);
  if (iv && iv.instruments < iv.endogenous) {
    return got.status === 'error' && got.hdfeError && /under-identified/.test(got.message) ? 'under-identified IV refused' : null;
  }
  if (c.estimator === 'fepois' && c.options.singletons === 'drop' && got.status === 'ok' && c.fixest.status === 'ok' &&
    got.json.nobs < c.fixest.nobs && got.json.dropped.singletons > 0) {
    return 'singletons dropped after the all-zero levels';
  }
  return null;
}

/** Datasets as CSV text (NA as an empty field), for the CLI. */
export function toCsv(data) {
  const names = Object.keys(data);
  const n = data[names[0]].length;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => (data[k][i] === null ? '' : String(data[k][i]))).join(','));
  return lines.join('\n') + '\n';
}
