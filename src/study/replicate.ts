/**
 * The study end to end (data/README.md, "The study") from the bundled files (Node): reads data/, runs the
 * study (tables.ts) and writes output/tableN.{md,tex,html,json} and the extras atomically, as one set.
 */
import { readFileSync } from 'node:fs';
import { ensureDir, writeFilesAtomic } from '../platform/node/output.js';
import { join } from 'node:path';
import { loadData } from '../data/load.js';
import { studyData, studyTables, type StudyInputs, type StudyOptions, type StudyResult } from './tables.js';

export { LABELS, studyData, studyTables, type StudyInputs, type StudyOptions, type StudyResult, type StudyTruth } from './tables.js';

/** Where the study's data are and where its tables go. */
export interface ReplicateOptions extends StudyOptions {
  /** Folder with province_panel.csv, province_distance.csv and province_panel.truth.json. */
  dataDir: string;
  /** Where the tables go (created). */
  outDir: string;
}

/** Every output of the job, with the paths written. */
export interface Replication extends StudyResult {
  readonly files: readonly string[];
}

/** The study's inputs from a data folder. */
export async function readStudyInputs(dataDir: string): Promise<StudyInputs> {
  return {
    panel: await loadData(join(dataDir, 'province_panel.csv')),
    distance: await loadData(join(dataDir, 'province_distance.csv')),
    truth: JSON.parse(readFileSync(join(dataDir, 'province_panel.truth.json'), 'utf8')),
  };
}

/** SL and Vag on the paper's years, from a data folder. */
export async function buildStudyData(dataDir: string, years: [number, number]) {
  return studyData(await readStudyInputs(dataDir), years);
}

/** Run the whole study; writes tableN.{md,tex,html,json} and the extras under outDir. */
export async function replicate(options: ReplicateOptions): Promise<Replication> {
  const { dataDir, outDir, ...study } = options;
  ensureDir(outDir); // before the study: a folder that cannot be made is said at once, not after the run
  const result = await studyTables(await readStudyInputs(dataDir), study);
  // One set: tables of a stopped run never sit beside a finished run's others.
  const set = result.outputs.map(([name, text]) => [join(outDir, name), text] as const);
  await writeFilesAtomic(set);
  const files = set.map(([file]) => file);
  return Object.freeze({ ...result, files });
}
