/**
 * The page's controls: choose or drop a file, see its columns, fit, read the summary and the regression
 * table (copy, download), run the wild bootstrap with progress and cancellation, draw the specification
 * curve, and replicate the study. Every number comes from analysis.ts (the CLI's code paths); every error is
 * the CLI's one line, shown beside the field it belongs to.
 */
import { errorLine, HdfeError } from '../errors.js';
import { gridFiles } from '../grid/files.js';
import { specificationGrid } from '../grid/run.js';
import type { GridDefinition, VcovChoice } from '../grid/spec.js';
import { loadBytes } from '../data/load-bytes.js';
import { regressionTable, render, type Table } from '../report/index.js';
import { formatSummary } from '../cli/summary.js';
import { splitTopLevel } from '../cli/options.js';
import { studyTables, LABELS } from '../study/tables.js';
import { bootPage, fitPage, FieldError, readData, selection, type Field, type ModelChoice, type PageData, type PageFit } from './analysis.js';
import { $, copyText, lineOf, offer, showError, writeResult } from './dom.js';
import { printed } from './format.js';
import type { WildResult } from '../infer/wild.js';

/** What the page holds between actions. */
interface State {
  data: PageData | null;
  fit: PageFit | null;
  choice: ModelChoice | null;
  table: Table | null;
  boot: AbortController | null;
}

const state: State = { data: null, fit: null, choice: null, table: null, boot: null };

/** Error element and input of each field. */
const FIELDS: Record<Field, [string, string | null]> = {
  data: ['file-error', 'file'], formula: ['formula-error', 'formula'], vcov: ['vcov-error', null],
  cluster: ['cluster-error', 'cluster'], boot: ['boot-error', 'boot-term'],
};

function clearErrors(): void {
  for (const [error, input] of Object.values(FIELDS)) showError(error, '', input ? document.getElementById(input) : null);
}

/** Show an error beside its field (a FieldError knows it; anything else goes to `fallback`). */
export function showFieldError(err: unknown, fallback: Field): string {
  const field = err instanceof FieldError ? err.field : fallback;
  const line = lineOf(err instanceof FieldError ? err.error : err);
  const [error, input] = FIELDS[field];
  showError(error, line, input ? document.getElementById(input) : null);
  return line;
}

/** The model choice in the form. */
function choiceOf(): ModelChoice {
  const vcov = (document.querySelector('input[name=vcov]:checked') as HTMLInputElement | null)?.value ?? 'iid';
  const cluster = $<HTMLInputElement>('cluster').value.trim();
  // iid and hetero take no cluster: then the field is the bootstrap's only.
  return { formula: $<HTMLInputElement>('formula').value.trim(), vcov, cluster: vcov === 'cluster' ? cluster : undefined };
}

/** Put a choice into the form (the automation contract shows what it ran). */
export function fillForm(choice: ModelChoice, bootCluster?: string): void {
  $<HTMLInputElement>('formula').value = choice.formula;
  const vcov = choice.vcov ?? (choice.cluster ? 'cluster' : 'iid');
  const radio = document.querySelector(`input[name=vcov][value="${vcov}"]`) as HTMLInputElement | null;
  if (radio) radio.checked = true;
  $<HTMLInputElement>('cluster').value = choice.cluster ?? bootCluster ?? '';
}

/** Hold a file's bytes and list its columns (read from its first 64 KiB for delimited text). */
export async function useData(data: PageData): Promise<void> {
  state.data = data;
  state.fit = null;
  clearErrors();
  const info = $('data-info');
  const list = $('columns');
  list.replaceChildren();
  info.textContent = `Reading ${data.name} (${(data.bytes.length / 1e6).toFixed(2)} MB)...`;
  try {
    let head = data.bytes;
    if (/\.(csv|tsv|tab|txt)$/i.test(data.name) || !/\.\w+$/.test(data.name)) {
      const cut = data.bytes.length > 65536 ? data.bytes.lastIndexOf(10, 65536) : -1;
      if (cut > 0) head = data.bytes.subarray(0, cut + 1);
    }
    const preview = await readData({ bytes: head, name: data.name });
    const names = Object.keys(preview.columns);
    info.textContent = `${data.name}: ${names.length} columns${head === data.bytes ? `, ${preview.n} rows` : ''}. Activate a column to add it to the formula.`;
    for (const name of names) {
      const button = document.createElement('button');
      button.type = 'button';
      const kind = preview.columns[name] instanceof Float64Array ? 'number' : 'text';
      button.innerHTML = '';
      button.append(name);
      const tag = document.createElement('span');
      tag.className = 'kind';
      tag.textContent = kind;
      button.append(tag);
      button.setAttribute('aria-label', `${name} (${kind}): add to the formula`);
      button.addEventListener('click', () => insertIntoFormula(name));
      list.append(button);
    }
  } catch (err) {
    info.textContent = '';
    showFieldError(err, 'data');
  }
}

function insertIntoFormula(name: string): void {
  const input = $<HTMLInputElement>('formula');
  const text = input.value;
  const at = input.selectionStart ?? text.length;
  const before = text.slice(0, at).replace(/\s+$/, '');
  const glue = before === '' ? '' : /[~+|*:(,]$/.test(before) ? ' ' : ' + ';
  const head = before + glue + name;
  input.value = head + text.slice(at);
  input.focus();
  input.setSelectionRange(head.length, head.length);
}

/** Show a fit: summary, coefficients as printed, the table and its downloads, and the bootstrap's terms. */
export function showFit(fit: PageFit, choice: ModelChoice): void {
  state.fit = fit;
  state.choice = choice;
  $('results').hidden = false;
  $('inference').hidden = false;
  $('summary').textContent = formatSummary(fit.result);
  const rows = fit.result.coefficients.map((c) =>
    `<tr data-term="${escapeHtml(c.term)}"><th scope="row">${escapeHtml(c.term)}</th><td class="estimate">${printed(c.estimate)}</td>` +
    `<td class="std-error">${printed(c.stdError)}</td><td class="statistic">${printed(c.statistic)}</td><td class="p-value">${printed(c.pValue)}</td></tr>`).join('');
  $('coef').innerHTML = `<table id="coef-table"><caption>Coefficients (N = <span id="nobs">${fit.result.nobs}</span>, ` +
    `fitted in <span id="fit-ms">${fit.ms.toFixed(1)}</span> ms)</caption><thead><tr><th scope="col">term</th><th scope="col">estimate</th>` +
    `<th scope="col">std. error</th><th scope="col">t</th><th scope="col">p</th></tr></thead><tbody>${rows}</tbody></table>`;
  const table = regressionTable([fit.result]);
  state.table = table;
  $('table').innerHTML = render(table, 'html');
  offer('download-html', render(table, 'html'), 'text/html');
  offer('download-csv', render(table, 'csv'), 'text/csv');
  offer('download-json', JSON.stringify(fit.json, null, 2), 'application/json');
  const select = $<HTMLSelectElement>('boot-term');
  select.replaceChildren(...fit.result.coefficients.map((c) => new Option(c.term, c.term)));
  $('curve').replaceChildren();
  $<HTMLAnchorElement>('curve-download').hidden = true;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

async function onFit(event: Event): Promise<void> {
  event.preventDefault();
  clearErrors();
  if (!state.data) { showError('file-error', 'hdfe: no data yet: choose or drop a file first (or replicate the study)', $('file')); return; }
  const choice = choiceOf();
  const button = $<HTMLButtonElement>('fit');
  button.disabled = true;
  try {
    const fit = await fitPage(state.data, choice);
    showFit(fit, choice);
    writeResult({ fit: fit.json, boot: null });
  } catch (err) {
    writeResult({ error: showFieldError(err, 'formula') });
  } finally {
    button.disabled = false;
  }
}

async function onBoot(event: Event): Promise<void> {
  event.preventDefault();
  showError('boot-error', '');
  const fit = state.fit;
  const choice = state.choice;
  if (!fit || !choice || !state.data) return;
  const cluster = $<HTMLInputElement>('cluster').value.trim();
  const boot = { term: $<HTMLSelectElement>('boot-term').value, cluster, reps: $<HTMLInputElement>('boot-reps').value.trim(), seed: $<HTMLInputElement>('boot-seed').value.trim() };
  const progress = $<HTMLProgressElement>('boot-progress');
  const run = $<HTMLButtonElement>('boot-run');
  const cancel = $<HTMLButtonElement>('boot-cancel');
  state.boot = new AbortController();
  run.disabled = true;
  cancel.disabled = false;
  progress.value = 0;
  $('boot-result').textContent = 'Running...';
  try {
    const data = await readData(state.data, await selection({ formula: choice.formula }, {}, boot), { formula: choice.formula, cluster });
    const r = await bootPage(data, choice.formula, boot, {
      signal: state.boot.signal,
      onProgress: (done, total) => { progress.value = done / total; },
    });
    progress.value = 1;
    showBoot(r.result);
    writeResult({ fit: fit.json, boot: r.json });
  } catch (err) {
    $('boot-result').textContent = '';
    showFieldError(err, 'boot');
  } finally {
    state.boot = null;
    run.disabled = false;
    cancel.disabled = true;
  }
}

/** Show a bootstrap's result as `hdfe boot` words it; the exact p-value is in data-p-value. */
export function showBoot(w: WildResult): void {
  $<HTMLProgressElement>('boot-progress').value = 1;
  $('boot-result').textContent = `Wild cluster bootstrap (${w.type}, ${w.weights}${w.enumerated ? ', all 2^G draws enumerated' : `, ${w.reps} draws, seed ${w.seed}`}), ` +
    `${w.clusters} clusters: H0: ${w.term} = ${w.null}, t = ${printed(w.statistic, 5)}, p = ${printed(w.pValue, 4)}; ` +
    `${Math.round(w.level * 100)}% CI [${printed(w.confLow, 5)}, ${printed(w.confHigh, 5)}]`;
  $('boot-result').dataset.pValue = String(w.pValue);
}

/** The grid the curve draws: the first regressor over every subset of the others, the model's FE and SEs. */
export function curveDefinition(choice: ModelChoice): GridDefinition {
  const [lhs, rhs = ''] = choice.formula.split('~');
  const [terms, fe] = splitTopLevel(rhs, '|');
  const regressors = splitTopLevel(terms ?? '', '+');
  const vcov: VcovChoice = choice.vcov === 'hetero' ? { type: 'hetero' }
    : choice.vcov === 'cluster' && choice.cluster ? { type: 'cluster', cluster: choice.cluster.split(',').map((c) => c.trim()) } : { type: 'iid' };
  return {
    depvar: lhs.trim(), main: regressors.slice(0, 1), controls: regressors.slice(1),
    fixedEffects: [fe ? splitTopLevel(fe, '+') : []], vcov: [vcov],
  };
}

async function onCurve(event: Event): Promise<void> {
  event.preventDefault();
  showError('curve-error', '');
  const choice = state.choice;
  if (!choice || !state.data) return;
  const status = $('curve-status');
  const button = $<HTMLButtonElement>('curve-run');
  button.disabled = true;
  try {
    const definition = curveDefinition(choice);
    const cluster = choice.vcov === 'cluster' ? choice.cluster : undefined;
    const data = await readData(state.data, await selection({ formula: choice.formula, cluster }, { cluster: cluster?.split(',') }), choice);
    status.textContent = 'Estimating...';
    const grid = await specificationGrid(data.columns, definition, {
      onProgress: (done, total) => { status.textContent = `Estimating: ${done} of ${total} specifications`; },
    });
    status.textContent = 'Drawing (loading the plotting library)...';
    const files = await gridFiles(grid);
    const svg = files.find(([name]) => name.endsWith('.svg'))?.[1] ?? '';
    $('curve').innerHTML = svg;
    offer('curve-download', svg, 'image/svg+xml');
    $<HTMLAnchorElement>('curve-download').hidden = false;
    const s = grid.summary;
    status.textContent = `${s.specs} specifications: median estimate ${printed(s.median, 3)}, ${(100 * s.sharePositive).toFixed(0)}% positive, ` +
      `${(100 * s.shareSignificant).toFixed(0)}% significant at ${s.alpha}`;
  } catch (err) {
    status.textContent = '';
    showError('curve-error', lineOf(err));
  } finally {
    button.disabled = false;
  }
}

/** Columns as CSV text (fields quoted when they hold a comma, a quote or a line break; missing as empty). */
function columnsCsv(data: Readonly<Record<string, ArrayLike<number | string | null>>>): string {
  const names = Object.keys(data);
  const field = (v: number | string | null) => {
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) return '';
    const text = String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const n = names.length ? data[names[0]].length : 0;
  const lines = [names.map(field).join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((name) => field(data[name][i])).join(','));
  return lines.join('\n') + '\n';
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new HdfeError(`cannot read the study's ${path}: the server answered ${response.status}; serve the built page (dist/web/) whole`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Run the study on the bundled panel: Tables 1-7 as `npm start` writes them. */
async function onReplicate(): Promise<void> {
  const status = $('replicate-status');
  const button = $<HTMLButtonElement>('replicate');
  showError('replicate-error', '');
  button.disabled = true;
  status.textContent = 'Running the study...';
  try {
    const [panel, distance, truth] = await Promise.all(['study/province_panel.csv', 'study/province_distance.csv', 'study/province_panel.truth.json'].map(fetchBytes));
    const t0 = performance.now();
    const result = await studyTables({
      panel: await loadBytes(panel, 'province_panel.csv'),
      distance: await loadBytes(distance, 'province_distance.csv'),
      truth: JSON.parse(new TextDecoder().decode(truth)),
    });
    const study = $('study');
    study.hidden = false;
    $('study-terminal').textContent = result.terminal;
    $('study-tables').innerHTML = Object.entries(result.tables).map(([name, table]) => `<div class="scroll" id="study-${name}">${render(table, 'html')}</div>`).join('');
    const links = $('study-files');
    links.replaceChildren(...result.outputs.map(([name, text]) => {
      const a = document.createElement('a');
      a.download = name;
      a.textContent = name;
      a.href = URL.createObjectURL(new Blob([text], { type: name.endsWith('.svg') ? 'image/svg+xml' : 'text/plain' }));
      return a;
    }));
    status.textContent = `Done in ${((performance.now() - t0) / 1000).toFixed(1)} s: Tables 1-7 below, every file of output/ to download.`;
    // The study's estimation sample (SL, Vag and the controls) becomes the page's data, so its models can be
    // refitted by hand; String(x) gives back the same double when read.
    await useData({ bytes: new TextEncoder().encode(columnsCsv(result.data)), name: 'study_sample.csv' });
    $<HTMLInputElement>('formula').value = 'SL ~ Vag + GDP + TAX + CPI + FDI | year';
    study.scrollIntoView({ behavior: 'smooth' });
  } catch (err) {
    status.textContent = '';
    showError('replicate-error', err instanceof HdfeError ? errorLine(err) : lineOf(err));
  } finally {
    button.disabled = false;
  }
}

/** Wire the page's controls. `ready` resolves when the WebAssembly core is loaded. */
export function mountPage(ready: Promise<void>): void {
  const file = $<HTMLInputElement>('file');
  const drop = $('drop');
  const read = async (f: File) => { await ready; await useData({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name }); };
  file.addEventListener('change', () => { const f = file.files?.[0]; if (f) void read(f); });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) void read(f);
  });
  $('model-form').addEventListener('submit', (e) => { void ready.then(() => onFit(e)); e.preventDefault(); });
  $('boot-form').addEventListener('submit', (e) => { e.preventDefault(); void onBoot(e); });
  $('boot-cancel').addEventListener('click', () => state.boot?.abort(new Error('cancelled from the page')));
  $('curve-form').addEventListener('submit', (e) => { e.preventDefault(); void onCurve(e); });
  $('replicate').addEventListener('click', () => { void ready.then(onReplicate); });
  const copy = (format: 'md' | 'latex', label: string) => async () => {
    if (!state.table) return;
    await copyText(render(state.table, format));
    $('copy-status').textContent = `${label} copied`;
  };
  $('copy-md').addEventListener('click', copy('md', 'Markdown'));
  $('copy-latex').addEventListener('click', copy('latex', 'LaTeX'));
}
