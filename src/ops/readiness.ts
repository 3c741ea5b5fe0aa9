/**
 * The live checks behind /readyz: Redis answers PING, the store answers its ping, and the WhatsApp sender
 * is connected. Each check has a time limit so a hung dependency shows up as "not ready", not a hung probe.
 */
import { Redis } from 'ioredis';
import type { App } from '../app-types.js';
import type { SenderStatus } from '../campaigns/ports.js';
import { redactSecrets } from '../logging/logger.js';

export interface CheckResult {
  ok: boolean;
  /** Why it is not ok (secrets removed). */
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  redis: CheckResult;
  store: CheckResult & { kind: string };
  whatsapp: CheckResult & { driver: string; status: SenderStatus; reason: string | null };
}

export interface ReadinessProbe {
  check(): Promise<ReadinessReport>;
  /** Closes the probe's own Redis connection. */
  close(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2000;

/** Creates the probe with its own Redis connection (made from app.redis) that reconnects on its own. */
export function createReadinessProbe(
  app: Pick<App, 'redis' | 'store' | 'sender'>,
  options: { requireWhatsApp: boolean },
): ReadinessProbe {
  const { url: _url, ...redisOptions } = app.redis;
  const redis = new Redis({
    ...redisOptions,
    // A PING sent while (re)connecting waits for the connection; a dead Redis fails it after one retry
    // or at the check's time limit, whichever comes first.
    maxRetriesPerRequest: 1,
    connectionName: 'broadcast-bot:readyz',
  });
  let lastRedisError: string | null = null;
  redis.on('error', (error: Error) => (lastRedisError = error.message));

  return {
    async check() {
      const [redisResult, storeResult] = await Promise.all([
        run(async () => {
          const reply = await redis.ping();
          if (reply !== 'PONG') throw new Error(`unexpected PING reply ${reply}`);
        }, () => lastRedisError),
        run(() => app.store.ping()),
      ]);
      const state = app.sender.state();
      const connected = state.status === 'connected';
      const whatsapp = {
        ok: connected || !options.requireWhatsApp,
        driver: app.sender.driver,
        status: state.status,
        reason: state.reason,
        ...(connected ? {} : { error: `WhatsApp is ${state.status}${state.reason ? ` (${state.reason})` : ''}` }),
      };
      return {
        ready: redisResult.ok && storeResult.ok && whatsapp.ok,
        redis: redisResult,
        store: { ...storeResult, kind: app.store.kind },
        whatsapp,
      };
    },
    async close() {
      redis.disconnect();
    },
  };
}

async function run(check: () => Promise<void>, detail?: () => string | null): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const extra = detail?.();
    return { ok: false, error: redactSecrets(extra && extra !== message ? `${message}: ${extra}` : message) };
  } finally {
    clearTimeout(timer);
  }
}
