/** `/whatsapp` with several sender numbers in Telegram (issue 16): the list with each number's worker. */
import { afterEach, describe, expect, it } from 'vitest';
import { leaseOwner } from '../../../src/queue/account-lease.js';
import { runningSender } from '../../../src/whatsapp/running-senders.js';
import { addAccount } from '../../../src/whatsapp/accounts.js';
import { storedLinkedAccount } from '../../../src/whatsapp/baileys/driver.js';
import { FakeWhatsApp } from '../../fakes/baileys-socket.js';
import { waitUntil } from '../../helpers/wait.js';
import { ADMIN, ADMIN_CHAT, say, startBotHarness, type BotHarness } from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/whatsapp with several numbers in Telegram', () => {
  it('lists every number with its driver and the worker sending for it, and routes /whatsapp link NAME to that number', async () => {
    h = await startBotHarness({ BOT_LOCALE: 'en', WORKER_LOCK_MS: '3000' });
    const { app } = h.test;
    // One number: no list (nothing to choose between).
    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp', /^(?![\s\S]*WhatsApp sender numbers)[\s\S]*Dry-run mode/);
    await addAccount(app.store, { name: 'toko-b', driver: 'dry-run' });
    await waitUntil(async () => (await leaseOwner(app.engine.redis, app.prefix, 'toko-b')) !== null, { what: 'the worker to take toko-b' });
    await say(
      h,
      ADMIN,
      ADMIN_CHAT,
      '/whatsapp',
      /WhatsApp sender numbers:\n• default \(dry run, to the outbox\): sent by worker w-\d+-\w+, ready to send\n {2}pace: unpaced \(from the config\); daily cap: none \(from the config\)\n• toko-b \(dry run, to the outbox\): sent by worker w-\d+-\w+, ready to send\n {2}pace: unpaced \(from the config\); daily cap: none \(from the config\)$/,
    );
    // The named number is the one asked about: a dry-run number has nothing to link.
    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp link toko-b', /Number toko-b is a dry-run number: its messages are written to the outbox, so there is nothing to link/);
    // A word that is no number's name is read as a phone number, as before.
    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp link toko-z', /The number toko-z is not valid/);
  });

  it('/whatsapp link NAME links that Baileys number with a QR image, through the worker that holds it', async () => {
    const wa = new FakeWhatsApp();
    h = await startBotHarness({ BOT_LOCALE: 'en', WORKER_LOCK_MS: '3000' }, {}, { makeSocket: wa.makeSocket });
    const { app } = h.test;
    await addAccount(app.store, { name: 'toko-b', driver: 'baileys' });
    await waitUntil(() => runningSender(app.prefix, 'toko-b') !== null, { what: 'the worker to run toko-b' });

    const mark = h.fake.mark();
    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp link toko-b', /Preparing the WhatsApp link/);
    const qr = await h.fake.waitForCall((c) => c.method === 'sendPhoto' && c.ok, 'the QR image', 15_000, mark);
    expect(String(qr.params.caption)).toContain('Scan this QR code in WhatsApp');
    wa.latest().pairSuccess('6281300000002');
    const done = await h.fake.waitForMessage(ADMIN_CHAT.id, /WhatsApp is linked as \+6281300000002/, mark);
    // The worker's own sender linked it: nothing to restart.
    expect(done.text).not.toContain('Restart the service');
    expect(await storedLinkedAccount(app.store, app.config, 'toko-b')).toBe('+6281300000002');
    expect(await storedLinkedAccount(app.store, app.config, 'default')).toBeNull();
  });
});
