/**
 * Connections to Redis that fail fast: a submitter must say "Redis unreachable" within seconds rather than
 * retry forever (ioredis's default), while a worker keeps reconnecting so a Redis restart does not end it.
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { QueueError } from './errors.js';
import { redisOptions, type RedisTarget } from './url.js';

/** Why a connection failed, in words a user can act on. */
export function unreachable(target: RedisTarget, err: unknown, ms: number): QueueError {
  const why = (err as Error)?.message ?? String(err);
  const hint = /NOAUTH|WRONGPASS|invalid password|invalid username/i.test(why)
    ? 'check the user and password in the URL'
    : `start redis-server there or fix the URL (${target.tls ? 'rediss:// expects TLS' : 'redis:// is plain TCP'})`;
  return new QueueError(`cannot reach Redis at ${target.display} within ${ms} ms (${why.split('\n')[0]}); ${hint}`);
}

/** Options for BullMQ's own connections: reconnect with a short back-off; blocking commands never time out. */
export function bullmqConnection(target: RedisTarget): ConnectionOptions {
  return {
    ...redisOptions(target),
    maxRetriesPerRequest: null, disconnectTimeout: 200,
    retryStrategy: (times: number) => Math.min(100 * times, 1000),
  };
}

/**
 * A connected client, or a QueueError after `ms` without one. Commands sent while the connection is down
 * fail at once (no offline queue), so a caller's health check sees an outage immediately.
 * @example
 * const redis = await connectRedis(parseRedisUrl('redis://127.0.0.1:6379'), 3000);
 */
export async function connectRedis(target: RedisTarget, ms: number): Promise<Redis> {
  let lastError: unknown = null;
  let socketError: unknown = null; // the connection's own error (ECONNREFUSED) says more than a refused command
  const client = new Redis({
    ...(redisOptions(target) as RedisOptions),
    lazyConnect: true, connectTimeout: ms, maxRetriesPerRequest: 1, enableOfflineQueue: false, disconnectTimeout: 200,
    retryStrategy: (times: number) => Math.min(100 * times, 500),
  });
  client.on('error', (err) => { socketError = err; });
  let timer: NodeJS.Timeout | undefined;
  let gaveUp = false;
  try {
    await Promise.race([
      (async () => {
        while (!gaveUp) {
          try {
            if (client.status === 'wait') await client.connect();
            await client.ping();
            return;
          } catch (err) {
            lastError = err;
            if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test((err as Error)?.message ?? '')) throw err;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      })(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(lastError ?? new Error('timed out')), ms); }),
    ]);
    return client;
  } catch (err) {
    client.disconnect();
    throw unreachable(target, socketError ?? lastError ?? err, ms);
  } finally {
    gaveUp = true;
    clearTimeout(timer);
  }
}

/** Close a BullMQ object, or drop its connections when closing takes over `ms` (Redis gone). Never rejects. */
export async function closeQuickly(thing: { close(): Promise<unknown>; disconnect(): Promise<unknown> }, ms = 1000): Promise<void> {
  try {
    await within(thing.close(), ms, 'closing');
  } catch {
    void thing.disconnect().catch(() => undefined);
  }
}

/** A promise that rejects after `ms`, for commands that must not hang. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}
