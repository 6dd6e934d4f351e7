/**
 * The page's automation contract (README, "The page"): `?data=/files/x.csv&formula=...&vcov=iid|hetero&
 * cluster=a,b&boot=TERM&reps=B&seed=S` fits (and bootstraps) as `hdfe fit --json` (and `hdfe boot --json`)
 * would on that file and writes `{"fit": ..., "boot": ...}` (boot null when not asked), or
 * `{"error": "<the CLI's one-line message>"}`, into `<script type="application/json" id="hdfe-result">`.
 */
import { sourceBytes } from '../platform/browser/files.js';
import { bootPage, FieldError, fitPage, type BootChoice, type ModelChoice } from './analysis.js';
import { $, lineOf, writeResult } from './dom.js';
import { fillForm, showBoot, showFieldError, showFit, useData } from './ui.js';

/** The contract's parameters, as given. */
export interface ContractQuery {
  readonly data: string;
  readonly model: ModelChoice;
  readonly boot: BootChoice | null;
}

/**
 * The query's request, or null when it has no `data` (then the page just waits for a person).
 * With `boot`, the cluster columns are the bootstrap's; they are the fit's too unless `vcov` is iid or hetero.
 * @example
 * contractQuery('?data=/files/p.csv&formula=y%20~%20x%20%7C%20firm&cluster=firm&boot=x&reps=999&seed=3');
 */
export function contractQuery(search: string): ContractQuery | null {
  const q = new URLSearchParams(search);
  const data = q.get('data');
  if (data === null) return null;
  const get = (key: string) => q.get(key) ?? undefined;
  const term = get('boot');
  const vcov = get('vcov');
  const cluster = get('cluster');
  const fitCluster = term !== undefined && (vcov === 'iid' || vcov === 'hetero') ? undefined : cluster;
  return {
    data,
    model: { formula: get('formula') ?? '', vcov, cluster: fitCluster },
    boot: term === undefined ? null : { term, cluster, reps: get('reps'), seed: get('seed') },
  };
}

/** Run the request, show it in the page as a person's fit would be shown, and write the result element. */
export async function runContract(query: ContractQuery, ready: Promise<void>): Promise<void> {
  fillForm(query.model, query.boot?.cluster);
  try {
    await ready;
    let source;
    try {
      source = await sourceBytes(query.data);
    } catch (err) {
      throw new FieldError('data', err);
    }
    await useData(source);
    const fit = await fitPage(source, query.model, query.boot ?? undefined);
    showFit(fit, query.model);
    if (query.boot) {
      $<HTMLSelectElement>('boot-term').value = query.boot.term;
      if (query.boot.reps) $<HTMLInputElement>('boot-reps').value = query.boot.reps;
      if (query.boot.seed) $<HTMLInputElement>('boot-seed').value = query.boot.seed;
    }
    const boot = query.boot ? await bootPage(fit.data, query.model.formula, query.boot) : null;
    if (boot) showBoot(boot.result);
    writeResult({ fit: fit.json, boot: boot ? boot.json : null });
  } catch (err) {
    const line = err instanceof FieldError || err instanceof Error ? showFieldError(err, 'formula') : lineOf(err);
    writeResult({ error: line });
  }
}
