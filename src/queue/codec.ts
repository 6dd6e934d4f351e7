/**
 * A sweep's context and a job's values as bytes. The context is structured-clone data (what the pool posts
 * to its threads), so it goes through V8's serializer, which keeps every number bit for bit (NaN, -0), typed
 * arrays, undefined and nested objects, and builds only data when read (no code runs). Its shared columns
 * are copied out of their SharedArrayBuffers for that, and into fresh ones on the worker, so the worker's
 * pool threads see them without a copy per job.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { copyViews } from '../parallel/shared.js';

/** The context as bytes, and their SHA-256 (hex): the key it is stored under. */
export function encodeContext(context: unknown): { bytes: Buffer; hash: string } {
  const bytes = serialize(copyViews(context, false));
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** The SHA-256 (hex) of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The context back from bytes, its typed arrays in SharedArrayBuffers. */
export function decodeContext(bytes: Uint8Array): unknown {
  return copyViews(deserialize(bytes), true);
}

/** A job's values as text (base64 of the IEEE-754 bytes: JSON would lose NaN and -0). */
export function encodeValues(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Values from `encodeValues`, or null when the text does not hold `length` doubles. */
export function decodeValues(text: unknown, length: number): Float64Array | null {
  if (typeof text !== 'string') return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== length * 8) return null;
  const out = new Float64Array(length);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
