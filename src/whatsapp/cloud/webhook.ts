/**
 * `/webhooks/whatsapp`, Meta's webhook for the Cloud API, on the HTTP role:
 * - GET answers Meta's verification (`hub.mode=subscribe`, `hub.verify_token`, echo `hub.challenge`);
 * - POST is accepted only with a valid `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app secret,
 *   compared in constant time); anything else is 401 and changes nothing.
 * A verified delivery's statuses and customer messages are handed to the sender of the phone number they are
 * for, which emits them as `receipt` / `inbound` events (the listeners record them, idempotently).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { DeliveryReceipt } from '../../campaigns/ports.js';
import type { Logger } from '../../logging/logger.js';
import { statusError } from './errors.js';
import type { CloudEvents } from './sender.js';

export const WEBHOOK_PATH = '/webhooks/whatsapp';

export interface WebhookSink {
  acceptEvents(events: CloudEvents): void;
}

export interface WebhookOptions {
  verifyToken: string | undefined;
  appSecret: string;
  /**
   * The sink of a phone number id's events (the CloudSender of the account with that number), or null when no
   * account of ours has it. May look the account up (see webhook-sinks.ts).
   */
  sinkFor(phoneNumberId: string): WebhookSink | null | Promise<WebhookSink | null>;
  logger: Logger;
}

/** `sha256=<hex>` of `body` with `secret`. */
export function signatureOf(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time check of an X-Hub-Signature-256 header against the raw body. */
export function validSignature(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(signatureOf(body, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface StatusPayload {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  errors?: { code?: number; title?: string; message?: string; error_data?: { details?: string } }[];
}

interface MessagePayload {
  id?: string;
  from?: string;
  timestamp?: string;
  type?: string;
  text?: { body?: string };
  button?: { text?: string };
  interactive?: { button_reply?: { title?: string }; list_reply?: { title?: string } };
}

interface WebhookBody {
  object?: string;
  entry?: { changes?: { field?: string; value?: { metadata?: { phone_number_id?: string }; statuses?: StatusPayload[]; messages?: MessagePayload[] } }[] }[];
}

/** The events of a delivery, per phone number id. Unknown shapes are skipped, never thrown on. */
export function parseWebhook(body: unknown): Map<string, CloudEvents> {
  const out = new Map<string, CloudEvents>();
  const payload = body as WebhookBody | null;
  if (!payload || payload.object !== 'whatsapp_business_account' || !Array.isArray(payload.entry)) return out;
  for (const entry of payload.entry) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      const value = change?.value;
      const phoneNumberId = value?.metadata?.phone_number_id;
      if (change?.field !== 'messages' || !value || typeof phoneNumberId !== 'string') continue;
      const events = out.get(phoneNumberId) ?? { receipts: [], inbound: [] };
      out.set(phoneNumberId, events);
      for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
        const receipt = toReceipt(status);
        if (receipt) events.receipts.push(receipt);
      }
      for (const message of Array.isArray(value.messages) ? value.messages : []) {
        const text = message.text?.body ?? message.button?.text ?? message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title;
        if (typeof message.id !== 'string' || typeof message.from !== 'string' || typeof text !== 'string') continue;
        events.inbound.push({ id: message.id, from: `+${message.from.replace(/\D/g, '')}`, text, at: timeOf(message.timestamp) });
      }
    }
  }
  return out;
}

function toReceipt(status: StatusPayload): DeliveryReceipt | null {
  // Receipts are found by the customer's number, then the message id: a status without the number is no use.
  if (typeof status.id !== 'string' || typeof status.recipient_id !== 'string') return null;
  const base = { messageId: status.id, at: timeOf(status.timestamp), phone: `+${status.recipient_id.replace(/\D/g, '')}` };
  // `sent` is already known from the send's answer.
  if (status.status === 'delivered' || status.status === 'read') return { ...base, kind: status.status };
  if (status.status === 'failed') return { ...base, kind: 'failed', error: statusError(status.errors) };
  return null;
}

function timeOf(seconds: string | undefined): Date {
  const n = Number(seconds);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : new Date();
}

/** The router serving GET and POST /webhooks/whatsapp (mount it before any body parser). */
export function webhookRouter(options: WebhookOptions): Router {
  const router = express.Router();
  const log = options.logger.child({ component: 'cloud-webhook' });
  router.get(WEBHOOK_PATH, (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    const expected = options.verifyToken;
    if (mode === 'subscribe' && typeof token === 'string' && expected && sameText(token, expected) && typeof challenge === 'string') {
      res.type('text/plain').send(challenge);
      return;
    }
    res.status(403).type('text/plain').send('forbidden\n');
  });
  router.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: '2mb' }), async (req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!validSignature(raw, req.header('x-hub-signature-256'), options.appSecret)) {
      log.warn({ ip: req.ip }, 'webhook refused: bad or missing X-Hub-Signature-256');
      res.status(401).type('text/plain').send('bad signature\n');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.status(400).type('text/plain').send('not JSON\n');
      return;
    }
    try {
      for (const [phoneNumberId, events] of parseWebhook(body)) {
        const sink = await options.sinkFor(phoneNumberId);
        if (sink) sink.acceptEvents(events);
        else log.warn({ phoneNumberId }, 'webhook for a phone number id no account has');
      }
    } catch (error) {
      // The account could not be looked up (store down): a 500 makes Meta deliver again later.
      next(error);
      return;
    }
    res.status(200).type('text/plain').send('ok\n');
  });
  return router;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
