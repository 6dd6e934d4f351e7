/** The queue's boundary, in process: job validation, Redis URLs, the context codec. */
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { decodeContext, decodeValues, encodeContext, encodeValues } from '../../src/queue/codec.js';
import { QueueError } from '../../src/queue/errors.js';
import { JOB_FORMAT, validateJob } from '../../src/queue/job.js';
import { parseRedisUrl } from '../../src/queue/url.js';
import { HDFE_VERSION } from '../../src/queue/version.js';
import { shareF64 } from '../../src/parallel/shared.js';

const good = { format: JOB_FORMAT, version: HDFE_VERSION, kind: 'infer.wild', data: 'a'.repeat(64), bytes: 10, sweep: 'abc-1', start: 0, end: 10, width: 3 };

describe('validateJob', () => {
  it('accepts hdfe\'s own job', () => {
    expect(validateJob(good)).toEqual(good);
  });
  for (const [what, bad, message] of [
    ['an unknown kind', { ...good, kind: 'eval' }, /job kind "eval" is not one of hdfe's/],
    ['an extra field', { ...good, module: '../../evil.js' }, /unknown fields module/],
    ['another version', { ...good, version: '0.0.0-other' }, /same version everywhere/],
    ['a bad data key', { ...good, data: '../etc' }, /64 hex digits/],
    ['reversed draws', { ...good, start: 5, end: 5 }, /0 <= start < end/],
    ['a fractional width', { ...good, width: 1.5 }, /width must be a positive integer/],
    ['not an object', 'job', /must be an object/],
  ] as const) {
    it(`rejects ${what}`, () => {
      expect(() => validateJob(bad)).toThrow(QueueError);
      expect(() => validateJob(bad)).toThrow(message);
    });
  }
});

describe('parseRedisUrl', () => {
  it('reads host, port, db, user, password and TLS, and masks the password', () => {
    const t = parseRedisUrl('rediss://user:p%40ss@example.org:6380/2');
    expect(t).toMatchObject({ host: 'example.org', port: 6380, db: 2, username: 'user', password: 'p@ss', tls: true });
    expect(t.display).toBe('rediss://user:***@example.org:6380/2');
    expect(parseRedisUrl('redis://127.0.0.1')).toMatchObject({ port: 6379, db: 0, tls: false });
  });
  it('rejects other schemes and bad databases', () => {
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(OptionError);
    expect(() => parseRedisUrl('http://:pw@127.0.0.1:6379')).toThrow(/starts with redis:\/\/ or rediss:\/\/.*'http:\/\/:\*\*\*@127/);
    expect(() => parseRedisUrl('redis://127.0.0.1:6379/x')).toThrow(/database/);
    expect(() => parseRedisUrl('localhost:6379')).toThrow(/redis:\/\//);
  });
});

describe('codec', () => {
  it('round-trips a context bit for bit, shared arrays included, and hashes by content', () => {
    const ctx = { a: shareF64([1, NaN, -0, Infinity]), b: Int32Array.of(1, 2), nested: { s: 'x', u: undefined, n: null, list: [1, 2] } };
    const { bytes, hash } = encodeContext(ctx);
    expect(encodeContext(structuredClone({ ...ctx, a: Float64Array.from(ctx.a) })).hash).toBe(hash);
    const back = decodeContext(bytes) as typeof ctx;
    expect(back.a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(back.a.buffer).equals(Buffer.from(Float64Array.from(ctx.a).buffer))).toBe(true);
    expect(Object.is(back.a[2], -0)).toBe(true);
    expect(back.b).toEqual(ctx.b);
    expect(back.nested).toEqual(ctx.nested);
    expect(encodeContext({ ...ctx, b: Int32Array.of(1, 3) }).hash).not.toBe(hash);
  });
  it('round-trips values and refuses a wrong length', () => {
    const v = Float64Array.of(NaN, -0, 1e-310, 3);
    const back = decodeValues(encodeValues(v), 4) as Float64Array;
    expect(Buffer.from(back.buffer).equals(Buffer.from(v.buffer))).toBe(true);
    expect(decodeValues(encodeValues(v), 3)).toBeNull();
  });
});
