/**
 * Redis URLs as the queue takes them: redis://[user][:password]@host[:port][/db], or rediss:// for TLS.
 * Parsed once here into ioredis options, and shown in messages with the password masked.
 */
import { OptionError } from '../errors.js';

export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
  /** The URL with any password masked, for messages. */
  readonly display: string;
}

const EXAMPLE = 'e.g. redis://127.0.0.1:6379, redis://:PASSWORD@host:6379/0 or rediss://user:PASSWORD@host:6380';

/**
 * Parse and check a Redis URL.
 * @example
 * parseRedisUrl('redis://:s3cret@127.0.0.1:6380/2'); // { host: '127.0.0.1', port: 6380, db: 2, password: 's3cret', tls: false, ... }
 */
export function parseRedisUrl(url: unknown): RedisTarget {
  if (typeof url !== 'string' || url === '') throw new OptionError(`the queue needs a Redis URL; got ${JSON.stringify(url)}; ${EXAMPLE}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OptionError(`'${url}' is not a Redis URL; ${EXAMPLE}`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new OptionError(`a Redis URL starts with redis:// or rediss:// (TLS); got '${u.protocol}//' in '${mask(u)}'; ${EXAMPLE}`);
  }
  if (!u.hostname) throw new OptionError(`the Redis URL '${mask(u)}' names no host; ${EXAMPLE}`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new OptionError(`the database in '${mask(u)}' must be a number >= 0 after the port (/0); got '${dbText}'`);
  if (u.search || u.hash) throw new OptionError(`the Redis URL '${mask(u)}' takes no query or fragment; ${EXAMPLE}`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host, port, db, tls: u.protocol === 'rediss:',
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    display: mask(u),
  };
}

function mask(u: URL): string {
  const auth = u.username || u.password ? `${u.username}${u.password ? ':***' : ''}@` : '';
  return `${u.protocol}//${auth}${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

/** ioredis connection options for a target (TLS checks the server's certificate against the host name). */
export function redisOptions(target: RedisTarget): Record<string, unknown> {
  return {
    host: target.host, port: target.port, db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: { servername: target.host } } : {}),
  };
}
