/** Shared pieces of the CLI: option parsing helpers and the one-line error contract (exit code 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../estimate/options.js';
import { UsageError } from './options.js';

export { UsageError, parseSsc, str, list, splitTopLevel } from './options.js';

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

/**
 * Old option names a command still accepts, hidden from its help: each use prints a one-line note on stderr
 * and counts as the new name (`{ terms: 'param' }`: `--terms a,b` is `--param a,b`). Both at once is a usage error.
 * Mutates and returns `values`.
 * @example
 * renamed(values, { out: 'out-dir' }, REPLICATE_USAGE);
 */
export function renamed(values: ParsedArgs['values'], names: Readonly<Record<string, string>>, usage: string): ParsedArgs['values'] {
  for (const [old, now] of Object.entries(names)) {
    if (values[old] === undefined) continue;
    if (values[now] !== undefined) throw new UsageError(`--${old} is the old name of --${now}; give only --${now}; usage: ${usage}`);
    process.stderr.write(`hdfe: note: --${old} is now --${now} (one name in every command); the old name will be removed\n`);
    values[now] = values[old];
    delete values[old];
  }
  return values;
}
