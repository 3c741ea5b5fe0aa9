/** Shared setup for the WhatsApp tests: a real SQLite store, the test Redis under a random prefix, a fake WhatsApp. */
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterEach, inject } from 'vitest';
import type { SenderState, Store, WhatsAppSender } from '../../src/campaigns/ports.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { createLogger, silentLogger, type Logger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { redisOptionsFromUrl } from '../../src/queue/redis.js';
import { loadStoredAuthState } from '../../src/whatsapp/auth-state.js';
import { createBaileysSender, type BaileysSender, type BaileysTuning } from '../../src/whatsapp/baileys/driver.js';
import { FakeWhatsApp } from '../fakes/baileys-socket.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { sleep, waitUntil } from '../helpers/wait.js';

export const FAST: Partial<BaileysTuning> = {
  lockTtlMs: 1_500,
  backoff: { baseMs: 40, maxMs: 320 },
  numberBatchDelayMs: 0,
  typingMs: [5, 10],
  random: () => 1,
};

/** A logger that keeps every line (parsed) for assertions on what was logged. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', pretty: false, destination }), lines };
}

export interface WhatsAppEnv {
  config: Config;
  store: Store;
  prefix: string;
  redisUrl: string;
  fake: FakeWhatsApp;
  /** A Baileys sender on the shared store, Redis prefix and fake WhatsApp (closed after the test). */
  sender(options?: { fake?: FakeWhatsApp; tuning?: Partial<BaileysTuning>; logger?: Logger; config?: Config }): BaileysSender;
}

/**
 * Registers per-test setup: call `await env()` inside a test. Everything (senders, store, Redis keys) is
 * closed and removed after each test.
 */
export function useWhatsAppEnv(): (options?: { env?: Record<string, string>; onWhatsApp?: string[] }) => Promise<WhatsAppEnv> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (options = {}) => {
    const dataDir = makeTempDir('bb-wa-');
    const redisUrl = inject('redisUrl');
    const config = loadConfig({ DATA_DIR: dataDir, REDIS_URL: redisUrl, LOG_LEVEL: 'silent', WHATSAPP_DRIVER: 'baileys', ...options.env });
    const store = await openStore(config, silentLogger());
    const prefix = `wa-test-${Math.random().toString(16).slice(2, 10)}`;
    const fake = new FakeWhatsApp(options.onWhatsApp ?? []);
    cleanups.push(async () => {
      await store.close();
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    return {
      config,
      store,
      prefix,
      redisUrl,
      fake,
      sender(senderOptions = {}) {
        const sender = createBaileysSender({
          store,
          redis: redisOptionsFromUrl(redisUrl),
          prefix,
          logger: senderOptions.logger ?? silentLogger(),
          config: senderOptions.config ?? config,
          makeSocket: (senderOptions.fake ?? fake).makeSocket,
          tuning: { ...FAST, ...senderOptions.tuning },
        });
        cleanups.push(() => sender.close());
        return sender;
      },
    };
  };
}

/** Writes a linked session into the store, as a finished pairing would. */
export async function storeLinkedSession(store: Store, phoneDigits: string, encryptionKey?: string): Promise<void> {
  const auth = await loadStoredAuthState({ kv: store.kv, namespace: 'whatsapp-auth:default', encryptionKey });
  auth.state.creds.me = { id: `${phoneDigits}:3@s.whatsapp.net`, name: 'Toko Test' };
  auth.state.creds.account = { details: Buffer.from('details'), accountSignatureKey: Buffer.alloc(32, 1) };
  await auth.saveCreds();
}

/** Waits until the sender's state matches; fails with the last state seen. */
export async function waitForState(sender: WhatsAppSender, match: Partial<SenderState>, timeoutMs = 5_000): Promise<SenderState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = sender.state();
    if (Object.entries(match).every(([key, value]) => state[key as keyof SenderState] === value)) return state;
    if (Date.now() > deadline) throw new Error(`sender state ${JSON.stringify(state)} never matched ${JSON.stringify(match)}`);
    await sleep(10);
  }
}

/** Waits until `check` is true. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  await waitUntil(check, { what, timeoutMs, everyMs: 10 });
}

/** Every state the sender emits, in order. */
export function recordStates(sender: WhatsAppSender): SenderState[] {
  const states: SenderState[] = [];
  sender.on('state', (state) => states.push(state));
  return states;
}

export { sleep } from '../helpers/wait.js';
