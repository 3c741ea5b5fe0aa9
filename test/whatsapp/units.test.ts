import { describe, expect, it } from 'vitest';
import { SendError } from '../../src/campaigns/ports.js';
import { accountControlOf, isNewAccount } from '../../src/whatsapp/account.js';
import { formatPairingCode } from '../../src/whatsapp/admin.js';
import { backoffDelay } from '../../src/whatsapp/baileys/backoff.js';
import { limitSignalFromConnection, receiptsFrom, textOf } from '../../src/whatsapp/baileys/events.js';
import { e164FromJid, jidFromE164, senderOfMessage } from '../../src/whatsapp/baileys/jid.js';
import { createMediaCache } from '../../src/whatsapp/baileys/media-cache.js';
import { statusCodeOf, toSendError } from '../../src/whatsapp/baileys/send-errors.js';
import { DryRunSender } from '../../src/whatsapp/dry-run.js';
import { normalizeKeyword } from '../../src/whatsapp/listeners.js';
import { createNumberCache } from '../../src/whatsapp/number-cache.js';
import { boom } from '../fakes/baileys-socket.js';
import { sleep, useWhatsAppEnv } from './helpers.js';

describe('WhatsApp building blocks', () => {
  const env = useWhatsAppEnv();

  it('converts between E.164 numbers and JIDs, LIDs included', async () => {
    expect(jidFromE164('+6281234567890')).toBe('6281234567890@s.whatsapp.net');
    expect(jidFromE164('+12')).toBeNull();
    expect(jidFromE164('0812-3456')).toBeNull();
    expect(e164FromJid('6281234567890:12@s.whatsapp.net')).toBe('+6281234567890');
    expect(e164FromJid('123456@lid')).toBeNull();
    expect(e164FromJid('120363@g.us')).toBeNull();
    expect(await senderOfMessage({ remoteJid: '111@lid' }, async () => '6281100000001@s.whatsapp.net')).toBe('+6281100000001');
    expect(await senderOfMessage({ remoteJid: '111@lid' })).toBeNull();
  });

  it('gives receipts the number of the chat (phone JID, its LID alternative or the LID mapping), and drops the rest', async () => {
    const at = new Date('2025-06-01T00:00:00.000Z');
    const update = (remoteJid: string, id: string, status: number, extra: { remoteJidAlt?: string; fromMe?: boolean } = {}) => ({
      key: { remoteJid, id, fromMe: extra.fromMe ?? true, ...(extra.remoteJidAlt ? { remoteJidAlt: extra.remoteJidAlt } : {}) },
      update: { status },
    });
    const receipts = await receiptsFrom(
      [
        update('6281100000001@s.whatsapp.net', 'A', 3),
        update('111@lid', 'B', 4, { remoteJidAlt: '6281100000002@s.whatsapp.net' }),
        update('222@lid', 'C', 5),
        update('333@lid', 'D', 4),
        update('6281100000004@s.whatsapp.net', 'E', 2),
        update('6281100000005@s.whatsapp.net', 'F', 4, { fromMe: false }),
      ],
      at,
      async (lid) => (lid === '222@lid' ? '6281100000003@s.whatsapp.net' : null),
    );
    expect(receipts).toEqual([
      { messageId: 'A', phone: '+6281100000001', kind: 'delivered', at },
      { messageId: 'B', phone: '+6281100000002', kind: 'read', at },
      { messageId: 'C', phone: '+6281100000003', kind: 'read', at },
    ]);
  });

  it('backs off exponentially up to a ceiling, with jitter in the upper half', () => {
    const options = { baseMs: 1_000, maxMs: 60_000 };
    expect([0, 1, 2, 3, 6, 7, 40].map((n) => backoffDelay(n, options, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000]);
    expect(backoffDelay(3, options, () => 0)).toBe(4_000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(6_000);
  });

  it('reads status codes from Boom errors, preferring WhatsApp\'s own code', () => {
    expect(statusCodeOf(boom('x', 408))).toBe(408);
    expect(statusCodeOf(boom('rate-overlimit', 500, 429))).toBe(429);
    expect(statusCodeOf(new Error('plain'))).toBeNull();
    expect(toSendError(boom('Timed Out', 408), false).kind).toBe('disconnected');
    expect(toSendError(boom('Timed Out', 408), true).kind).toBe('transient');
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/x.png'"), { code: 'ENOENT' });
    expect(toSendError(missing, true)).toMatchObject({ kind: 'permanent', code: 'media_missing' });
    const own = new SendError('rate_limited', 'x', 'y');
    expect(toSendError(own, true)).toBe(own);
  });

  it('matches opt-out keywords on the whole message, any case, ignoring surrounding punctuation', () => {
    expect(normalizeKeyword('  stop! ')).toBe('STOP');
    expect(normalizeKeyword('Stop   Promo.')).toBe('STOP PROMO');
    expect(normalizeKeyword('🛑 berhenti 🛑')).toBe('BERHENTI');
    expect(normalizeKeyword('please stop')).toBe('PLEASE STOP');
  });

  it('reads text from plain, extended and ephemeral messages, and time locks from connection updates', () => {
    expect(textOf({ conversation: 'hi' })).toBe('hi');
    expect(textOf({ extendedTextMessage: { text: 'hello' } })).toBe('hello');
    expect(textOf({ ephemeralMessage: { message: { conversation: 'psst' } } })).toBe('psst');
    expect(textOf({ imageMessage: {} })).toBeNull();
    expect(limitSignalFromConnection({ reachoutTimeLock: { isActive: true, timeEnforcementEnds: new Date('2030-01-01T00:00:00Z') } })).toMatchObject({
      kind: 'restricted',
      detail: expect.stringContaining('2030-01-01'),
    });
    expect(limitSignalFromConnection({ reachoutTimeLock: { isActive: false } })).toBeNull();
  });

  it('keeps media uploads for a while and drops the oldest beyond its size', () => {
    let now = 0;
    const cache = createMediaCache({ ttlMs: 100, maxEntries: 2, now: () => now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    now = 150;
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size()).toBe(1);
  });

  it('caches number checks in the store and forgets them after their time', async () => {
    const { store } = await env();
    const cache = createNumberCache(store.kv, { ttlMs: 50 });
    await cache.put(new Map([['+6281100000001', true], ['+6281100000009', false]]));
    expect(await cache.get(['+6281100000001', '+6281100000009', '+6281100000002'])).toEqual(
      new Map([['+6281100000001', true], ['+6281100000009', false]]),
    );
    await store.kv.set('whatsapp-numbers', '+6281100000003', 'not json');
    expect(await cache.get(['+6281100000003'])).toEqual(new Map());
    await sleep(80);
    expect(await cache.get(['+6281100000001'])).toEqual(new Map());
  });

  it('tells a driver with account control from the dry-run one, and a new account from an established one', () => {
    const dryRun = new DryRunSender({ outboxPath: '/dev/null', latencyMs: 0, failRate: 0, notOnWhatsApp: [] });
    expect(accountControlOf(dryRun)).toBeNull();
    const now = new Date('2026-03-20T00:00:00Z');
    expect(isNewAccount(new Date('2026-03-10T00:00:00Z'), now)).toBe(true);
    expect(isNewAccount(new Date('2026-02-10T00:00:00Z'), now)).toBe(false);
    expect(isNewAccount(null, now)).toBe(false);
    expect(formatPairingCode('ABCD1234')).toBe('ABCD-1234');
  });
});
