/**
 * What a worker runs for one sender account it owns: a BullMQ worker on the account's lane queue, sending
 * through the account's sender at the account's own pace (its own pacing slots and daily counter in Redis).
 * `default` uses the app's sender, pacer and queue exactly as before accounts existed.
 *
 * An account's own pace and cap (`whatsapp accounts set`) are read again from the store each time one of its
 * lane jobs starts or continues, so a change applies from the next lane slice, without a restart.
 */
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { App } from '../app-types.js';
import type { SenderState, WhatsAppSender } from '../campaigns/ports.js';
import type { Account } from '../campaigns/types.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_ACCOUNT } from '../whatsapp/accounts.js';
import { registerRunningSender } from '../whatsapp/running-senders.js';
import { attachSenderListeners } from '../whatsapp/listeners.js';
import { createAccountSender, senderDepsOf } from '../whatsapp/sender-factory.js';
import { cloudSenderOf } from '../whatsapp/cloud/sender.js';
import { tierCap } from '../whatsapp/cloud/limits.js';
import { accountControlOf, isNewAccount } from '../whatsapp/account.js';
import { effectivePace, NO_FACTS, type PaceFacts } from '../whatsapp/account-pacing.js';
import { pacerSettings, paceKeyOf, publishPaceFacts } from './account-pace.js';
import { queueNameOf } from './account-queues.js';
import type { BullCampaignQueue, LaneJobData } from './campaign-queue.js';
import { startAnswerWorker } from './answers.js';
import { deliverAnswer } from '../campaigns/replies.js';
import { LaneRun, type LaneSettings } from './lane.js';
import { Pacer, type PacingSettings } from './pacer.js';
import { recoverDeadLanes } from './reconciler.js';
import { connectRedis } from './redis.js';
import type { SendJournal } from './send-journal.js';
import { isStoreUnavailable, STORE_UNAVAILABLE } from './store-fault.js';
import type { ProgressTicker } from './ticker.js';

/** The sender state reason of a process that does not hold the WhatsApp account (another process does). */
export const HELD_ELSEWHERE = 'locked_by_other_process';

export interface RunnerContext {
  app: App;
  instanceId: string;
  logger: Logger;
  ticker: ProgressTicker;
  settings: LaneSettings;
  journal: SendJournal;
  shutdown: AbortSignal;
}

export class AccountRunner {
  readonly name: string;
  readonly sender: WhatsAppSender;
  readonly queue: BullCampaignQueue;
  /** The pacing key: today's key (the linked number) for `default`, the account's name for the others. */
  readonly paceKey: string | undefined;
  private worker: Worker<LaneJobData> | null = null;
  /** Admins' answers to customers written to from this account go out from here too. */
  private answers: ReturnType<typeof startAnswerWorker> | null = null;
  private connection: Redis | null = null;
  private standingBy = false;
  /** Aborted on shutdown or when the account goes to another worker: the account's lanes stop before their next send. */
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;
  private readonly log: Logger;
  private readonly onState = (state: SenderState) => this.stateChanged(state);
  private detachListeners: (() => void) | null = null;
  /** The account's pacer now: rebuilt when its rate or jitter changes (its slots and counter live in Redis). */
  private currentPacer: Pacer;
  private paceSettings: PacingSettings | null = null;
  /** The account as last read from the store (its own pace and cap). */
  private latest: Account;
  private facts: PaceFacts = NO_FACTS;

  private constructor(
    private readonly ctx: RunnerContext,
    readonly account: Account,
    sender: WhatsAppSender,
    private readonly ownsSender: boolean,
  ) {
    const { app } = ctx;
    this.name = account.name;
    this.sender = sender;
    this.signal = AbortSignal.any([ctx.shutdown, this.abort.signal]);
    this.log = ctx.logger.child({ account: account.name });
    const isDefault = account.name === DEFAULT_ACCOUNT;
    this.queue = app.engine.accountQueues.forAccount(account.name);
    this.paceKey = isDefault ? undefined : paceKeyOf(account.name);
    this.latest = account;
    this.currentPacer = isDefault ? app.engine.pacer : this.buildPacer();
    if (!isDefault) this.watchLinkAge();
  }

  /** The pacer in force (the app's for `default`). */
  get pacer(): Pacer {
    return this.currentPacer;
  }

  /** The Pacer of the account's effective pace; keeps the current one when only its cap changed. */
  private buildPacer(): Pacer {
    const { app } = this.ctx;
    const tierLimit = cloudSenderOf(this.sender)?.lastPhoneInfo()?.dailyLimit ?? null;
    if (tierLimit !== this.facts.tierLimit || !this.paceSettings) this.updateFacts({ ...this.facts, tierLimit });
    const next = pacerSettings(effectivePace(this.latest, app.config, this.facts), this.latest.driver);
    const before = this.paceSettings;
    this.paceSettings = next;
    if (before && before.ratePerMinute === next.ratePerMinute && before.jitterMs === next.jitterMs) {
      if (before.dailyCap !== next.dailyCap) this.log.info({ dailyCap: next.dailyCap }, 'daily cap for this WhatsApp account');
      this.currentPacer.setDailyCap(next.dailyCap);
      return this.currentPacer;
    }
    if (before) this.log.info({ ratePerMinute: next.ratePerMinute, jitterMs: next.jitterMs, dailyCap: next.dailyCap }, 'pace of this WhatsApp account');
    return new Pacer(app.engine.redis, app.prefix, next);
  }

  /**
   * Re-reads the account's own pace and cap from the store (a lane slice starts with the latest), and a Cloud
   * number's tier from Meta when the last read is older than the refresh period (a failed read keeps the last).
   */
  private async refreshPace(): Promise<void> {
    await cloudSenderOf(this.sender)?.freshPhoneInfo();
    if (this.name === DEFAULT_ACCOUNT) {
      this.applyDefaultTier();
      return;
    }
    try {
      this.latest = (await this.ctx.app.store.accounts.get(this.name)) ?? this.latest;
    } catch (error) {
      // The lane meets a store fault itself and pauses with its reason; until then the last pace read holds.
      this.log.warn({ err: error }, 'could not read the account pace: keeping the last one');
    }
    this.currentPacer = this.buildPacer();
  }

  /** `default` on the Cloud API: the app's pacer takes the tier last read (UNKNOWN_TIER_CAP while not known). */
  private applyDefaultTier(): void {
    const info = cloudSenderOf(this.sender)?.lastPhoneInfo();
    if (info === undefined) return;
    const cap = tierCap(info?.dailyLimit);
    if (cap === this.pacer.dailyCap) return;
    const known = info !== null && info.dailyLimit !== null;
    this.log.info({ dailyCap: cap, tier: info?.tier ?? null }, known ? "daily cap for this WhatsApp account: Meta's tier" : `Meta's tier not known yet: capped at ${cap} until Meta answers`);
    this.pacer.setDailyCap(cap);
  }

  private updateFacts(facts: PaceFacts): void {
    this.facts = facts;
    // The preview in another process reads these to show this account's cap and quota.
    publishPaceFacts(this.ctx.app.engine.redis, this.ctx.app.prefix, this.name, facts).catch((error: unknown) =>
      this.log.warn({ err: error }, 'could not publish the account pacing facts'),
    );
  }

  /** A newly linked Baileys number gets NEW_ACCOUNT_DAILY_CAP (checked at start and on every connect). */
  private watchLinkAge(): void {
    const control = accountControlOf(this.sender);
    if (!control) return;
    const check = () =>
      control
        .status()
        .then((status) => {
          this.updateFacts({ ...this.facts, isNew: isNewAccount(status.linkedAt) });
          this.currentPacer = this.buildPacer();
        })
        .catch((error: unknown) => this.log.warn({ err: error }, 'could not read the WhatsApp account status for its daily cap'));
    this.sender.on('state', (state) => {
      if (state.status === 'connected') void check();
    });
    void check();
  }

  /** Creates the account's sender (the app's own for `default`) and starts taking its lane jobs. */
  static async start(ctx: RunnerContext, account: Account): Promise<AccountRunner> {
    const { app } = ctx;
    const own = account.name !== DEFAULT_ACCOUNT;
    const sender = own
      ? await createAccountSender(account, senderDepsOf(app, 'send', ctx.logger))
      : app.sender;
    const runner = new AccountRunner(ctx, account, sender, own);
    // `/whatsapp link NAME` in this process links through this sender (it holds the account's socket lock).
    if (own) registerRunningSender(app.prefix, account.name, sender);
    // Its receipts, customers' messages (STOP) and connection alerts go through the same listeners as the app
    // sender's (main.ts attaches those); a Cloud number's arrive by webhook on the HTTP role instead.
    if (own) runner.detachListeners = attachSenderListeners(app, { sender, account: account.name });
    await runner.run();
    return runner;
  }

  /** The cap in force after reading the pace again (for the cap-reset sweep: Meta may have raised the tier). */
  async freshDailyCap(): Promise<number> {
    await this.refreshPace();
    return this.pacer.dailyCap;
  }

  /** The usage of today's daily cap (for the cap-reset sweep). */
  async usedToday(): Promise<number> {
    return this.pacer.usedToday(this.paceKey ?? this.sender.state().account ?? DEFAULT_ACCOUNT);
  }

  private async run(): Promise<void> {
    const { app, instanceId } = this.ctx;
    // BullMQ never closes a connection it was given: stop() quits it.
    this.connection = connectRedis(app.redis, `${instanceId}-${this.name}-bullmq`);
    this.worker = new Worker<LaneJobData>(queueNameOf(this.name), (job) => this.processLane(job), {
      connection: this.connection,
      prefix: app.prefix,
      concurrency: app.config.WORKER_CONCURRENCY,
      lockDuration: app.config.WORKER_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(app.config.WORKER_LOCK_MS / 2)),
      // A worker killed mid-lane leaves a stalled job; it must be picked up again however often that happens.
      maxStalledCount: 1_000_000,
      autorun: true,
    });
    this.worker.on('failed', (job, error) => this.log.error({ err: error, jobId: job?.id }, 'lane job failed'));
    this.worker.on('error', (error) => this.log.error({ err: error }, 'worker error'));
    this.answers = startAnswerWorker(
      app.redis,
      app.prefix,
      `${instanceId}-${this.name}`,
      (data) => deliverAnswer(app, data, { sender: this.sender, pacer: this.pacer, ...(this.paceKey ? { paceKey: this.paceKey } : {}) }),
      this.log,
      this.name,
    );
    this.sender.on('state', this.onState);
    await this.worker.waitUntilReady();
    this.standBy(this.sender.state());
    this.log.info('this worker sends for the account');
  }

  /** Whether the account's socket is held by another process (a Baileys `default` in every worker). */
  get heldElsewhere(): boolean {
    return this.standingBy;
  }

  private stateChanged(state: SenderState): void {
    this.standBy(state);
    if (state.status !== 'connected') return;
    this.ctx.app.engine.control
      .resumeAfterReconnect(this.name)
      .then((n) => n > 0 && this.log.info({ resumed: n }, 'resumed campaigns after WhatsApp reconnected'))
      .catch((error: unknown) => this.log.error({ err: error }, 'resume after reconnect failed'));
  }

  // Only the process that holds the WhatsApp socket sends; the others stand by and take over if it goes away.
  private standBy(state: SenderState): void {
    const worker = this.worker;
    if (!worker) return;
    const elsewhere = state.reason === HELD_ELSEWHERE;
    if (elsewhere && !this.standingBy) {
      this.standingBy = true;
      this.log.info('the WhatsApp account is held by another process: this worker stands by');
      worker.pause(true).catch((error: unknown) => this.log.error({ err: error }, 'could not pause the worker'));
      this.answers?.worker.pause(true).catch((error: unknown) => this.log.error({ err: error }, 'could not pause the answer worker'));
    } else if (!elsewhere && this.standingBy) {
      this.standingBy = false;
      this.log.info('this process now holds the WhatsApp account: the worker takes jobs again');
      void Promise.resolve(worker.resume()).catch((error: unknown) => this.log.error({ err: error }, 'could not resume the worker'));
      void Promise.resolve(this.answers?.worker.resume()).catch((error: unknown) => this.log.error({ err: error }, 'could not resume the answer worker'));
    }
  }

  private async processLane(job: Job<LaneJobData>): Promise<string> {
    const { app, ticker, settings, journal } = this.ctx;
    const shutdown = this.signal;
    const { engine } = app;
    const { campaignId } = job.data;
    const jobLogger = this.log.child({ campaignId, jobId: job.id });
    ticker.track(campaignId);
    try {
      await this.refreshPace();
      const lane = new LaneRun(
        {
          store: app.store,
          sender: this.sender,
          pacer: this.pacer,
          observer: app.observer,
          logger: jobLogger,
          settings,
          control: engine.control,
          journal,
          ...(this.paceKey ? { paceKey: this.paceKey } : {}),
        },
        campaignId,
        job.id ?? `${campaignId}-${job.data.lane}`,
        shutdown,
      );
      let outcome;
      try {
        // A fresh start or resume first takes back what lanes that died on this machine still hold (e.g. a lane
        // stopped by a store fault): their journals prove them dead, so this is safe beside running lanes.
        if (job.data.slice === 0) {
          await recoverDeadLanes({ store: app.store, journal, inFlightPolicy: settings.inFlightPolicy, logger: jobLogger }, campaignId, true);
        }
        outcome = await lane.run();
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        // The store cannot take writes (disk full, locked): pause with the reason and tell the admins, rather than
        // failing the job over and over. If even the pause cannot be written, the job fails and BullMQ retries it.
        // The lane's journal keeps its unwritten results; recovery (the reconciler, or this job's re-run) writes them.
        jobLogger.error({ err: error }, 'the store cannot be written: pausing the campaign');
        await engine.control.autoPause(campaignId, STORE_UNAVAILABLE, (error as Error).message);
        return 'stopped';
      }
      // A lane stopped by shutdown (or by losing the account) is not finished: its continuation lets the next
      // worker carry on.
      if (outcome === 'continue' || (outcome === 'stopped' && shutdown.aborted)) {
        await this.queue.continueLane(job.data);
      }
      return outcome;
    } finally {
      await ticker.untrack(campaignId);
    }
  }

  /** Stops taking jobs, lets the lanes in flight finish their send, and closes the account's own sender. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.sender.off('state', this.onState);
    if (this.ownsSender) registerRunningSender(this.ctx.app.prefix, this.name, null);
    this.detachListeners?.();
    await this.worker?.close();
    await this.answers?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
    if (this.ownsSender) await this.sender.close();
    this.log.info('this worker no longer sends for the account');
  }
}
