/** Redis connections for BullMQ and the engine's own keys (pacing, ticker locks). */
import { Redis, type RedisOptions } from 'ioredis';

/** Turns a redis:// or unix:// URL into ioredis options. */
export function redisOptionsFromUrl(url: string): RedisOptions & { url: string } {
  if (url.startsWith('unix:')) {
    const parsed = new URL(url);
    return { url, path: decodeURIComponent(parsed.pathname) };
  }
  const parsed = new URL(url);
  return {
    url,
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * Opens a client. Worker connections must not give up on a command (BullMQ needs
 * `maxRetriesPerRequest: null`), so every connection here uses it.
 */
export function connectRedis(options: RedisOptions & { url?: string }, name: string): Redis {
  const { url: _url, ...rest } = options;
  const client = new Redis({ ...rest, maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
  // ioredis reconnects by itself; without a listener every failed attempt is printed as an "unhandled error
  // event". Say it once per outage instead (/readyz reports the outage as it happens).
  let reported = false;
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    process.stderr.write(`Redis connection ${name} failed (${error.message}); reconnecting until it is back\n`);
  });
  client.on('ready', () => (reported = false));
  return client;
}
