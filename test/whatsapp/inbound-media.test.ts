/** Inbound media messages become replies that name their kind (and carry the caption); nothing is downloaded. */
import type { BaileysEventMap, WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { inboundFrom } from '../../src/whatsapp/baileys/events.js';

const from = '6281100000001@s.whatsapp.net';
const message = (id: string, content: WAMessage['message']): WAMessage =>
  ({ key: { remoteJid: from, fromMe: false, id }, message: content, messageTimestamp: 1_700_000_000 }) as WAMessage;

describe('inbound media from Baileys', () => {
  it('maps images, voice notes, documents, stickers and locations to their kind, with the caption as text', async () => {
    const upsert = {
      type: 'notify',
      messages: [
        message('1', { imageMessage: { caption: 'bukti transfer' } }),
        message('2', { audioMessage: { ptt: true } }),
        message('3', { ephemeralMessage: { message: { documentMessage: { caption: null, fileName: 'a.pdf' } } } }),
        message('4', { stickerMessage: {} }),
        message('5', { locationMessage: { degreesLatitude: 1, degreesLongitude: 2 } }),
        message('6', { conversation: 'teks biasa' }),
        message('7', { protocolMessage: {} }),
      ],
    } as unknown as BaileysEventMap['messages.upsert'];
    const inbound = await inboundFrom(upsert);
    expect(inbound.map((m) => [m.from, m.media ?? null, m.text])).toEqual([
      ['+6281100000001', 'image', 'bukti transfer'],
      ['+6281100000001', 'audio', ''],
      ['+6281100000001', 'document', ''],
      ['+6281100000001', 'sticker', ''],
      ['+6281100000001', 'location', ''],
      ['+6281100000001', null, 'teks biasa'],
    ]);
  });
});
