/**
 * The dry-run sender: writes every message it "sends" to a JSON-lines outbox instead of WhatsApp.
 * Operators rehearse campaigns with it, and tests use the outbox to prove nothing was sent twice or skipped.
 * Each line is written with one synchronous append, so a line is on disk (page cache) before `send` resolves:
 * a process killed with SIGKILL never loses a message it reported as sent.
 */
import { EventEmitter } from 'node:events';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  SendError,
  type InboundMediaKind,
  type OutboundMessage,
  type SenderEvents,
  type SenderState,
  type SendFailureKind,
  type WhatsAppSender,
} from '../campaigns/ports.js';

export interface DryRunOptions {
  outboxPath: string;
  latencyMs: number;
  /** Fraction of sends that fail with a transient error (0..1). */
  failRate: number;
  /** Numbers treated as "not on WhatsApp": exact E.164, or a prefix ending in `*` (e.g. `+6289999*`). */
  notOnWhatsApp: string[];
  random?: () => number;
}

/** One line of the outbox (`to` in E.164). */
export interface OutboxLine {
  campaignId: string | null;
  recipientId: string | null;
  to: string;
  text: string;
  messageId: string;
  at: string;
  media?: string;
}

export class DryRunSender implements WhatsAppSender {
  readonly driver = 'dry-run' as const;
  private readonly events = new EventEmitter();
  private fd: number | null = null;
  private current: SenderState = { status: 'connected', account: 'dry-run', since: new Date(), reason: null };
  private readonly forced: { kind: SendFailureKind; code: string }[] = [];
  private readonly random: () => number;

  constructor(private readonly options: DryRunOptions) {
    this.random = options.random ?? Math.random;
  }

  state(): SenderState {
    return this.current;
  }

  on<E extends keyof SenderEvents>(event: E, listener: SenderEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof SenderEvents>(event: E, listener: SenderEvents[E]): void {
    this.events.off(event, listener);
  }

  async checkNumbers(phones: string[]): Promise<Map<string, boolean>> {
    return new Map(phones.map((p) => [p, !this.isNotOnWhatsApp(p)]));
  }

  async send(message: OutboundMessage): Promise<{ messageId: string }> {
    if (this.options.latencyMs > 0) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    if (this.current.status !== 'connected') throw new SendError('disconnected', 'not_connected', 'the dry-run sender is disconnected');
    const forced = this.forced.shift();
    if (forced) throw new SendError(forced.kind, forced.code, `rehearsed failure: ${forced.code}`);
    if (this.isNotOnWhatsApp(message.to)) throw new SendError('not_on_whatsapp', 'not_on_whatsapp', `${message.to} is not on WhatsApp`);
    if (this.options.failRate > 0 && this.random() < this.options.failRate) {
      throw new SendError('transient', 'dry_run_transient', 'rehearsed transient failure (DRY_RUN_FAIL_RATE)');
    }
    const messageId = `DRY${randomBytes(8).toString('hex').toUpperCase()}`;
    this.append({
      campaignId: message.campaignId,
      recipientId: message.recipientId,
      to: message.to,
      text: message.text,
      messageId,
      at: new Date().toISOString(),
      ...(message.media ? { media: message.media.fileName } : {}),
    });
    return { messageId };
  }

  async reply(to: string, text: string): Promise<void> {
    this.append({ campaignId: null, recipientId: null, to, text, messageId: `DRY${randomBytes(8).toString('hex').toUpperCase()}`, at: new Date().toISOString() });
  }

  async close(): Promise<void> {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  // ---- rehearsal controls (tests and `DRY_RUN_*` settings)

  /** Simulates a connection change, emitting the `state` event as a real driver would. */
  setState(status: SenderState['status'], reason: string | null = null): void {
    this.current = { status, account: 'dry-run', since: new Date(), reason };
    this.events.emit('state', this.current);
  }

  /** Makes the next sends fail with the given kinds, in order. */
  failNext(...failures: { kind: SendFailureKind; code: string }[]): void {
    this.forced.push(...failures);
  }

  /** Emits a delivery receipt for the message sent to `phone`, as WhatsApp would. */
  emitReceipt(messageId: string, phone: string, kind: 'delivered' | 'read'): void {
    this.events.emit('receipt', { messageId, phone, kind, at: new Date() });
  }

  /** Emits an inbound message, as WhatsApp would (`media`: a media message with `text` as its caption). */
  emitInbound(from: string, text: string, media?: InboundMediaKind): void {
    this.events.emit('inbound', { from, text, at: new Date(), ...(media ? { media } : {}) });
  }

  private isNotOnWhatsApp(phone: string): boolean {
    return this.options.notOnWhatsApp.some((p) => (p.endsWith('*') ? phone.startsWith(p.slice(0, -1)) : p === phone));
  }

  private append(line: OutboxLine): void {
    if (this.fd === null) {
      mkdirSync(dirname(this.options.outboxPath), { recursive: true });
      this.fd = openSync(this.options.outboxPath, 'a');
    }
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }
}
