/** Shared pieces of the CLI: option parsing helpers and the one-line error contract (exit code 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HdfeError, OptionError } from '../errors.js';
import { closest, type Ssc } from '../estimate/options.js';

/** Thrown for a usage problem; printed as one line with exit code 2. */
export class UsageError extends HdfeError {
  override name = 'UsageError';
}

/** node:util parseArgs with our error type. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parse a command's arguments; a usage problem becomes a one-line UsageError. */
export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, usage: string): ParsedArgs {
  // A negative number after an option that takes a value is that value (`--reps -5`), so its validator can
  // say what a valid one is; node's parser would take it for an option.
  const args = argv.flatMap((arg, i) => (i > 0 && /^-\d/.test(arg) && takesValue(argv[i - 1], options) ? [] : [
    i + 1 < argv.length && /^-\d/.test(argv[i + 1]) && takesValue(arg, options) ? `${arg}=${argv[i + 1]}` : arg]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec((err as Error).message);
    if (unknown) {
      const names = Object.keys(options).map((o) => `--${o}`);
      const near = closest(unknown[1], names);
      throw new UsageError(`unknown option '${unknown[1]}'${near ? `; did you mean '${near}'?` : ''}; usage: ${usage}`);
    }
    throw new UsageError(`${(err as Error).message}; usage: ${usage}`);
  }
}

/** `--name` (not `--name=value`) of an option that takes a string value. */
function takesValue(arg: string, options: NonNullable<ParseArgsConfig['options']>): boolean {
  if (!arg.startsWith('-') || arg.includes('=')) return false;
  const name = arg.startsWith('--') ? arg.slice(2) : Object.keys(options).find((k) => options[k].short === arg.slice(1));
  return name !== undefined && options[name]?.type === 'string';
}

const SSC_KEYS: Record<string, keyof Ssc> = {
  k_adj: 'kAdj', kAdj: 'kAdj', k_fixef: 'kFixef', kFixef: 'kFixef', g_adj: 'gAdj', gAdj: 'gAdj',
  g_df: 'gDf', gDf: 'gDf', t_df: 'tDf', tDf: 'tDf', fixef_exact: 'fixefExact', fixefExact: 'fixefExact',
};

/** `--ssc k_adj=false,g_df=conventional` -> { kAdj: false, gDf: 'conventional' } (validated later). */
export function parseSsc(value: string | boolean | undefined): Partial<Ssc> {
  const text = str(value);
  if (!text) return {};
  const out: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=').map((s) => s.trim());
    const name = SSC_KEYS[key];
    if (!name || value === undefined) {
      throw new OptionError(`--ssc takes key=value pairs with keys k_adj, k_fixef, g_adj, g_df, t_df, fixef_exact; got '${pair}'`);
    }
    out[name] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return out as Partial<Ssc>;
}

/** A string option's value (parseArgs types every value loosely). */
export function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Comma-separated list, or undefined. */
export function list(value: string | boolean | undefined): string[] | undefined {
  const text = str(value);
  return text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Split on `sep` outside parentheses.
 * @example
 * splitTopLevel('Vag,l(Vag,1)', ','); // ['Vag', 'l(Vag,1)']
 */
export function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === sep && depth === 0) { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}
