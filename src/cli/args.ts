/** Shared pieces of the CLI: option parsing helpers and the one-line error contract (exit code 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HdfeError, OptionError } from '../errors.js';
import type { Ssc } from '../estimate/options.js';

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
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; usage: ${usage}`);
  }
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
