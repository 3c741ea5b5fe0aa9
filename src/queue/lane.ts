/**
 * One lane of a campaign: claims recipients in batches, checks their numbers, paces, sends and writes the
 * results back in small transactions. Delivery is at most once per recipient: a recipient is marked
 * "in flight" durably before its send, so a lane that dies mid-send leaves a trace that recovery turns into
 * `unknown` (or back to pending with IN_FLIGHT_POLICY=resend) instead of sending again. The lane's send journal
 * (send-journal.ts) narrows that to the one send that had started: marks are made a group at a time, and the
 * journal tells recovery which of them were really handed to the sender and which results were not yet written.
 */
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import {
  SendError,
  type EngineObserver,
  type Store,
  type WhatsAppSender,
} from '../campaigns/ports.js';
import { renderParams, renderTemplate } from '../campaigns/template.js';
import type { Campaign, CampaignRecipient, RecipientResult } from '../campaigns/types.js';
import type { Logger } from '../logging/logger.js';
import type { Pacer } from './pacer.js';
import { recoverToken } from './recovery.js';
import type { LaneJournal, SendJournal } from './send-journal.js';

export interface LaneSettings {
  /** Recipients claimed at once when unpaced; paced lanes claim a handful. */
  batchSize: number;
  /** How long a lane runs before it queues its continuation and lets other campaigns take a turn. */
  sliceMs: number;
  maxAttempts: number;
  retryBackoffMs: number;
  consecutiveFailureLimit: number;
  inFlightPolicy: 'unknown' | 'resend';
  /** How often the lane re-reads the campaign's status (pause / cancel reach it within this time). */
  statusCheckMs: number;
}

export interface LaneControl {
  /**
   * True right after this process paused the campaign by itself (a 429, a disconnect): every lane of it in this
   * process stops before its next send, without waiting for the status poll. One process owns a WhatsApp account,
   * so this stops all of the account's sends at once.
   */
  halted(campaignId: string): boolean;
  /** Clears the halt once the campaign runs again. */
  clearHalt(campaignId: string): void;
  /** Pauses the campaign by itself with a reason and tells the admins. */
  autoPause(campaignId: string, reason: string, detail?: string): Promise<void>;
  /** Completes the campaign when nothing is left, and announces it; also announces a cancelled one. */
  finishIfDone(campaignId: string): Promise<void>;
}

export interface LaneDeps {
  store: Store;
  sender: WhatsAppSender;
  pacer: Pacer;
  observer: EngineObserver;
  logger: Logger;
  settings: LaneSettings;
  control: LaneControl;
  journal: SendJournal;
  /** The pacing key of the account the lane sends from; defaults to the sender's own account (today's `default`). */
  paceKey?: string;
}

/** `done`: nothing left for this lane; `continue`: slice over, queue the next; `stopped`: paused / cancelled / shutdown. */
export type LaneOutcome = 'done' | 'continue' | 'stopped';

/**
 * Results are written to the store in small batches: at most FLUSH_EVERY sends or FLUSH_AFTER_MS. Each is in the
 * send journal first, so a lane killed with SIGKILL loses none of them: recovery writes them, and only the one
 * send that had started without a result becomes `unknown` (never resent).
 */
export const FLUSH_EVERY = 100;
/** Recipients an unpaced lane marks in flight per store transaction (the journal says which were really sent). */
export const MARK_AHEAD = 25;
const FLUSH_AFTER_MS = 100;
/**
 * The longest stretch of sending without letting the event loop run (timers, chat commands, BullMQ lock
 * renewals). With a sender that answers at once every await resolves immediately, so the lane must yield itself.
 */
const YIELD_EVERY_MS = 5;

export class LaneRun {
  private results: RecipientResult[] = [];
  private lastFlush = Date.now();
  private lastStatusCheck = 0;
  private consecutiveFailures = 0;
  private lastYield = Date.now();
  private campaign!: Campaign;
  private journal: LaneJournal | null = null;
  /** Recipients handed to the sender whose result is not yet in `results` (at most the one being sent). */
  private readonly handedOpen = new Set<string>();

  constructor(
    private readonly deps: LaneDeps,
    private readonly campaignId: string,
    /** The claim token: the BullMQ job id, so a re-run of the same job recovers its own claims. */
    private readonly token: string,
    private readonly shutdown: AbortSignal,
  ) {}

  async run(): Promise<LaneOutcome> {
    const { store, settings } = this.deps;
    const found = await store.campaigns.get(this.campaignId);
    if (!found) return 'stopped';
    this.campaign = found;
    // A previous run of this very job died: its journaled results are written, its unsent claims go back, and
    // the send it had started follows the policy.
    const recovered = await recoverToken(store, this.deps.journal, this.campaignId, this.token, settings.inFlightPolicy);
    if (recovered.released + recovered.unknown + recovered.replayed > 0) {
      this.deps.logger.warn({ ...recovered }, 'recovered claims of an interrupted lane');
    }
    if (this.campaign.status === 'pending') {
      const started = await store.campaigns.update(
        this.campaignId,
        { status: 'processing', startedAt: new Date(), statusReason: null },
        ['pending'],
      );
      this.campaign = started ?? (await store.campaigns.get(this.campaignId)) ?? this.campaign;
    }
    if (this.campaign.status !== 'processing') {
      await this.deps.control.finishIfDone(this.campaignId);
      return 'stopped';
    }
    this.deps.control.clearHalt(this.campaignId);
    this.journal = this.deps.journal.open(this.campaignId, this.token);
    const outcome = await this.loop();
    // A lane that stopped on a cancel may be the last one out: it announces the cancelled campaign.
    if (outcome === 'stopped' && !this.shutdown.aborted) await this.deps.control.finishIfDone(this.campaignId);
    return outcome;
  }

  private async loop(): Promise<LaneOutcome> {
    const { store, settings } = this.deps;
    const startedAt = Date.now();
    try {
      for (;;) {
        if (!(await this.stillRunning())) return 'stopped';
        if (Date.now() - startedAt > settings.sliceMs) return 'continue';
        const paced = !this.deps.pacer.disabled;
        const batch = await store.recipients.claimBatch(this.campaignId, this.token, paced ? 3 : settings.batchSize, new Date());
        if (batch.length === 0) {
          await this.flush();
          const next = await this.waitForRetries();
          if (next === 'wait') continue;
          // Interrupted while waiting: retries are still due, so the lane is not done (its continuation is queued).
          if (next === 'stopped') return 'stopped';
          await this.deps.control.finishIfDone(this.campaignId);
          return 'done';
        }
        const outcome = await this.sendBatch(batch);
        if (outcome) return outcome;
      }
    } finally {
      let released = false;
      try {
        await this.flush();
        // Every send that started has its result written; the other marks were never handed to the sender.
        await store.recipients.releaseClaims(this.campaignId, this.token, settings.inFlightPolicy, [...this.handedOpen]);
        released = true;
      } finally {
        // If the store failed, the journal stays for the recovery of this job's retry.
        this.journal?.end(!released);
      }
    }
  }

  private async sendBatch(batch: CampaignRecipient[]): Promise<LaneOutcome | null> {
    const { sender, store } = this.deps;
    const onWhatsApp = await sender.checkNumbers(batch.map((r) => r.phone));
    const paced = !this.deps.pacer.disabled;
    const reachable: CampaignRecipient[] = [];
    for (const recipient of batch) {
      if (onWhatsApp.get(recipient.phone) === false) {
        this.push({ recipientId: recipient.id, status: 'skipped', errorCode: 'not_on_whatsapp', errorText: 'not on WhatsApp', at: new Date() });
      } else reachable.push(recipient);
    }
    // Paced lanes mark one recipient at a time; unpaced lanes mark a small group in one transaction
    // (fewer than FLUSH_EVERY, so the crash bound stays the same) and check for pause / cancel between groups.
    const groupSize = paced ? 1 : MARK_AHEAD;
    for (let start = 0; start < reachable.length; start += groupSize) {
      if (!(await this.stillRunning())) return 'stopped';
      const group = reachable.slice(start, start + groupSize);
      if (sender.state().status !== 'connected') {
        await this.deps.control.autoPause(this.campaignId, 'whatsapp_disconnected');
        return 'stopped';
      }
      // A paced group is one recipient, so the slot is theirs (a Cloud number's limit counts unique recipients).
      const first = group[0];
      if (paced && first) {
        const slot = await this.deps.pacer.takeSlot(this.deps.paceKey ?? sender.state().account ?? 'default', { to: first.phone });
        if (!slot.ok) {
          await this.deps.control.autoPause(this.campaignId, slot.reason, String(slot.usedToday));
          return 'stopped';
        }
        if (slot.waitMs > 0) {
          await this.flush();
          try {
            await sleep(slot.waitMs + 1, undefined, { signal: this.shutdown });
          } catch {
            return 'stopped';
          }
          if (!(await this.stillRunning(true))) return 'stopped';
        }
      }
      // Marks whose send never starts (the lane stops first) go back to the pool when the lane releases its claims.
      const marked = await store.recipients.markInFlightMany(group.map((r) => r.id), this.token);
      for (const recipient of group) {
        if (this.deps.control.halted(this.campaignId)) return 'stopped';
        if (!marked.has(recipient.id)) continue; // the claim was recovered by someone else: never send
        const stop = await this.sendOne(recipient);
        if (stop) return stop;
        if (Date.now() - this.lastYield >= YIELD_EVERY_MS) {
          await yieldToLoop();
          this.lastYield = Date.now();
        }
      }
      if (this.results.length >= FLUSH_EVERY || Date.now() - this.lastFlush > FLUSH_AFTER_MS) await this.flush();
    }
    return null;
  }

  private async sendOne(recipient: CampaignRecipient): Promise<LaneOutcome | null> {
    const { sender, observer, settings } = this.deps;
    const at = () => new Date();
    this.handedOpen.add(recipient.id);
    try {
      const render = (template: string) => renderTemplate(template, recipient.variables);
      const spec = this.campaign.whatsappTemplate;
      const message = {
        campaignId: this.campaignId,
        recipientId: recipient.id,
        to: recipient.phone,
        text: render(this.campaign.template),
        media: this.campaign.media,
        template: spec ? { name: spec.name, language: spec.language, params: renderParams(spec.params, recipient.variables) } : null,
      };
      // Journaled right before the handover (nothing in between), so a crash leaves at most this one send in doubt.
      this.journal?.handed(recipient.id);
      const { messageId } = await sender.send(message);
      this.consecutiveFailures = 0;
      observer.messageSent(this.campaignId);
      this.push({ recipientId: recipient.id, status: 'sent', messageId, at: at() });
      return null;
    } catch (error) {
      const failure = error instanceof SendError ? error : new SendError('transient', 'error', (error as Error).message);
      observer.messageFailed(this.campaignId, failure.kind, failure.code);
      const base = { recipientId: recipient.id, errorCode: failure.code, errorText: failure.message.slice(0, 500) };
      switch (failure.kind) {
        case 'not_on_whatsapp':
          this.push({ ...base, status: 'skipped', at: at() });
          return null;
        case 'permanent':
          this.push({ ...base, status: 'failed', at: at() });
          return this.countFailure();
        case 'transient': {
          const attempt = recipient.attempts + 1;
          if (attempt >= settings.maxAttempts) this.push({ ...base, status: 'failed', at: at() });
          else {
            const backoff = settings.retryBackoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
            this.push({ ...base, status: 'retry', nextAttemptAt: new Date(Date.now() + backoff), at: at() });
          }
          return this.countFailure();
        }
        case 'rate_limited':
        case 'restricted':
        case 'disconnected': {
          // Not the recipient's fault: it goes back to the pool (no attempt counted: WhatsApp refused before
          // sending), and the campaign pauses to protect the number.
          this.push({ ...base, status: 'retry', nextAttemptAt: new Date(), at: at(), attempted: false });
          await this.flush();
          await this.deps.control.autoPause(
            this.campaignId,
            failure.kind === 'disconnected' ? 'whatsapp_disconnected' : (failure.pauseReason ?? failure.kind),
            failure.message,
          );
          return 'stopped';
        }
      }
    }
  }

  private async countFailure(): Promise<LaneOutcome | null> {
    this.consecutiveFailures++;
    if (this.consecutiveFailures < this.deps.settings.consecutiveFailureLimit) return null;
    await this.flush();
    await this.deps.control.autoPause(this.campaignId, 'consecutive_failures', String(this.consecutiveFailures));
    return 'stopped';
  }

  /**
   * When only retries remain, waits for the earliest (re-checking status); 'finish' when nothing is waiting,
   * 'stopped' when shutdown interrupts the wait.
   */
  private async waitForRetries(): Promise<'wait' | 'finish' | 'stopped'> {
    const next = await this.deps.store.recipients.nextRetryAt(this.campaignId);
    if (!next) return 'finish';
    const delay = Math.min(1000, Math.max(0, next.getTime() - Date.now()));
    try {
      await sleep(delay + 5, undefined, { signal: this.shutdown });
    } catch {
      return 'stopped';
    }
    return 'wait';
  }

  private push(result: RecipientResult): void {
    // Journaled before it is buffered, so a crash before the next flush loses no result.
    this.journal?.result(result);
    this.results.push(result);
    this.handedOpen.delete(result.recipientId);
  }

  private async flush(): Promise<void> {
    this.lastFlush = Date.now();
    if (this.results.length === 0) return;
    const results = this.results;
    this.results = [];
    try {
      await this.deps.store.recipients.recordResults(this.campaignId, this.token, results);
    } catch (error) {
      // Keep them for the next flush; if the lane dies instead, recovery writes them from the journal.
      this.results = results.concat(this.results);
      throw error;
    }
    // Only when nothing newer is buffered: the journal then holds nothing the store lacks.
    if (this.results.length === 0 && this.handedOpen.size === 0) this.journal?.clear();
  }

  private async stillRunning(force = false): Promise<boolean> {
    if (this.shutdown.aborted || this.deps.control.halted(this.campaignId)) return false;
    if (!force && Date.now() - this.lastStatusCheck < this.deps.settings.statusCheckMs) return true;
    this.lastStatusCheck = Date.now();
    const current = await this.deps.store.campaigns.get(this.campaignId);
    if (!current) return false;
    this.campaign = current;
    return current.status === 'processing';
  }
}
