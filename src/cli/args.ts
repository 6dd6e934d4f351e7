/** Shared pieces of the CLI: option parsing helpers and the one-line error contract (exit code 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './options.js';

export { UsageError, parseSsc, str, list, splitTopLevel } from './options.js';

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

