/** Chunk plans and the default task size. */
import { describe, it, expect } from 'vitest';
import { defaultChunkSize, planChunks, MAX_CHUNKS, MIN_TASK_MS, TARGET_TASK_MS } from '../../src/parallel/plan.js';

describe('planChunks', () => {
  it('covers [0, total) in order with no gap or overlap', () => {
    for (const [total, size] of [[0, 3], [1, 1], [10, 3], [10, 10], [10, 100], [1000, 7]]) {
      const chunks = planChunks(total, size);
      let next = 0;
      for (const c of chunks) {
        expect(c.start).toBe(next);
        expect(c.end - c.start).toBeGreaterThan(0);
        expect(c.end - c.start).toBeLessThanOrEqual(size);
        next = c.end;
      }
      expect(next).toBe(total);
    }
  });
  it('rejects bad sizes', () => {
    expect(() => planChunks(10, 0)).toThrow(/chunkSize must be a positive integer/);
    expect(() => planChunks(-1, 2)).toThrow(/non-negative/);
  });
});

describe('defaultChunkSize', () => {
  it('aims at tasks of TARGET_TASK_MS', () => {
    expect(defaultChunkSize(1e6, 2, 0.05)).toBe(Math.ceil(TARGET_TASK_MS / 0.05));
  });
  it('splits short sweeps for balance, but not below MIN_TASK_MS', () => {
    const size = defaultChunkSize(400, 2, 0.01); // 400 draws: balance asks 50 per task, MIN_TASK_MS 200
    expect(size).toBe(Math.ceil(MIN_TASK_MS / 0.01));
    expect(defaultChunkSize(800, 2, 1)).toBe(10); // 1 ms draws: target 10, balance 100
    expect(defaultChunkSize(40, 2, 1)).toBe(5); // balance 5 (>= MIN_TASK_MS)
  });
  it('one draw per task when draws are slow, never more than the total', () => {
    expect(defaultChunkSize(100, 4, 500)).toBe(1);
    expect(defaultChunkSize(3, 1, 0.001)).toBe(3);
    expect(defaultChunkSize(100, 2, NaN)).toBeGreaterThan(0);
  });
  it('never plans more than MAX_CHUNKS tasks, however slow the draws', () => {
    const size = defaultChunkSize(9_999_999, 2, 20); // 20 ms draws alone would ask for one draw per task
    expect(planChunks(9_999_999, size).length).toBeLessThanOrEqual(MAX_CHUNKS);
    expect(defaultChunkSize(1000, 2, 20)).toBe(1);
  });
});
