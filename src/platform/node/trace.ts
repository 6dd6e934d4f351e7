/**
 * Stage marks on stderr when HDFE_TRACE is set ('hdfe: trace: read 152 ms', time since the process
 * started): where a long run spends its time, and a mark for harnesses that signal a run at a given stage.
 */
import { performance } from 'node:perf_hooks';

/**
 * Mark the start of a stage (read, prepare, sweep, render, write).
 * @example
 * trace('read'); // with HDFE_TRACE=1: 'hdfe: trace: read 152 ms' on stderr
 */
export function trace(stage: string): void {
  if (process.env.HDFE_TRACE) process.stderr.write(`hdfe: trace: ${stage} ${Math.round(performance.now())} ms\n`);
}
