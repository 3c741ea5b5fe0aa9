/** Issue 13, finding 5 (part): link codes never go to a group chat. */
import { afterEach, describe, expect, it } from 'vitest';
import { createWhatsAppAdmin } from '../../src/whatsapp/admin.js';
import { FakeWhatsApp } from '../fakes/baileys-socket.js';
import { ADMIN, GROUP, say, startBotHarness, type BotHarness } from '../bots/telegram/harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('private by default', () => {
  it('/whatsapp link in a Telegram group answers "use a private chat" and posts no QR code there', async () => {
    const wa = new FakeWhatsApp();
    h = await startBotHarness({ WHATSAPP_DRIVER: 'auto' }, (app) => ({ whatsapp: createWhatsAppAdmin(app, { makeSocket: wa.makeSocket }) }));
    const mark = h.fake.mark();
    await say(h, ADMIN, GROUP, '/whatsapp link', /use a private chat with the bot/);
    await say(h, ADMIN, GROUP, '/whatsapp link +6281234567890', /use a private chat with the bot/);
    const sentSince = h.fake.calls.slice(mark);
    expect(sentSince.filter((c) => c.method === 'sendPhoto')).toEqual([]);
    expect(sentSince.some((c) => /Preparing the WhatsApp link/.test(String(c.params.text ?? '')))).toBe(false);
  });
});
