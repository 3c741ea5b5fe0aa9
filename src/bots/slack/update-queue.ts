/**
 * Edits progress messages within a workspace's chat.update budget. Each message keeps only its latest
 * content (an edit that could not go out is replaced by the next one, so nothing stale is sent), messages
 * take turns (the one edited longest ago goes next), a final edit always goes out, and a 429 holds every
 * message of the workspace back for the Retry-After that Slack asked for.
 */
import type { Logger } from '../../logging/logger.js';
import type { UpdateBudget } from './budget.js';
import type { Block } from './blocks.js';
import { retryAfterSeconds, slackErrorCode } from './client.js';

export interface MessageUpdate {
  campaignId: string;
  channel: string;
  ts: string;
  text: string;
  blocks: Block[];
  /** The campaign's last edit: waited for, never given up for the budget. */
  final: boolean;
}

interface Entry {
  update: MessageUpdate;
  waiters: (() => void)[];
  attempts: number;
  notBefore: number;
  /** When the edit first failed (for the patience of a final edit through an outage). */
  failingSince?: number;
}

export interface UpdateQueueDeps {
  bucket: UpdateBudget;
  send: (update: MessageUpdate) => Promise<void>;
  logger: Logger;
  /** Reports an edit Slack refused (metrics). */
  onError?: (code: string) => void;
  now?: () => number;
}

export interface UpdateStats {
  /** chat.update calls that succeeded. */
  sent: number;
  /** Edits replaced by a newer one before they went out (ticks skipped for the budget). */
  coalesced: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Edits given up after a permanent error or repeated failures. */
  dropped: number;
}

/** Errors after which editing this message again is pointless. */
const PERMANENT = new Set([
  'message_not_found',
  'channel_not_found',
  'cant_update_message',
  'edit_window_closed',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'invalid_blocks',
  'msg_too_long',
]);
const MAX_ATTEMPTS = 4;
/** Errors of an unreachable Slack (network, 5xx after the client's retries): an outage that will end. */
const OUTAGE = new Set(['request_error', 'http_error']);
/** How long a final edit keeps trying through an outage, in the background, after its waiters were released. */
const FINAL_PATIENCE_MS = 15 * 60_000;
const FINAL_MAX_DELAY_MS = 30_000;
const LAST_TEXT_LIMIT = 5_000;

export class UpdateQueue {
  private readonly pending = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Entry>();
  private readonly lastText = new Map<string, string>();
  private readonly lastSentAt = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private closed = false;
  private draining = false;
  private drainAgain = false;
  private readonly counters: UpdateStats = { sent: 0, coalesced: 0, rateLimited: 0, dropped: 0 };
  private readonly now: () => number;

  constructor(private readonly deps: UpdateQueueDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Queues the latest content of a message. Resolves at once for a running campaign; for a final edit,
   * once it was delivered (or given up after a permanent error).
   */
  push(update: MessageUpdate): Promise<void> {
    if (this.closed) return Promise.resolve();
    const key = `${update.channel}:${update.ts}`;
    const existing = this.pending.get(key);
    const sending = this.inFlight.get(key);
    if (!existing && sending && sending.update.text === update.text) {
      return update.final ? new Promise<void>((resolve) => sending.waiters.push(resolve)) : Promise.resolve();
    }
    if (!existing && !sending && this.lastText.get(key) === update.text) return Promise.resolve();
    let entry: Entry;
    if (existing) {
      this.counters.coalesced++;
      // A late non-final view never replaces the final one.
      if (!(existing.update.final && !update.final)) existing.update = update;
      entry = existing;
    } else {
      entry = { update, waiters: [], attempts: 0, notBefore: 0 };
      this.pending.set(key, entry);
    }
    const done = update.final ? new Promise<void>((resolve) => entry.waiters.push(resolve)) : Promise.resolve();
    this.drain();
    return done;
  }

  /** Records that a message shows this text already (it was just posted). */
  seen(channel: string, ts: string, text: string): void {
    this.remember(`${channel}:${ts}`, text);
  }

  /** Resolves once every queued edit of the campaign went out (or was given up). */
  async flush(campaignId: string): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const entry of [...this.pending.values(), ...this.inFlight.values()]) {
      if (entry.update.campaignId === campaignId) waits.push(new Promise((resolve) => entry.waiters.push(resolve)));
    }
    await Promise.all(waits);
  }

  stats(): UpdateStats {
    return { ...this.counters };
  }

  /** Stops editing; whoever waits for a final edit is released. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const entry of [...this.pending.values(), ...this.inFlight.values()]) release(entry);
    this.pending.clear();
  }

  /** Sends what the budget allows now; one drain runs at a time (the budget may answer asynchronously). */
  private drain(): void {
    if (this.closed) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    this.drainAgain = false;
    void this.drainLoop()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'Slack progress edits stopped unexpectedly'))
      .finally(() => {
        this.draining = false;
        if (this.drainAgain) this.drain();
      });
  }

  private async drainLoop(): Promise<void> {
    while (!this.closed) {
      // One reading of the clock decides both what is due and when to wake: read twice, an edit due in between
      // would be neither, and with no timer left the queue would stall (the final edit, flush and the summary with it).
      const now = this.now();
      if (this.ready(now).length === 0) {
        this.wakeForRetries(now);
        return;
      }
      const answer = this.deps.bucket.take();
      const wait = typeof answer === 'number' ? answer : await answer;
      if (wait > 0) {
        this.wake(wait);
        return;
      }
      // The queue may have changed while the budget answered.
      const ready = this.ready(this.now());
      if (ready.length === 0) continue;
      const [key, entry] = this.pickNext(ready);
      this.pending.delete(key);
      this.inFlight.set(key, entry);
      void this.deliver(key, entry);
    }
  }

  private ready(now: number): [string, Entry][] {
    return [...this.pending.entries()].filter(([key, e]) => !this.inFlight.has(key) && e.notBefore <= now);
  }

  private wakeForRetries(now: number): void {
    const later = [...this.pending.values()].map((e) => e.notBefore).filter((t) => t > now);
    if (later.length > 0) this.wake(Math.min(...later) - now);
  }

  /** Final edits first, then the message edited longest ago. */
  private pickNext(ready: [string, Entry][]): [string, Entry] {
    let best = ready[0] as [string, Entry];
    for (const candidate of ready) {
      const [key, entry] = candidate;
      const [bestKey, bestEntry] = best;
      if (entry.update.final !== bestEntry.update.final) {
        if (entry.update.final) best = candidate;
        continue;
      }
      if ((this.lastSentAt.get(key) ?? 0) < (this.lastSentAt.get(bestKey) ?? 0)) best = candidate;
    }
    return best;
  }

  private async deliver(key: string, entry: Entry): Promise<void> {
    const { update } = entry;
    try {
      await this.deps.send(update);
      this.counters.sent++;
      this.remember(key, update.text);
      release(entry);
    } catch (error) {
      await this.failed(key, entry, error);
    } finally {
      this.inFlight.delete(key);
      this.drain();
    }
  }

  private async failed(key: string, entry: Entry, error: unknown): Promise<void> {
    const retryAfter = retryAfterSeconds(error);
    const code = slackErrorCode(error) ?? 'error';
    const log = this.deps.logger.child({ campaignId: entry.update.campaignId, channel: entry.update.channel });
    if (retryAfter !== null) {
      this.counters.rateLimited++;
      // Recorded before the edit is queued again, so no other edit slips out in between.
      await this.deps.bucket.block(Math.max(1, retryAfter) * 1000);
      log.warn({ retryAfter }, 'Slack rate-limited chat.update; holding progress edits of the workspace back');
      this.requeue(key, entry);
      return;
    }
    this.deps.onError?.(code);
    entry.attempts++;
    entry.failingSince ??= this.now();
    if (entry.attempts >= MAX_ATTEMPTS && entry.update.final && OUTAGE.has(code) && this.now() - entry.failingSince < FINAL_PATIENCE_MS) {
      // The last word of the campaign must not be lost to an outage, nor hold up the summary: whoever waits
      // for it goes on, and the edit keeps trying until Slack is back.
      release(entry);
      entry.notBefore = this.now() + Math.min(FINAL_MAX_DELAY_MS, 500 * 2 ** entry.attempts);
      log.info({ code, attempts: entry.attempts }, 'Slack unreachable for the final progress edit; will keep trying');
      this.requeue(key, entry);
      return;
    }
    if (PERMANENT.has(code) || entry.attempts >= MAX_ATTEMPTS) {
      this.counters.dropped++;
      log.warn({ err: error, code, attempts: entry.attempts }, 'gave up editing the Slack progress message');
      release(entry);
      return;
    }
    entry.notBefore = this.now() + 500 * 2 ** entry.attempts;
    log.info({ code, attempts: entry.attempts }, 'Slack progress edit failed; will try again');
    this.requeue(key, entry);
  }

  /** Puts a failed edit back unless a newer one is already waiting (which then inherits its waiters). */
  private requeue(key: string, entry: Entry): void {
    if (this.closed) {
      release(entry);
      return;
    }
    const newer = this.pending.get(key);
    if (!newer) {
      this.pending.set(key, entry);
      return;
    }
    if (entry.update.final && !newer.update.final) newer.update = entry.update;
    newer.waiters.push(...entry.waiters);
    newer.notBefore = Math.max(newer.notBefore, entry.notBefore);
    newer.attempts = Math.max(newer.attempts, entry.attempts);
  }

  private remember(key: string, text: string): void {
    this.lastText.delete(key);
    this.lastText.set(key, text);
    this.lastSentAt.set(key, this.now());
    if (this.lastText.size > LAST_TEXT_LIMIT) {
      const oldest = this.lastText.keys().next().value;
      if (oldest !== undefined) {
        this.lastText.delete(oldest);
        this.lastSentAt.delete(oldest);
      }
    }
  }

  private wake(ms: number): void {
    const at = this.now() + ms;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, Math.max(1, ms));
    this.timer.unref();
  }
}

function release(entry: Entry): void {
  for (const resolve of entry.waiters.splice(0)) resolve();
}
