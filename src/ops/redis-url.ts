/**
 * Short-lived admin connections for start-up and readiness checks (PING, CONFIG GET), and printing
 * Redis URLs without their passwords. URLs become options with `redisOptionsFromUrl` (src/queue/redis.ts),
 * which also understands the `unix:///…/redis.sock` URLs of the private Redis.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { redactSecrets } from '../logging/logger.js';

/** A URL safe to print: the password (also a password-only `redis://:pw@host`) replaced by [redacted]. */
export function displayRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', 'redacted');
    return redactSecrets(parsed.toString().replace(/:redacted@/, ':[redacted]@').replace(/password=redacted/, 'password=[redacted]'));
  } catch {
    return '[unparsable URL]';
  }
}

/**
 * Runs `fn` with a fresh connection that fails fast (no retries, no offline queue) and always disconnects.
 * For checks at start-up and in /readyz, not for application traffic.
 */
export async function withAdminClient<T>(
  options: RedisOptions & { url?: string },
  fn: (client: Redis) => Promise<T>,
  timeoutMs = 2000,
): Promise<T> {
  const { url: _url, ...connection } = options;
  const client = new Redis({
    ...connection,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  // The socket error (ECONNREFUSED, ENOENT…) says more than connect()'s "Connection is closed".
  let socketError: Error | null = null;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    try {
      await client.connect();
    } catch (error) {
      throw socketError ?? error;
    }
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

/** Why PING fails at these options (connection refused, timeout, auth…), or null when Redis answers PONG. */
export async function pingProblem(options: RedisOptions, timeoutMs = 1000): Promise<string | null> {
  try {
    const reply = await withAdminClient(options, (client) => client.ping(), timeoutMs);
    return reply === 'PONG' ? null : `unexpected PING reply ${JSON.stringify(reply)}`;
  } catch (error) {
    return redactSecrets(error instanceof Error ? error.message : String(error));
  }
}

/** True when a Redis server answers PING at these options within `timeoutMs`. */
export async function redisAnswers(options: RedisOptions, timeoutMs = 1000): Promise<boolean> {
  return (await pingProblem(options, timeoutMs)) === null;
}
