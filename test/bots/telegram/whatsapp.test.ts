import { afterEach, describe, expect, it } from 'vitest';
import { createWhatsAppAdmin } from '../../../src/whatsapp/admin.js';
import { FakeWhatsApp } from '../../fakes/baileys-socket.js';
import { ADMIN, ADMIN_CHAT, say, startBotHarness, type BotHarness } from './harness.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/whatsapp in Telegram', () => {
  it('links the number with QR images that are replaced as WhatsApp rotates the code', async () => {
    const wa = new FakeWhatsApp();
    h = await startBotHarness({ WHATSAPP_DRIVER: 'auto' }, (app) => ({
      whatsapp: createWhatsAppAdmin(app, { makeSocket: wa.makeSocket }),
    }));
    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp', /No WhatsApp number is linked/);

    const mark = h.fake.mark();
    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp link', /Preparing the WhatsApp link/);
    const first = await h.fake.waitForCall((c) => c.method === 'sendPhoto' && c.ok, 'the first QR image', 15_000, mark);
    expect(String(first.params.caption)).toContain('Scan this QR code in WhatsApp');
    expect(first.files.photo?.content.subarray(0, 8)).toEqual(PNG_MAGIC);
    // The chat stays usable while the link waits for the phone.
    await say(h, ADMIN, ADMIN_CHAT, '/help', /This bot sends WhatsApp broadcasts/);

    const rotated = h.fake.mark();
    wa.latest().showQr();
    const second = await h.fake.waitForCall(
      (c) => c.method === 'sendPhoto' && c.ok,
      'the rotated QR image',
      15_000,
      rotated,
    );
    expect(second.files.photo?.content.equals(first.files.photo!.content)).toBe(false);
    const firstId = (first.result as { message_id: number }).message_id;
    await h.fake.waitForCall(
      (c) => c.method === 'deleteMessage' && Number(c.params.message_id) === firstId,
      'the old QR image removed',
      15_000,
      rotated,
    );

    wa.latest().pairSuccess('6281200000000');
    const done = await h.fake.waitForMessage(ADMIN_CHAT.id, /WhatsApp is linked as \+6281200000000/, rotated);
    expect(done.text).toContain('Restart the service');
    const secondId = (second.result as { message_id: number }).message_id;
    expect(h.fake.message(ADMIN_CHAT.id, secondId)).toBeUndefined();

    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp link 12ab', /The number 12ab is not valid/);
  });

  it('in dry-run mode says so, and linking is refused with the reason', async () => {
    h = await startBotHarness();
    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp status', /Dry-run mode/);
    const mark = h.fake.mark();
    h.fake.sendText(ADMIN, ADMIN_CHAT, '/whatsapp link');
    await h.fake.waitForMessage(
      ADMIN_CHAT.id,
      /dry-run mode \(WHATSAPP_DRIVER=dry-run\); there is nothing to link/,
      mark,
    );
    // Said once: no "Preparing the WhatsApp link…" before the refusal.
    const texts = h.fake.calls.slice(mark).filter((c) => c.method === 'sendMessage').map((c) => String(c.params.text));
    expect(texts).toHaveLength(1);
    await say(h, ADMIN, ADMIN_CHAT, '/whatsapp frobnicate', /\/whatsapp link \+62… — pairing code/);
  });
});
