import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomPrefix } from '../../src/app.js';
import type { App } from '../../src/app-types.js';
import { UsageError, type CliContext } from '../../src/bots/console/context.js';
import { whatsapp } from '../../src/bots/console/commands/whatsapp.js';
import type { WhatsAppSender } from '../../src/campaigns/ports.js';
import { loadConfig } from '../../src/config/env.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { redisOptionsFromUrl } from '../../src/queue/redis.js';
import { createBaileysSender } from '../../src/whatsapp/baileys/driver.js';
import { FakeWhatsApp } from '../fakes/baileys-socket.js';
import { startTestApp, testEnv } from '../helpers/app.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FAST, storeLinkedSession, until, waitForState } from './helpers.js';

const ME = '6281200000000';

describe('broadcast-bot whatsapp', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A CLI context whose app sends through a Baileys sender on the fake WhatsApp. */
  async function cli(args: string[], options: { linked?: boolean; driver?: 'baileys' | 'dry-run' } = {}) {
    const dataDir = makeTempDir('bb-wa-cli-');
    const prefix = randomPrefix('wa-cli');
    const env = testEnv(dataDir, { WHATSAPP_DRIVER: options.driver ?? 'baileys', BOT_LOCALE: 'en' });
    const config = loadConfig(env);
    const senderStore = await openStore(config, silentLogger());
    if (options.linked) await storeLinkedSession(senderStore, ME);
    const fake = new FakeWhatsApp();
    let sender: WhatsAppSender | undefined;
    if (options.driver !== 'dry-run') {
      sender = createBaileysSender({
        store: senderStore,
        redis: redisOptionsFromUrl(inject('redisUrl')),
        prefix,
        logger: silentLogger(),
        config,
        makeSocket: fake.makeSocket,
        tuning: FAST,
      });
      if (options.linked) await waitForState(sender, { status: 'connected' });
    }
    let app: App | null = null;
    cleanups.push(async () => {
      // The app closes its sender; a command that never opened the app leaves it to us.
      if (app) await app.close();
      else await sender?.close();
      await senderStore.close();
      const redis = new Redis(inject('redisUrl'));
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const ctx: CliContext = {
      args,
      env,
      stdout,
      stderr: new PassThrough(),
      actor: { surface: 'cli', userId: 'tester' },
      openStore() {
        return Promise.reject(new Error('whatsapp commands need the whole app'));
      },
      async openApp() {
        const test = await startTestApp({ WHATSAPP_DRIVER: options.driver ?? 'baileys', BOT_LOCALE: 'en' }, { dataDir, prefix, withWorker: false, ...(sender ? { sender } : {}) });
        app = test.app;
        return test.app;
      },
    };
    return { ctx, fake, output: () => out };
  }

  it('status prints the connected account and the new-chat quota', async () => {
    const { ctx, output } = await cli(['status'], { linked: true });
    expect(await whatsapp(ctx)).toBe(0);
    expect(output()).toMatch(new RegExp(`✅ WhatsApp is connected as \\+${ME} since`));
    expect(output()).toContain("WhatsApp's new-chat quota: 40/250 used, 210 left.");
  });

  it('link prints each QR code in the terminal and finishes when the phone has scanned it', async () => {
    const { ctx, fake, output } = await cli(['link', '--timeout', '20']);
    const running = whatsapp(ctx);
    await until(() => output().includes('Scan this QR code'), 'the QR code in the terminal');
    expect(output()).toMatch(/[█▀▄]/);
    fake.latest().pairSuccess(ME);
    expect(await running).toBe(0);
    expect(output()).toContain(`✅ WhatsApp is linked as +${ME}.`);
  });

  it('link --phone asks for a pairing code for the number as people write it', async () => {
    const { ctx, fake, output } = await cli(['link', '--phone', '0812-0000-0000']);
    const running = whatsapp(ctx);
    await until(() => output().includes('PAIR-0001'), 'the pairing code');
    expect(fake.pairingRequests).toEqual(['6281200000000']);
    fake.latest().pairSuccess(ME);
    expect(await running).toBe(0);
  });

  it('logout unlinks the account', async () => {
    const { ctx, fake, output } = await cli(['logout'], { linked: true });
    expect(await whatsapp(ctx)).toBe(0);
    expect(output()).toContain('WhatsApp was unlinked from this device and its session deleted.');
    expect(fake.latest().endedWith).toMatchObject({ output: { statusCode: 401 } });
  });

  it('treats bad usage and linking in dry-run mode as usage errors (exit 2)', async () => {
    await expect(whatsapp((await cli(['frobnicate'])).ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(whatsapp((await cli(['status', 'extra'])).ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(whatsapp((await cli(['link', '--phone', 'abc'])).ctx)).rejects.toThrow(/not valid/);
    await expect(whatsapp((await cli(['link'], { driver: 'dry-run' })).ctx)).rejects.toThrow(/dry-run mode/);
  });
});
