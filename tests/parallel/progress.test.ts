/** The CLI progress bar: silent off a terminal and for short sweeps, drawn and erased otherwise. */
import { describe, it, expect } from 'vitest';
import { progressBar } from '../../src/parallel/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, columns: 80, write: (s: string) => { writes.push(s); return true; } }, writes };
}

describe('progressBar', () => {
  it('draws nothing when stderr is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    let t = 0;
    const bar = progressBar('permutations', { stream, now: () => t });
    t = 5000;
    bar.update(10, 100);
    bar.finish();
    expect(writes).toEqual([]);
  });

  it('draws nothing during the first second', () => {
    const { stream, writes } = fakeStream(true);
    let t = 0;
    const bar = progressBar('permutations', { stream, now: () => t });
    t = 900;
    bar.update(99, 100);
    bar.update(100, 100);
    bar.finish();
    expect(writes).toEqual([]);
  });

  it('draws a throttled bar after a second and erases it at the end', () => {
    const { stream, writes } = fakeStream(true);
    let t = 0;
    const bar = progressBar('permutations', { stream, now: () => t });
    t = 1200; bar.update(25, 100);
    t = 1210; bar.update(26, 100); // throttled
    t = 1400; bar.update(50, 100);
    t = 1410; bar.update(100, 100); // the last update is always drawn
    bar.finish();
    expect(writes).toHaveLength(4);
    expect(writes[0]).toMatch(/^\rpermutations \[#{10}\.{30}\] 25\/100 +25% eta 4s$/);
    expect(writes[2]).toMatch(/100\/100 100%/);
    expect(writes[3]).toBe('\r\x1b[2K');
  });
});
