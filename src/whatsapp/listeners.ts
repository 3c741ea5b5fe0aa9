/**
 * What the product does with the sender's events: receipts become delivered / read times on recipients,
 * an opt-out keyword from a customer opts them out (with one confirmation), any other message answering a recent
 * campaign goes to the admins, and a lost account alerts the admins on every chat surface.
 */
import type { App } from '../app-types.js';
import type { AdminAlert, DeliveryReceipt, InboundMessage, SenderState, WhatsAppSender } from '../campaigns/ports.js';
import { receiveCustomerReply, type ReplyOutcome } from '../campaigns/replies.js';
import { t } from '../i18n/index.js';
import '../i18n/whatsapp.js';
import { DEFAULT_ACCOUNT } from './accounts.js';

export interface SenderListenerOptions {
  /**
   * Waits before retrying a receipt whose message id is not recorded yet: a receipt can arrive before the
   * engine has written the send's result.
   */
  receiptRetryDelaysMs?: number[];
  /**
   * The sender whose events to handle; default `app.sender`. A named account's sender (e.g. the webhook sink of a
   * Cloud account, see whatsapp/cloud/webhook-sinks.ts) goes through the same path, and its opt-out confirmations
   * go out from that number.
   */
  sender?: WhatsAppSender;
  /**
   * The sender account the sender is (its name): a customer's message is a reply to that number's latest campaign
   * to them (absent: any campaign), and is dated per number (absent: `default`) for the answers' service window.
   */
  account?: string;
}

const DEFAULT_RECEIPT_RETRIES = [2_000, 10_000, 60_000];

/** Reasons that stop the connection for good (until an admin acts) and deserve an alert. */
const STOPPING_REASONS = new Set(['forbidden', 'multidevice_mismatch', 'session_unreadable', 'lock_lost']);

/**
 * Subscribes to the app sender's (or `options.sender`'s) events; returns a function that unsubscribes (also run on app.close()).
 * @example attachSenderListeners(app) // in the worker role
 */
export function attachSenderListeners(app: App, options: SenderListenerOptions = {}): () => void {
  const log = app.logger.child({ component: 'whatsapp-listeners' });
  const retryDelays = options.receiptRetryDelaysMs ?? DEFAULT_RECEIPT_RETRIES;
  const sender = options.sender ?? app.sender;
  const timers = new Set<NodeJS.Timeout>();
  let detached = false;
  let lastAlert: string | null = null;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function recordReceipt(receipt: DeliveryReceipt): Promise<void> {
    for (let attempt = 0; !detached; attempt++) {
      const recorded =
        receipt.kind === 'failed'
          ? await app.store.recipients.recordLateFailure(
              receipt,
              receipt.error?.code ?? 'failed',
              receipt.error?.text ?? 'WhatsApp could not deliver the message',
            )
          : await app.store.recipients.recordReceipt(receipt);
      if (recorded) return;
      const delay = retryDelays[attempt];
      if (delay === undefined) {
        log.debug({ messageId: receipt.messageId }, 'receipt for a message that is not a campaign message');
        return;
      }
      await wait(delay);
    }
  }

  const handleInbound = createInboundHandler(app, sender, options.account);

  async function alertAdmins(state: SenderState): Promise<void> {
    const alert = alertFor(state, lastAlert !== null);
    if (!alert) return;
    const key = `${alert.kind}:${alert.reason}`;
    if (key === lastAlert) return;
    lastAlert = alert.kind === 'whatsapp_connected' ? null : key;
    for (const notifier of app.notifiers.all()) {
      await notifier.alert(alert).catch((error: unknown) => log.warn({ err: error, surface: notifier.surface }, 'could not alert admins'));
    }
  }

  const onReceipt = (receipt: DeliveryReceipt) =>
    void recordReceipt(receipt).catch((error: unknown) => log.error({ err: error, messageId: receipt.messageId }, 'could not record a receipt'));
  const onInbound = (message: InboundMessage) =>
    void handleInbound(message).then(() => undefined).catch((error: unknown) => log.error({ err: error }, 'could not handle an inbound WhatsApp message'));
  const onState = (state: SenderState) =>
    void alertAdmins(state).catch((error: unknown) => log.error({ err: error }, 'could not alert admins about WhatsApp'));

  sender.on('receipt', onReceipt);
  sender.on('inbound', onInbound);
  sender.on('state', onState);
  const detach = () => {
    if (detached) return;
    detached = true;
    sender.off('receipt', onReceipt);
    sender.off('inbound', onInbound);
    sender.off('state', onState);
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
  app.onClose(detach);
  return detach;
}

/** What became of an inbound message. */
export type InboundOutcome = { kind: 'opted_out' } | { kind: 'already_opted_out' } | ReplyOutcome;

/**
 * The one inbound path: an opt-out keyword opts the customer out (one confirmation); anything else from a customer
 * who received a campaign recently is a reply, counted and forwarded to the admins (src/campaigns/replies.ts).
 * Every source of inbound messages calls the function this returns: the sender's `inbound` event, the CLI's
 * `whatsapp simulate-inbound`, and webhooks. `sender` is the number the message came to (the confirmation goes out from it)
 * and `account` its name: a reply is matched to that number's campaigns (absent: any campaign), and the customer's last
 * message is dated per number (absent: `default`), for the answers' service window.
 * @example const handle = createInboundHandler(app); await handle({ from: '+6281…', text: 'STOP', at: new Date() });
 */
export function createInboundHandler(
  app: App,
  sender: WhatsAppSender = app.sender,
  account?: string,
): (message: InboundMessage) => Promise<InboundOutcome> {
  const log = app.logger.child({ component: 'whatsapp-inbound' });
  const keywords = new Set(app.config.OPTOUT_KEYWORDS.map(normalizeKeyword).filter((k): k is string => k !== null));
  const optingOut = new Set<string>();
  return async (message) => {
    // Any message from the customer (STOP too) opens WhatsApp's 24-hour window for free-text answers from this number.
    await app.store.conversations.recordCustomerMessage(account ?? DEFAULT_ACCOUNT, message.from, message.at);
    // A caption is not a keyword: a photo captioned "stop" is a reply, not an opt-out.
    const keyword = message.media ? null : normalizeKeyword(message.text);
    if (keyword === null || !keywords.has(keyword)) return receiveCustomerReply(app, message, account);
    // Two STOPs in a row must not give two confirmations.
    if (optingOut.has(message.from)) return { kind: 'already_opted_out' };
    optingOut.add(message.from);
    try {
      const existing = await app.store.customers.findByPhone(message.from);
      if (existing?.optedOut) return { kind: 'already_opted_out' };
      // A number that came from a pasted list is not a customer yet; record it so every audience leaves it out.
      if (!existing) await app.store.customers.upsertMany([{ phone: message.from }]);
      await app.customers.optOut(message.from, { surface: 'whatsapp', userId: message.from });
      log.info({ phone: message.from }, 'customer opted out by WhatsApp keyword');
      await sender.reply(message.from, t(app.config.BOT_LOCALE, 'whatsapp.optout.confirmed'));
      return { kind: 'opted_out' };
    } finally {
      optingOut.delete(message.from);
    }
  };
}

/**
 * Longest message that can still be an opt-out keyword. Anything longer is a conversation, not a keyword, and is
 * rejected before any normalisation so a 100 KB message from a stranger costs nothing.
 */
export const MAX_KEYWORD_LENGTH = 64;

const EDGE = /^[\p{P}\p{S}\s]$/u;

/**
 * "  stop! " → "STOP": the whole message, any case, surrounding punctuation and spaces ignored; null for a text
 * longer than MAX_KEYWORD_LENGTH (it cannot be a keyword). Linear: a scan per code point, no backtracking regex.
 */
export function normalizeKeyword(text: string): string | null {
  if (text.length > MAX_KEYWORD_LENGTH) return null;
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && EDGE.test(chars[start] ?? '')) start++;
  while (end > start && EDGE.test(chars[end - 1] ?? '')) end--;
  let out = '';
  let space = false;
  for (const char of chars.slice(start, end)) {
    if (/^\s$/u.test(char)) space = true;
    else {
      if (space) out += ' ';
      space = false;
      out += char;
    }
  }
  return out.toUpperCase();
}

function alertFor(state: SenderState, alertedBefore: boolean): AdminAlert | null {
  if (state.status === 'logged_out') return { kind: 'whatsapp_logged_out', reason: 'logged_out' };
  if (state.reason === 'connection_replaced') return { kind: 'whatsapp_replaced', reason: 'connection_replaced' };
  if (state.status === 'disconnected' && state.reason && STOPPING_REASONS.has(state.reason)) {
    return { kind: 'whatsapp_disconnected', reason: state.reason };
  }
  if (state.status === 'connected' && alertedBefore) {
    return { kind: 'whatsapp_connected', reason: 'connected', ...(state.account ? { detail: state.account } : {}) };
  }
  return null;
}
