/**
 * Customers' replies come back to the admins, and the admins' answers go back to the customers.
 *
 * - `receiveCustomerReply`: an inbound WhatsApp message (not an opt-out keyword) from a customer whose last campaign
 *   message was sent within REPLY_WINDOW_DAYS is counted on that campaign (`replied`: once per customer per
 *   campaign) and forwarded by every chat notifier into the campaign's thread (under its summary).
 * - `answerReply`: an admin's reply to a forwarded message (Telegram) or in its thread (Slack) becomes an answer job,
 *   once per admin message (keyed by surface + chat + message id). From a Cloud API number it is refused unless the
 *   customer wrote to that number within the last 24 hours (service-window.ts): WhatsApp allows free text only then.
 * - `deliverAnswer`: the worker that holds WhatsApp sends it, paced like a campaign message, audits it and has the
 *   chat confirm it with ✓.
 * Every surface (Telegram, Slack, the CLI's simulate-inbound, WhatsApp webhooks) calls these; none decides alone.
 */
import type { App } from '../app-types.js';
import { t } from '../i18n/index.js';
import '../i18n/replies.js';
import type { AnswerJobData } from '../queue/answers.js';
import type { Pacer } from '../queue/pacer.js';
import type { CampaignNotifier, CustomerReply, InboundMessage, KeyValueRepository, WhatsAppSender } from './ports.js';
import { buildProgressView } from './progress-view.js';
import { closedServiceWindow, closedWindowText } from './service-window.js';
import { FINAL_STATUSES, type Actor, type Campaign, type Locale, type Surface } from './types.js';

const DAY_MS = 86_400_000;
/** Where each surface's summary message of a campaign is (chat + message id): replies are threaded under it. */
export const SUMMARY_NAMESPACE = 'summary-messages';
/** Forwarded replies' messages (Telegram) and threads (Slack): which customer an admin's answer there goes to. */
export const THREAD_NAMESPACE = 'reply-threads';
/** How long a forwarded reply can still be answered, and a summary still threads replies. */
const THREAD_TTL_MS = 60 * DAY_MS;
/** Customers remembered per Slack thread (the newest win). */
const THREAD_PHONES = 50;

export interface MessageRef {
  chatId: string;
  messageId: string;
}

interface ThreadRecord {
  campaignId: string;
  /** E.164 numbers of the customers forwarded there, oldest first. */
  phones: string[];
}

// ---------------------------------------------------------------- where things are (shared by the notifiers)

/** Notes where a surface posted the campaign's summary (or the thread root replies go under). */
export async function rememberSummary(kv: KeyValueRepository, surface: Surface, campaignId: string, ref: MessageRef): Promise<void> {
  await kv.set(SUMMARY_NAMESPACE, `${surface}:${campaignId}`, JSON.stringify(ref), THREAD_TTL_MS);
}

/** Where the surface posted the campaign's summary, or null before it did. */
export async function summaryMessage(kv: KeyValueRepository, surface: Surface, campaignId: string): Promise<MessageRef | null> {
  const value = await kv.get(SUMMARY_NAMESPACE, `${surface}:${campaignId}`);
  return value ? (JSON.parse(value) as MessageRef) : null;
}

/** Notes that `ref` (a forwarded message, or a Slack thread root) carries the customer's replies to the campaign. */
export async function rememberThread(kv: KeyValueRepository, surface: Surface, ref: MessageRef, campaignId: string, phone: string): Promise<void> {
  const key = `${surface}:${ref.chatId}:${ref.messageId}`;
  const old = await threadOf(kv, surface, ref);
  const phones = old && old.campaignId === campaignId ? old.phones.filter((p) => p !== phone) : [];
  const record: ThreadRecord = { campaignId, phones: [...phones, phone].slice(-THREAD_PHONES) };
  await kv.set(THREAD_NAMESPACE, key, JSON.stringify(record), THREAD_TTL_MS);
}

/** Whether `ref` carries forwarded customer replies (so a refusal there is worth telling). */
export async function isReplyThread(kv: KeyValueRepository, surface: Surface, ref: MessageRef): Promise<boolean> {
  return (await threadOf(kv, surface, ref)) !== null;
}

async function threadOf(kv: KeyValueRepository, surface: Surface, ref: MessageRef): Promise<ThreadRecord | null> {
  const value = await kv.get(THREAD_NAMESPACE, `${surface}:${ref.chatId}:${ref.messageId}`);
  return value ? (JSON.parse(value) as ThreadRecord) : null;
}

/** The forwarded reply's text: who, which campaign, what they wrote (media: only its kind, nothing to download). */
export function renderReplyText(reply: CustomerReply, locale: Locale): string {
  const name = reply.name?.trim() || t(locale, 'reply.forward.unnamed');
  const lines = [t(locale, 'reply.forward.header', { name, phone: reply.phone, title: reply.campaign.title })];
  if (reply.media) lines.push(t(locale, 'reply.forward.media', { kind: reply.media }));
  if (reply.text.trim() !== '') lines.push(reply.text);
  return lines.join('\n');
}

// ---------------------------------------------------------------- customer → admins

export type ReplyOutcome =
  | { kind: 'off' }
  | { kind: 'no_campaign' }
  | { kind: 'forwarded'; campaign: Campaign; first: boolean };

/** Counts and forwards a customer's message that answers a recent campaign (see the module comment). */
export async function receiveCustomerReply(app: App, message: InboundMessage, account?: string): Promise<ReplyOutcome> {
  const days = app.config.REPLY_WINDOW_DAYS;
  if (days === 0) return { kind: 'off' };
  const since = new Date(message.at.getTime() - days * DAY_MS);
  // The number the message came to: with several, a reply belongs to that number's campaign, not another's.
  const recipient = await app.store.recipients.lastSentTo(message.from, since, account);
  if (!recipient) return { kind: 'no_campaign' };
  const first = await app.store.recipients.recordReply(recipient.id, message.at);
  const campaign = await app.store.campaigns.get(recipient.campaignId);
  if (!campaign) return { kind: 'no_campaign' };
  const customer = await app.store.customers.findByPhone(message.from);
  const reply: CustomerReply = {
    campaign,
    phone: message.from,
    name: customer?.name ?? recipient.variables.name ?? null,
    text: message.text,
    media: message.media ?? null,
    at: message.at,
  };
  const log = app.logger.child({ component: 'replies', campaignId: campaign.id });
  await Promise.all(
    app.notifiers.all().map(async (notifier: CampaignNotifier) => {
      if (!notifier.forwardReply) return;
      try {
        await notifier.forwardReply(reply);
      } catch (error) {
        log.warn({ err: error, surface: notifier.surface }, 'could not forward a customer reply');
      }
    }),
  );
  await app.store.audit.record({
    actor: { surface: 'whatsapp', userId: message.from },
    action: 'whatsapp.reply',
    target: campaign.id,
    outcome: 'ok',
    // The words stay out of the audit trail (customer data); the kind of media is enough to tell what happened.
    detail: message.media ? `media:${message.media}` : null,
  });
  app.observer.replyReceived?.(campaign.id);
  // A finished campaign's progress message shows the replies; while sending, the next tick carries them.
  if (first && FINAL_STATUSES.includes(campaign.status)) {
    await app.engine.announcer.progress(campaign, buildProgressView(campaign, 0));
  }
  return { kind: 'forwarded', campaign, first };
}

// ---------------------------------------------------------------- admin → customer

export interface AdminAnswer {
  surface: Surface;
  /** The chat, and the message the admin replied to (Telegram) or the thread root (Slack). */
  thread: MessageRef;
  /** The admin's own message id (Telegram message id, Slack ts): the idempotency key. */
  messageId: string;
  text: string;
  actor: Actor;
  locale: Locale;
}

export type AnswerOutcome =
  /** Not a reply to a forwarded customer message: the surface carries on as if this were any message. */
  | { kind: 'not_a_reply' }
  | { kind: 'empty' }
  /** A Slack thread with several customers, and the answer names none of them. */
  | { kind: 'ambiguous'; example: string }
  | { kind: 'duplicate' }
  /** A Cloud API number outside the customer's 24-hour service window: nothing queued; `text` tells the admin why. */
  | { kind: 'window_closed'; phone: string; text: string }
  | { kind: 'queued'; phone: string };

/** Turns an admin's reply to a forwarded message into an answer job (once per admin message). */
export async function answerReply(app: App, answer: AdminAnswer): Promise<AnswerOutcome> {
  const thread = await threadOf(app.store.kv, answer.surface, answer.thread);
  if (!thread || thread.phones.length === 0) return { kind: 'not_a_reply' };
  let text = answer.text.trim();
  let phone = thread.phones.length === 1 ? thread.phones[0] : undefined;
  if (thread.phones.length > 1) {
    // "+62812… text" (spaces and dashes allowed in the number) picks the customer in a thread of several.
    const match = /^(\+?[\d][\d\s-]{5,}\d)\s*[:,-]?\s*/.exec(text);
    const digits = match?.[1]?.replace(/\D/g, '');
    phone = digits ? thread.phones.find((p) => p.replace(/\D/g, '') === digits) : undefined;
    if (!phone || !match) return { kind: 'ambiguous', example: thread.phones[thread.phones.length - 1] ?? '+62…' };
    text = text.slice(match[0].length).trim();
  }
  if (!phone) return { kind: 'not_a_reply' };
  if (text === '') return { kind: 'empty' };
  const key = `${app.prefix}:once:answer:${answer.surface}:${answer.thread.chatId}:${answer.messageId}`;
  if ((await app.engine.redis.set(key, '1', 'EX', 7 * 86_400, 'NX')) !== 'OK') return { kind: 'duplicate' };
  try {
    const customer = await app.store.customers.findByPhone(phone);
    const campaign = await app.store.campaigns.get(thread.campaignId);
    const account = campaign?.account ?? 'default';
    // Refused here, before queueing: Meta would refuse the free text (131047) once the window is closed.
    const closed = await closedServiceWindow(app, account, phone);
    if (closed) {
      await app.store.audit.record({ actor: answer.actor, action: 'whatsapp.answer', target: phone, outcome: 'refused', detail: 'service_window_closed' });
      return { kind: 'window_closed', phone, text: closedWindowText(answer.locale, closed, { phone, name: customer?.name ?? null }) };
    }
    await app.engine.answers.add({
      campaignId: thread.campaignId,
      account,
      phone,
      name: customer?.name ?? null,
      text,
      surface: answer.surface,
      chatId: answer.thread.chatId,
      messageId: answer.messageId,
      actor: answer.actor,
      locale: answer.locale,
    });
  } catch (error) {
    // Not queued: a redelivery of the same message may try again (the job id still keeps it to one send).
    await app.engine.redis.del(key).catch(() => undefined);
    throw error;
  }
  return { kind: 'queued', phone };
}

/** Sends a queued answer (in the worker that holds WhatsApp): paced, audited, then confirmed with ✓ in the chat. */
/** The account's sending side an answer goes out through (the worker's runner for that account). */
export interface AnswerRoute {
  sender: WhatsAppSender;
  pacer: Pacer;
  /** The pacing key (the account's daily counter); the linked number for `default` when undefined. */
  paceKey?: string;
}

export async function deliverAnswer(app: App, job: AnswerJobData, route: AnswerRoute = { sender: app.sender, pacer: app.engine.pacer }): Promise<void> {
  const { pacer, sender } = route;
  // The customer wrote in, so the answer is inside their customer service window: a Cloud number's messaging limit
  // does not count it (nor refuse it). DAILY_CAP (Baileys) holds answers too; the job is tried again later (BullMQ backoff).
  const slot = await pacer.takeSlot(route.paceKey ?? sender.state().account ?? 'default', { to: job.phone, answer: true });
  if (!slot.ok) throw new Error('the daily cap is reached: the answer waits');
  if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
  await sender.reply(job.phone, job.text);
  await app.store.audit.record({ actor: job.actor, action: 'whatsapp.answer', target: job.phone, outcome: 'ok', detail: `campaign ${job.campaignId}` });
  app.observer.answerSent?.(job.campaignId);
  const notifier = app.notifiers.all().find((n) => n.surface === job.surface && n.confirmAnswer);
  try {
    await notifier?.confirmAnswer?.({
      surface: job.surface,
      chatId: job.chatId,
      messageId: job.messageId,
      phone: job.phone,
      name: job.name,
      locale: job.locale,
    });
  } catch (error) {
    // The answer went out; only the ✓ is missing, and sending again would write to the customer twice.
    app.logger.warn({ err: error, surface: job.surface }, 'could not confirm an answer in the chat');
  }
}

/** The ✓ text of a delivered answer. */
export function answerSentText(locale: Locale, phone: string, name: string | null): string {
  return t(locale, 'reply.answer.sent', { name: name?.trim() || t(locale, 'reply.forward.unnamed'), phone });
}
