/**
 * Issue 13, findings 3 and 4: no secret reaches a log line. Each case is triggered for real: a Bot API that drops
 * the connection on setMyCommands (the token sits in the nested fetch error's URL), a Redis whose password changes
 * under a running worker (ioredis errors carry `command.args = ['default', <password>]`), and connection-string
 * errors; then the captured log is searched for the secret.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramBot } from '../../src/bots/telegram/index.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { startTestApp } from '../helpers/app.js';
import { freePort } from '../helpers/global-redis.js';
import { sleep, waitUntil } from '../helpers/wait.js';

function captureLog(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', pretty: false, destination }), text: () => chunks.join('') };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A private redis-server protected by `password`, on a free port. */
async function startPasswordRedis(password: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], {
    stdio: 'ignore',
  });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // The same failure also rejects connect() below, where it is handled; the event would only repeat it.
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      probe.disconnect();
      return { port, child };
    } catch (error) {
      probe.disconnect();
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

describe('secrets never reach the log', () => {
  it('a network failure of the Bot API does not log the bot token (nested fetch error, URL /bot<token>/)', async () => {
    const fake = await FakeTelegramApi.start();
    cleanups.push(() => fake.close());
    fake.dropNext('setMyCommands', 10);
    const log = captureLog();
    const test = await startTestApp(
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_ADMIN_IDS: '1' },
      { logger: log.logger, withWorker: false },
    );
    cleanups.push(() => test.close());
    const bot = await startTelegramBot(test.app);
    cleanups.push(() => bot.stop());
    await waitUntil(() => log.text().includes('could not set the command menu'), { what: 'the command-menu warning', timeoutMs: 30_000 });
    const secret = fake.token.split(':')[1] ?? fake.token;
    expect(log.text()).toContain('setMyCommands');
    expect(log.text()).not.toContain(secret);
  });

  it('a Redis AUTH failure does not log the password (ioredis errors carry command.args)', async () => {
    const current = 'current-Pa55word-for-the-test';
    const stale = 'stale-Pa55word-for-the-test';
    const { port } = await startPasswordRedis(current);
    const log = captureLog();
    // What every worker connection does after the password changed: AUTH with the old one, fail, log the error.
    for (const url of [`redis://default:${stale}@127.0.0.1:${port}`, `redis://:${stale}@127.0.0.1:${port}`]) {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      const errors: unknown[] = [];
      client.on('error', (error: unknown) => {
        errors.push(error);
        log.logger.error({ err: error }, 'worker error');
      });
      await client.connect().catch((error: unknown) => log.logger.error({ err: error, url }, 'could not connect'));
      await waitUntil(() => errors.length > 0 || client.status === 'end', { what: 'the AUTH failure', timeoutMs: 30_000 });
      client.disconnect();
    }
    const out = log.text();
    expect(out).toMatch(/WRONGPASS|NOAUTH|invalid password/i);
    expect(out).not.toContain(stale);
  });

  it('connection strings lose their passwords, with or without a user name', () => {
    const log = captureLog();
    const error = new Error('connect ECONNREFUSED', { cause: new Error('while dialing redis://:s3cr3t-no-user@10.0.0.1:6379/0') });
    log.logger.error({ err: error, target: 'rediss://default:s3cr3t-with-user@cache:6380' }, 'cannot reach redis://:s3cr3t-in-msg@h:1');
    log.logger.warn({ error: new AggregateError([new Error('mongodb://app:s3cr3t-aggregate@db/x')], 'all failed') }, 'mongo');
    const out = log.text();
    expect(out).not.toMatch(/s3cr3t/);
    expect(out).toContain('redis://:[redacted]@10.0.0.1:6379/0');
    expect(out).toContain('rediss://default:[redacted]@cache:6380');
  });

  it('WhatsApp Cloud API credentials never reach a log: Meta tokens in text, bearer headers, the config keys', async () => {
    const log = captureLog();
    const token = 'EAAGm0PX4ZCpsBAKZAxWq1kS3cr3tToken0123456789';
    log.logger.error(
      { err: new Error(`Graph refused token ${token}`), headers: { authorization: `Bearer ${token}` }, appSecret: 'a-very-secret-app-secret', verifyToken: 'verify-phrase-x' },
      `request failed with Bearer ${token}`,
    );
    const out = log.text();
    expect(out).not.toContain('S3cr3tToken');
    expect(out).not.toContain('a-very-secret-app-secret');
    expect(out).not.toContain('verify-phrase-x');
    const { SECRET_KEYS } = await import('../../src/config/env.js');
    expect(SECRET_KEYS).toEqual(expect.arrayContaining(['WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_CLOUD_APP_SECRET', 'WHATSAPP_CLOUD_VERIFY_TOKEN']));
  });

  it('ordinary text and numbers stay readable', () => {
    const log = captureLog();
    log.logger.info({ campaignId: 'c1', phone: '+6281234567890', url: 'http://127.0.0.1:8080/metrics' }, 'sent 12 of 50');
    expect(log.text()).toContain('+6281234567890');
    expect(log.text()).toContain('http://127.0.0.1:8080/metrics');
  });
});
