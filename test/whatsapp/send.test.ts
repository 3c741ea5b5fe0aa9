import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { SendError, type DeliveryReceipt, type InboundMessage, type OutboundMessage } from '../../src/campaigns/ports.js';
import type { Config } from '../../src/config/env.js';
import { createNumberCache } from '../../src/whatsapp/number-cache.js';
import { boom, MessageStatus } from '../fakes/baileys-socket.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { sleep, storeLinkedSession, until, useWhatsAppEnv, waitForState } from './helpers.js';

const ME = '6281200000000';
const ALICE = '+6281100000001';
const BOB = '+6281100000002';
const NOBODY = '+6281100000009';

const message = (to: string, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  campaignId: 'c1',
  recipientId: `r-${to}`,
  to,
  text: 'Halo, promo Ramadan!',
  media: null,
  ...extra,
});

async function expectSendError(promise: Promise<unknown>, kind: SendError['kind'], code?: string): Promise<SendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SendError);
  expect((error as SendError).kind).toBe(kind);
  if (code) expect((error as SendError).code).toBe(code);
  return error as SendError;
}

describe('Baileys driver: sending', () => {
  const env = useWhatsAppEnv();

  async function connected(options: { config?: Config; onWhatsApp?: string[] } = {}) {
    const e = await env({ onWhatsApp: options.onWhatsApp ?? [ALICE, BOB] });
    await storeLinkedSession(e.store, ME);
    const sender = e.sender({ config: options.config });
    await waitForState(sender, { status: 'connected' });
    return { ...e, sender };
  }

  it('sends text to the number\'s JID and returns WhatsApp\'s message id', async () => {
    const { sender, fake } = await connected();
    const { messageId } = await sender.send(message(ALICE));
    expect(fake.sent).toHaveLength(1);
    const sent = fake.sent[0];
    expect(sent?.jid).toBe('6281100000001@s.whatsapp.net');
    expect(sent?.content).toEqual({ text: 'Halo, promo Ramadan!' });
    expect(messageId).toBe(sent?.message.key.id);
    expect(messageId).toMatch(/^[0-9A-F]{10,}$/);
  });

  it('never sends to a number that is not on WhatsApp, and checks numbers in paced batches with a cache', async () => {
    const e = await env({ onWhatsApp: [ALICE] });
    await storeLinkedSession(e.store, ME);
    const slept: number[] = [];
    const sender = e.sender({
      tuning: { numberBatchSize: 50, numberBatchDelayMs: 1234, sleep: async (ms) => void slept.push(ms) },
    });
    await waitForState(sender, { status: 'connected' });

    await expectSendError(sender.send(message(NOBODY)), 'not_on_whatsapp', 'not_on_whatsapp');
    expect(e.fake.sent).toHaveLength(0);

    const many = Array.from({ length: 120 }, (_, i) => `+62813000${String(i).padStart(5, '0')}`);
    e.fake.registered.add(many[7]?.slice(1) ?? '');
    const answers = await sender.checkNumbers([ALICE, NOBODY, ...many]);
    expect(answers.get(ALICE)).toBe(true);
    expect(answers.get(NOBODY)).toBe(false);
    expect(answers.get(many[7] ?? '')).toBe(true);
    expect([...answers.values()].filter(Boolean)).toHaveLength(2);
    // NOBODY was cached by the send; ALICE + 120 new numbers → batches of 50, 50, 21 with a pause between.
    expect(e.fake.numberQueries.slice(1).map((q) => q.length)).toEqual([50, 50, 21]);
    expect(e.fake.numberQueries[1]?.[0]).toBe('6281100000001');
    expect(slept).toEqual([1234, 1234]);

    // Cached in the store: another process asks nobody.
    const queries = e.fake.numberQueries.length;
    expect((await sender.checkNumbers([NOBODY, ALICE])).get(NOBODY)).toBe(false);
    expect(e.fake.numberQueries.length).toBe(queries);
    const cached = await createNumberCache(e.store.kv).get([NOBODY, ALICE]);
    expect(cached).toEqual(new Map([[NOBODY, false], [ALICE, true]]));
  });

  it('leaves unchecked numbers out (never "false") while WhatsApp cannot be asked', async () => {
    const { sender, fake } = await connected();
    await sender.checkNumbers([ALICE]);
    fake.numberErrors.push(boom('rate-overlimit', 500, 429));
    const answers = await sender.checkNumbers([ALICE, BOB]);
    expect(answers).toEqual(new Map([[ALICE, true]]));
    // A send needs the answer, so it reports WhatsApp's refusal instead.
    fake.numberErrors.push(boom('rate-overlimit', 500, 429));
    await expectSendError(sender.send(message(BOB)), 'rate_limited');
  });

  it('maps WhatsApp failures to the engine\'s kinds', async () => {
    const { sender, fake } = await connected();
    const cases: [Error, SendError['kind'], string][] = [
      [boom('rate-overlimit', 500, 429), 'rate_limited', 'rate_limited'],
      [boom('Too Many Requests', 429), 'rate_limited', 'rate_limited'],
      [boom('Your account has been restricted', 500, 463), 'restricted', 'restricted'],
      [boom('Timed Out', 408), 'transient', 'timeout'],
      [boom('Invalid jid: 62811', 400), 'permanent', 'invalid_jid'],
      [boom('item-not-found', 404), 'not_on_whatsapp', 'not_on_whatsapp'],
      [boom('internal-server-error', 500), 'transient', 'whatsapp_500'],
      [boom('Connection Closed', 428), 'disconnected', 'whatsapp_disconnected'],
      [new TypeError('cannot read properties of undefined'), 'permanent', 'send_error'],
    ];
    for (const [error, kind, code] of cases) {
      fake.sendErrors.push(error);
      await expectSendError(sender.send(message(ALICE)), kind, code);
    }
    await expectSendError(sender.send(message('+12')), 'permanent', 'invalid_number');
    expect(fake.sent).toHaveLength(0);
  });

  it('refuses to send while disconnected', async () => {
    const { sender, fake } = await connected();
    await sender.checkNumbers([ALICE]);
    fake.autoConnect = false;
    fake.latest().drop(408);
    await waitForState(sender, { status: 'disconnected' });
    await expectSendError(sender.send(message(ALICE)), 'disconnected', 'whatsapp_disconnected');
    await expectSendError(sender.reply(ALICE, 'hi'), 'disconnected');
  });

  it('sends a document with the text as caption, reading and uploading the file once per campaign', async () => {
    const { sender, fake } = await connected({ onWhatsApp: [ALICE, BOB, '+6281100000003'] });
    const file = join(makeTempDir('bb-media-'), 'katalog.pdf');
    writeFileSync(file, Buffer.alloc(4096, 0x25));
    const media = { kind: 'document' as const, path: file, fileName: 'katalog.pdf', mimeType: 'application/pdf' };

    await sender.send(message(ALICE, { media }));
    expect(fake.uploads).toEqual([{ mediaType: 'document', bytes: expect.any(Number) }]);
    rmSync(file); // later recipients must not need the file any more
    await sender.send(message(BOB, { media }));
    await sender.send(message('+6281100000003', { media }));
    expect(fake.uploads).toHaveLength(1);

    const documents = fake.sent.map((s) => s.message.message?.documentMessage);
    expect(documents.map((d) => d?.caption)).toEqual(['Halo, promo Ramadan!', 'Halo, promo Ramadan!', 'Halo, promo Ramadan!']);
    expect(documents.map((d) => d?.fileName)).toEqual(['katalog.pdf', 'katalog.pdf', 'katalog.pdf']);
    expect(new Set(documents.map((d) => d?.directPath))).toEqual(new Set(['/v/document/1.enc']));
  });

  it('sends an image with caption and uploads it again for another campaign', async () => {
    const { sender, fake } = await connected();
    const file = join(makeTempDir('bb-media-'), 'promo.png');
    writeFileSync(file, await QRCode.toBuffer('promo', { type: 'png', width: 64 }));
    const media = { kind: 'image' as const, path: file, fileName: 'promo.png', mimeType: 'image/png' };

    await sender.send(message(ALICE, { media, text: 'Lihat promo' }));
    await sender.send(message(BOB, { media, text: 'Lihat promo' }));
    await sender.send(message(ALICE, { media, campaignId: 'c2', text: 'Promo kedua' }));
    expect(fake.uploads.map((u) => u.mediaType)).toEqual(['image', 'image']);
    const images = fake.sent.map((s) => s.message.message?.imageMessage);
    expect(images.map((i) => i?.caption)).toEqual(['Lihat promo', 'Lihat promo', 'Promo kedua']);
    expect(images.map((i) => i?.mimetype)).toEqual(['image/png', 'image/png', 'image/png']);
  });

  it('shows "typing…" before each message when WHATSAPP_TYPING is on', async () => {
    const e = await env({ onWhatsApp: [ALICE] });
    await storeLinkedSession(e.store, ME);
    const sender = e.sender({ config: { ...e.config, WHATSAPP_TYPING: true } });
    await waitForState(sender, { status: 'connected' });
    await sender.send(message(ALICE));
    const jid = '6281100000001@s.whatsapp.net';
    expect(e.fake.presence).toEqual([
      { type: 'available', jid: `subscribe:${jid}` },
      { type: 'composing', jid },
      { type: 'paused', jid },
    ]);

    const plain = await connected();
    await plain.sender.send(message(ALICE));
    expect(plain.fake.presence).toEqual([]);
  });

  it('turns WhatsApp status updates into delivered / read receipts, also when Baileys buffers them', async () => {
    const { sender, fake } = await connected();
    const receipts: DeliveryReceipt[] = [];
    sender.on('receipt', (r) => receipts.push(r));
    const { messageId } = await sender.send(message(ALICE));
    const socket = fake.latest();
    socket.status(messageId, MessageStatus.SERVER_ACK);
    socket.status(messageId, MessageStatus.DELIVERY_ACK);
    socket.buffered(() => socket.status(messageId, MessageStatus.READ));
    socket.status('OTHER', MessageStatus.PLAYED);
    await until(() => receipts.length === 3, 'three receipts');
    expect(receipts.map((r) => `${r.messageId}:${r.kind}`)).toEqual([`${messageId}:delivered`, `${messageId}:read`, 'OTHER:read']);
    // Each with the number of the chat: the store finds receipts by number, then message id.
    expect(receipts.map((r) => r.phone)).toEqual([ALICE, ALICE, ALICE]);
    expect(receipts[0]?.at).toBeInstanceOf(Date);
  });

  it('reports inbound text from people (phone or LID chats), not from groups, itself or history', async () => {
    const { sender, fake } = await connected();
    const inbound: InboundMessage[] = [];
    sender.on('inbound', (m) => inbound.push(m));
    const socket = fake.latest();
    socket.inbound('6281100000001@s.whatsapp.net', 'STOP');
    socket.inbound('123456789@lid', ' berhenti ', { remoteJidAlt: '6281100000002@s.whatsapp.net', extended: true });
    socket.inbound('1203630@g.us', 'STOP');
    socket.inbound('6281100000001@s.whatsapp.net', 'old message', { type: 'append' });
    socket.inbound('987654321@lid', 'no phone known');
    await until(() => inbound.length >= 2, 'inbound messages');
    await sleep(30);
    expect(inbound.map((m) => [m.from, m.text])).toEqual([
      [ALICE, 'STOP'],
      [BOB, ' berhenti '],
    ]);
  });

  it('stops the next send once when WhatsApp signals a limit outside a send (error ack, new-chat cap)', async () => {
    const { sender, fake } = await connected();
    const { messageId } = await sender.send(message(ALICE));
    fake.latest().status(messageId, MessageStatus.ERROR, undefined, ['429']);
    await sleep(20);
    await expectSendError(sender.send(message(BOB)), 'rate_limited', 'rate_limited');
    await sender.send(message(BOB)); // an admin's resume tries again

    fake.latest().emit('message-capping.update', { capping_status: 'CAPPED' as never, used_quota: 250, total_quota: 250 });
    await sleep(20);
    await expectSendError(sender.send(message(ALICE)), 'restricted', 'new_chat_cap');

    fake.latest().status(messageId, MessageStatus.ERROR, undefined, ['463', 'Your account has been restricted']);
    await sleep(20);
    await expectSendError(sender.send(message(ALICE)), 'restricted', 'restricted');
    expect(fake.sent).toHaveLength(2);
  });

  it('tells the new-chat quota while connected', async () => {
    const { sender, fake } = await connected();
    fake.quota = { total_quota: 250, used_quota: 40, capping_status: 'NONE' as never, cycle_end_timestamp: '1767225600' };
    expect(await sender.quota()).toEqual({
      total: 250,
      used: 40,
      remaining: 210,
      cappingStatus: 'NONE',
      cycleEndsAt: new Date(1767225600 * 1000),
    });
    fake.latest().drop(440);
    await waitForState(sender, { status: 'disconnected' });
    expect(await sender.quota()).toBeNull();
  });
});
