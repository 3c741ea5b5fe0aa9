/**
 * Reads what the driver needs out of Baileys' events: delivery / read receipts, inbound text messages,
 * and the signals that WhatsApp is limiting the account (error acks, the new-chat cap, a reach-out time lock).
 */
import { proto, toNumber, type BaileysEventMap, type WAMessage, type WAMessageUpdate } from '@whiskeysockets/baileys';
import type { DeliveryReceipt, InboundMediaKind, InboundMessage, SendFailureKind } from '../../campaigns/ports.js';
import { phoneOfChat, senderOfMessage, type LidResolver } from './jid.js';

const Status = proto.WebMessageInfo.Status;

/**
 * Receipts for our own messages: DELIVERY_ACK → delivered, READ / PLAYED → read, each with the number of the chat
 * (the store finds receipts by number, then message id). A receipt whose number cannot be told (a LID chat
 * without mapping) is left out: the store could not find its recipient anyway.
 */
export async function receiptsFrom(updates: WAMessageUpdate[], at: Date = new Date(), resolveLid?: LidResolver): Promise<DeliveryReceipt[]> {
  const out: DeliveryReceipt[] = [];
  for (const { key, update } of updates) {
    if (!key.fromMe || !key.id || typeof update.status !== 'number') continue;
    const kind = update.status === Status.DELIVERY_ACK ? 'delivered' : update.status === Status.READ || update.status === Status.PLAYED ? 'read' : null;
    if (kind === null) continue;
    const phone = await phoneOfChat(key, resolveLid);
    if (phone) out.push({ messageId: key.id, phone, kind, at });
  }
  return out;
}

/** A reason for the next send to stop the campaign (ban safety), found in WhatsApp's events. */
export interface LimitSignal {
  kind: Extract<SendFailureKind, 'rate_limited' | 'restricted'>;
  code: string;
  detail: string;
}

/** An error ack on one of our messages that says the account is limited (429 / 463 / "restricted"). */
export function limitSignalFromUpdates(updates: WAMessageUpdate[]): LimitSignal | null {
  for (const { key, update } of updates) {
    if (!key.fromMe || update.status !== Status.ERROR) continue;
    const params = (update.messageStubParameters ?? []).map(String);
    const [code = ''] = params;
    if (code === '429') return { kind: 'rate_limited', code: 'rate_limited', detail: `error ack 429 on message ${key.id ?? '?'}` };
    if (code === '463' || params.some((p: string) => /restricted/i.test(p))) {
      return { kind: 'restricted', code: 'restricted', detail: `error ack ${code} on message ${key.id ?? '?'}: ${params.join(' ')}` };
    }
  }
  return null;
}

/** WhatsApp's new-chat cap reached (`message-capping.update` with CAPPED). */
export function limitSignalFromCapping(info: BaileysEventMap['message-capping.update']): LimitSignal | null {
  if (info.capping_status !== 'CAPPED') return null;
  return { kind: 'restricted', code: 'new_chat_cap', detail: `new-chat quota used up (${info.used_quota ?? '?'}/${info.total_quota ?? '?'})` };
}

/** A reach-out time lock in `connection.update`: WhatsApp blocks outgoing messages until it ends. */
export function limitSignalFromConnection(update: BaileysEventMap['connection.update']): LimitSignal | null {
  const lock = update.reachoutTimeLock;
  if (!lock?.isActive) return null;
  const until = lock.timeEnforcementEnds ? ` until ${lock.timeEnforcementEnds.toISOString()}` : '';
  return { kind: 'restricted', code: 'restricted', detail: `WhatsApp restricted new messages${until} (${lock.enforcementType ?? 'unknown'})` };
}

/** The plain text of a message (conversation or extended text, also inside an ephemeral wrapper). */
export function textOf(message: WAMessage['message']): string | null {
  if (!message) return null;
  const inner = message.ephemeralMessage?.message ?? message;
  const text = inner.conversation ?? inner.extendedTextMessage?.text ?? null;
  return typeof text === 'string' ? text : null;
}

/** The kind of media of a message (inside an ephemeral or view-once wrapper too), or null for none. */
export function mediaOf(message: WAMessage['message']): { kind: InboundMediaKind; caption: string } | null {
  if (!message) return null;
  const inner = message.ephemeralMessage?.message ?? message.viewOnceMessage?.message ?? message.viewOnceMessageV2?.message ?? message;
  const caption = (value: string | null | undefined) => (typeof value === 'string' ? value : '');
  if (inner.imageMessage) return { kind: 'image', caption: caption(inner.imageMessage.caption) };
  if (inner.videoMessage) return { kind: 'video', caption: caption(inner.videoMessage.caption) };
  if (inner.audioMessage) return { kind: 'audio', caption: '' };
  if (inner.documentMessage) return { kind: 'document', caption: caption(inner.documentMessage.caption) };
  if (inner.documentWithCaptionMessage?.message?.documentMessage) {
    return { kind: 'document', caption: caption(inner.documentWithCaptionMessage.message.documentMessage.caption) };
  }
  if (inner.stickerMessage) return { kind: 'sticker', caption: '' };
  if (inner.locationMessage || inner.liveLocationMessage) return { kind: 'location', caption: '' };
  if (inner.contactMessage || inner.contactsArrayMessage) return { kind: 'contact', caption: '' };
  return null;
}

/** Inbound text messages of a `messages.upsert` (only live ones: type `notify`, not ours, from a person). */
export async function inboundFrom(upsert: BaileysEventMap['messages.upsert'], resolveLid?: LidResolver): Promise<InboundMessage[]> {
  if (upsert.type !== 'notify') return [];
  const out: InboundMessage[] = [];
  for (const message of upsert.messages) {
    if (message.key.fromMe) continue;
    const text = textOf(message.message);
    const media = text === null ? mediaOf(message.message) : null;
    if (text === null && media === null) continue;
    const from = await senderOfMessage(message.key, resolveLid);
    if (!from) continue;
    const seconds = toNumber(message.messageTimestamp);
    const at = seconds > 0 ? new Date(seconds * 1000) : new Date();
    out.push(media ? { from, text: media.caption, at, media: media.kind } : { from, text: text ?? '', at });
  }
  return out;
}
