// The bad-input battery (bad-input-cases.mjs): 173 command lines with broken files, formulas, options and
// combinations, each run as a process of the built CLI. Every one must end with one line on stderr that says
// what went wrong, exit code 2, no stack trace and nothing on stdout.
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './bad-input-cases.mjs';
import { runBattery } from './bad-input-run.mjs';

/** Every case starts a process; on a loaded 2-core machine 173 of them take minutes. */
const BATTERY_TIMEOUT = 900_000;

type Outcome = { case: { name: string }; out: { status: number | null; stderr: string; stdout: string }; problems: string[] };
let results: Outcome[] = [];

describe('bad input: one line, exit code 2', () => {
  beforeAll(async () => {
    results = await runBattery({ parallel: 3 }) as Outcome[];
  }, BATTERY_TIMEOUT);

  it('has at least 100 cases, each named once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const r = results.find((x) => x.case.name === c.name);
      expect(r, 'ran').toBeDefined();
      expect(r?.problems, r?.out.stderr).toEqual([]);
    });
  }
});
