/**
 * `broadcast-bot whatsapp link|status|logout --account NAME` for a Baileys account (issue 16), through the CLI
 * command and the fake WhatsApp: the QR code is shown, the link completes, the session is stored under the
 * account's own namespace and `default`'s is left alone; status then shows it linked; logout clears only it.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomPrefix } from '../../src/app.js';
import type { App } from '../../src/app-types.js';
import { whatsapp } from '../../src/bots/console/commands/whatsapp.js';
import type { CliContext } from '../../src/bots/console/context.js';
import { addAccount } from '../../src/whatsapp/accounts.js';
import { storedLinkedAccount } from '../../src/whatsapp/baileys/driver.js';
import { FakeWhatsApp } from '../fakes/baileys-socket.js';
import { startTestApp, testEnv, type TestApp } from '../helpers/app.js';
import { captureStream } from '../helpers/streams.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { dropPrefix } from '../schedules/fixtures/redis-cleanup.js';
import { storeLinkedSession, until } from './helpers.js';

const DEFAULT_ME = '6281200000000';
const TOKO_B = '6281300000002';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A deployment (DATA_DIR + Redis prefix) whose commands open Baileys sockets on `wa`. */
async function deployment() {
  const dataDir = makeTempDir('bb-wa-named-');
  const prefix = randomPrefix('wa-named');
  const wa = new FakeWhatsApp();
  const open = (): Promise<TestApp> => startTestApp({ BOT_LOCALE: 'en' }, { dataDir, prefix, withWorker: false, makeSocket: wa.makeSocket });
  cleanups.push(() => dropPrefix(inject('redisUrl'), prefix));
  // A linked `default` and a Baileys account toko-b, not linked yet.
  const setup = await open();
  await storeLinkedSession(setup.app.store, DEFAULT_ME);
  await addAccount(setup.app.store, { name: 'toko-b', driver: 'baileys' });
  await setup.close();
  const inspector = await open();
  cleanups.push(() => inspector.close());
  return {
    wa,
    store: inspector.app.store,
    config: inspector.config,
    /** Runs `broadcast-bot whatsapp ARGS` with its own app (closed when the command ends). */
    run(...args: string[]) {
      const stdout = captureStream();
      let app: App | null = null;
      const ctx: CliContext = {
        args,
        env: testEnv(dataDir, { BOT_LOCALE: 'en' }),
        stdout: stdout.stream,
        stderr: captureStream().stream,
        actor: { surface: 'cli', userId: 'tester' },
        openStore: () => Promise.reject(new Error('whatsapp commands need the whole app')),
        async openApp() {
          app = (await open()).app;
          return app;
        },
      };
      const done = whatsapp(ctx).finally(async () => {
        await (app as App | null)?.close();
      });
      return { done, output: () => stdout.text() };
    },
  };
}

describe('whatsapp link|status|logout --account NAME (Baileys)', () => {
  it('links the named number under its own session, shows it linked, and logs out only it', async () => {
    const d = await deployment();

    const link = d.run('link', '--account', 'toko-b', '--timeout', '20');
    await until(() => link.output().includes('Scan this QR code'), 'the QR code in the terminal');
    expect(link.output()).toMatch(/[█▀▄]/);
    d.wa.latest().pairSuccess(TOKO_B);
    expect(await link.done).toBe(0);
    expect(link.output()).toContain(`✅ WhatsApp is linked as +${TOKO_B}.`);

    // Its own namespace; default's session is untouched.
    expect(await storedLinkedAccount(d.store, d.config, 'toko-b')).toBe(`+${TOKO_B}`);
    expect(await storedLinkedAccount(d.store, d.config, 'default')).toBe(`+${DEFAULT_ME}`);

    const status = d.run('status', '--account', 'toko-b');
    expect(await status.done).toBe(0);
    expect(status.output()).toContain(`+${TOKO_B}`);
    expect(status.output()).not.toContain('is not linked');
    // No process holds it now (the link command has ended): not "owned by another process".
    expect(status.output()).not.toContain('Another process');

    const sockets = d.wa.sockets.length;
    const logout = d.run('logout', '--account', 'toko-b');
    expect(await logout.done).toBe(0);
    expect(logout.output()).toContain('WhatsApp was unlinked from this device and its session deleted.');
    expect(d.wa.sockets.length).toBeGreaterThan(sockets);
    expect(d.wa.latest().endedWith).toMatchObject({ output: { statusCode: 401 } });
    expect(await storedLinkedAccount(d.store, d.config, 'toko-b')).toBeNull();
    expect(await storedLinkedAccount(d.store, d.config, 'default')).toBe(`+${DEFAULT_ME}`);

    const after = d.run('status', '--account', 'toko-b');
    expect(await after.done).toBe(0);
    expect(after.output()).toContain('📵 Number toko-b is not linked to WhatsApp yet. Link it with /whatsapp link toko-b');
  });
});
