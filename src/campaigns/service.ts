/**
 * The campaign use cases, written once and called by Telegram, Slack, the CLI and schedules.
 */
import { DEFAULT_ACCOUNT, resolveAccountName } from '../whatsapp/accounts.js';
import type { Logger } from '../logging/logger.js';
import '../i18n/rulebook.js';
import { allowedActions, isRetryableStatus } from './actions.js';
import { templateRuleError, unknownVariablesError, type RuleNumber } from './draft-rules.js';
import { EmptyVariableCounter } from './empty-variables.js';
import type { ActionOptions, CampaignDetails, CampaignDraft, CampaignPreview, CampaignUseCases, Launched } from './use-cases.js';
import { resolveAudience, storedAudience, type AudienceStats } from './audience.js';
import type { Announcer } from './announcer.js';
import { StateError, ValidationError } from './errors.js';
import type { CampaignQueue, ProgressView, Store } from './ports.js';
import { buildProgressView } from './progress-view.js';
import { CampaignReads } from './reads.js';
import { yieldToEventLoop } from './yield.js';
import { parseTemplate, renderTemplate, VariableCoverage } from './template.js';
import { retryKey, retryTitle } from './retry-title.js';
import { FINAL_STATUSES, type Actor, type Campaign, type CampaignStatus, type NewRecipient, type ProgressMessageRef } from './types.js';
import { csvRow } from './csv.js';
import { capReached, capWaitReason, pausedAtCap } from './daily-cap.js';
import { RiskScan } from './risk-report.js';
import { approvalRequired, Approvals, type ApprovalRecord, type ApprovalSettings } from './approval.js';

/** The opt-out keywords the risk report looks for when the service is built without OPTOUT_KEYWORDS. */
const DEFAULT_OPT_OUT = ['STOP', 'BERHENTI'];

export interface PacingInfo {
  /** Messages per minute the pacer allows on average (0 = unpaced). */
  ratePerMinute: number;
  /** The daily cap in force now (0 = none). */
  dailyCap(): number;
  usedToday(): Promise<number>;
  /** True when the cap counts unique customers over a moving 24 hours (a Cloud number's messaging limit). */
  capRolling?: boolean;
  /** WhatsApp's new-chat quota, when the sender can tell (Baileys); failures count as unknown. */
  newChatQuota?(): Promise<CampaignPreview['newChatQuota']>;
}

export interface CampaignServiceDeps {
  store: Store;
  queue: CampaignQueue;
  announcer: Announcer;
  /** The pacing of `default` (the app's sender). */
  pacing: PacingInfo;
  /** The pacing of another sender account (absent: every account is shown with `default`'s figures). */
  pacingOf?: (account: string) => Promise<PacingInfo>;
  logger: Logger;
  locale: 'id' | 'en';
  /** OPTOUT_KEYWORDS: the risk report checks the message names one ("balas STOP"). */
  optOutKeywords?: readonly string[];
  /** Two-person approval (off when absent). */
  approval?: ApprovalSettings;
  /** The sender accounts with the driver each sends with, for the template rule (not checked when absent). */
  sendingNumbers?: () => Promise<RuleNumber[]>;
}

const MAX_TITLE = 200;
/** statusReason of a pending campaign whose recipients are still being stored. */
export const PREPARING = 'preparing';
const MAX_MESSAGE = 4096;
/** Which campaign a pressed button (its idempotency key) produced, so a second press returns the first result. */
const PRESSED_ACTIONS = 'campaign.actions';
const PRESSED_TTL_MS = 7 * 24 * 3600_000;

export class CampaignService implements CampaignUseCases {
  private readonly reads: CampaignReads;
  private readonly approvals: Approvals;

  constructor(private readonly deps: CampaignServiceDeps) {
    this.reads = new CampaignReads(deps.store, (account) => this.paceOf(account));
    this.approvals = new Approvals({
      store: deps.store,
      queue: deps.queue,
      announcer: deps.announcer,
      settings: deps.approval ?? { minRecipients: 0, onHighRisk: false, ttlMs: 24 * 3600_000 },
      logger: deps.logger,
    });
  }

  async preview(draft: CampaignDraft): Promise<CampaignPreview> {
    const account = await resolveAccountName(this.deps.store, draft.account);
    const { cloudApi } = await this.checkNumber(account, draft);
    const risk = new RiskScan(this.deps.store, draft.template, this.deps.optOutKeywords ?? DEFAULT_OPT_OUT);
    const { total, first, stats, missingVariables, emptyVariables } = await this.scanAudience(draft, risk);
    const pacing = await this.pacingFor(draft.account);
    const { ratePerMinute } = pacing;
    const dailyCap = pacing.dailyCap();
    const sentToday = await pacing.usedToday();
    const quota = (await pacing.newChatQuota?.().catch(() => null)) ?? null;
    const overNewChatQuota =
      quota !== null && (quota.cappingStatus === 'CAPPED' || (quota.remaining !== null && quota.remaining < total));
    const removed = { optedOut: stats.optedOut, duplicate: stats.duplicate, invalid: draft.invalidInputs ?? 0 };
    return {
      sample: first ? renderTemplate(draft.template, first.variables) : '',
      firstRecipient: first?.phone ?? null,
      total,
      removed,
      missingVariables,
      emptyVariables,
      estimatedDurationMs: ratePerMinute > 0 ? Math.round((total / ratePerMinute) * 60_000) : total,
      ratePerMinute: Math.round(ratePerMinute * 10) / 10,
      dailyCap,
      sentToday,
      overDailyCap: dailyCap > 0 && sentToday + total > dailyCap,
      // The chosen number's kind of cap: a Cloud default must not word a dry-run or Baileys number's cap (or back).
      dailyCapRolling: pacing.capRolling === true,
      newChatQuota: quota,
      overNewChatQuota,
      risk: risk.finish({
        removed,
        ratePerMinute,
        dailyCap,
        sentToday,
        newChatsRemaining: quota?.cappingStatus === 'CAPPED' ? 0 : (quota?.remaining ?? null),
        cloudApi,
      }),
    };
  }

  async create(draft: CampaignDraft, actor: Actor): Promise<Campaign> {
    return (await this.launch(draft, actor)).campaign;
  }

  async launch(draft: CampaignDraft, actor: Actor): Promise<Launched> {
    const { store } = this.deps;
    if (draft.idempotencyKey) {
      const existing = await store.campaigns.findByIdempotencyKey(draft.idempotencyKey);
      if (existing) return { campaign: existing, created: false };
    }
    // An unknown account fails before anything is stored (naming the known ones).
    const account = await resolveAccountName(store, draft.account);
    const { cloudApi } = await this.checkNumber(account, draft);
    // The audience scan, plus the risk report when approval may depend on it (APPROVAL_ON_HIGH_RISK).
    const settings = this.approvals.settings;
    const mayNeedApproval = settings.minRecipients > 0 || settings.onHighRisk;
    const riskScan = mayNeedApproval ? new RiskScan(store, draft.template, this.deps.optOutKeywords ?? DEFAULT_OPT_OUT) : undefined;
    const scan = await this.scanAudience(draft, riskScan);
    if (scan.total === 0) throw new ValidationError('no_recipients', 'error.no_recipients');
    // Every unknown variable is named at once, so one correction fixes the message.
    if (scan.missingVariables.length > 0) {
      throw unknownVariablesError(scan.missingVariables);
    }
    const { campaign, created } = await store.campaigns.create({
      title: draft.title.trim(),
      template: draft.template,
      media: draft.media ?? null,
      whatsappTemplate: draft.whatsappTemplate ?? null,
      audience: await storedAudience(store, draft.audience),
      status: 'pending',
      counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
      origin: actor,
      // Marks a campaign whose recipients are still being stored; a sweeper fails it if the process died here.
      statusReason: PREPARING,
      retryOf: null,
      scheduleId: draft.scheduleId ?? null,
      idempotencyKey: draft.idempotencyKey ?? null,
      account,
    });
    if (!created) return { campaign, created: false };
    // One audience page (AUDIENCE_PAGE customers) per turn of the event loop: creating a 1M-recipient campaign
    // in a process that also runs the bots and the worker never holds the loop for more than a slice.
    for await (const page of resolveAudience(store, draft.audience)) {
      await store.recipients.insertMany(campaign.id, page);
      await yieldToEventLoop();
    }
    const risk = riskScan ? await this.riskOf(riskScan, draft, scan, cloudApi) : null;
    const approval =
      risk !== null &&
      approvalRequired(settings, scan.total, risk.level) &&
      !(draft.scheduleId && (await this.approvals.scheduleApproved(draft.scheduleId)));
    if (approval) {
      const waiting = await store.campaigns.update(campaign.id, { status: 'awaiting_approval', statusReason: null }, ['pending']);
      await this.audit(actor, 'campaign.create', campaign.id, 'ok', `${scan.total} recipients, awaiting approval`);
      if (waiting) await this.approvals.request(waiting, actor, risk, scan.first ? renderTemplate(draft.template, scan.first.variables) : '');
    } else {
      await store.campaigns.update(campaign.id, { statusReason: null }, ['pending']);
      await this.deps.queue.start(campaign.id, 1);
      await this.audit(actor, 'campaign.create', campaign.id, 'ok', `${scan.total} recipients`);
    }
    this.deps.logger.info({ campaignId: campaign.id, total: scan.total, surface: actor.surface, approval }, 'campaign created');
    return { campaign: await this.get(campaign.id), created: true };
  }

  /**
   * Reads the sending numbers once: a Cloud API number sends templates only, and only it can (draft-rules.ts
   * templateRuleError); and whether the campaign's number is a Cloud API one (its risk rules differ: risk-rules.ts).
   */
  private async checkNumber(account: string, draft: CampaignDraft): Promise<{ cloudApi: boolean }> {
    if (!this.deps.sendingNumbers) return { cloudApi: false };
    const numbers = await this.deps.sendingNumbers();
    const refused = templateRuleError(account, Boolean(draft.whatsappTemplate), numbers);
    if (refused) throw refused;
    return { cloudApi: numbers.some((n) => n.name === account && n.driver === 'cloud') };
  }

  /** The risk report of a launch's scan, with the pace, cap and quota of now. */
  private async riskOf(riskScan: RiskScan, draft: CampaignDraft, scan: { stats: AudienceStats }, cloudApi: boolean) {
    const pacing = await this.pacingFor(draft.account);
    const quota = (await pacing.newChatQuota?.().catch(() => null)) ?? null;
    return riskScan.finish({
      removed: { optedOut: scan.stats.optedOut, duplicate: scan.stats.duplicate, invalid: draft.invalidInputs ?? 0 },
      ratePerMinute: pacing.ratePerMinute,
      dailyCap: pacing.dailyCap(),
      sentToday: await pacing.usedToday(),
      newChatsRemaining: quota?.cappingStatus === 'CAPPED' ? 0 : (quota?.remaining ?? null),
      cloudApi,
    });
  }

  /** The pacing of the account a campaign is sent from (an unknown name fails naming the known ones). */
  private async pacingFor(account: string | null | undefined): Promise<PacingInfo> {
    const name = await resolveAccountName(this.deps.store, account);
    return name === DEFAULT_ACCOUNT || !this.deps.pacingOf ? this.deps.pacing : this.deps.pacingOf(name);
  }

  /** The pace of a campaign's account; one removed since the campaign ended is shown with `default`'s. */
  private async paceOf(account: string): Promise<number> {
    if (account === DEFAULT_ACCOUNT || !this.deps.pacingOf || !(await this.deps.store.accounts.get(account))) return this.deps.pacing.ratePerMinute;
    return (await this.deps.pacingOf(account)).ratePerMinute;
  }

  async approve(id: string, actor: Actor, options: ActionOptions = {}): Promise<Campaign> {
    return this.approvals.approve(await this.get(id), actor, options.key);
  }

  async reject(id: string, actor: Actor, reason: string, options: ActionOptions = {}): Promise<Campaign> {
    return this.approvals.reject(await this.get(id), actor, reason, options.key);
  }

  approval(id: string): Promise<ApprovalRecord | null> {
    return this.reads.approval(id);
  }

  sweepApprovals(now?: Date): Promise<number> {
    return this.approvals.sweep(now);
  }

  async pause(id: string, actor: Actor, options: ActionOptions = {}): Promise<Campaign> {
    const paused = await this.transition(id, actor, 'pause', ['pending', 'processing'], { status: 'paused', statusReason: 'user' }, options);
    const campaign = (await this.deps.store.campaigns.recomputeCounts(paused.id)) ?? paused;
    await this.deps.announcer.progress(campaign, buildProgressView(campaign, 0));
    return campaign;
  }

  /**
   * Resumes a paused campaign. One paused at the cap while the cap is still used up is not started (it would pause
   * again at once and repeat its alert): it waits (DAILY_CAP_WAIT, TIER_CAP_WAIT) and the engine resumes it once the
   * cap has room.
   */
  async resume(id: string, actor: Actor, options: ActionOptions = {}): Promise<Campaign> {
    const current = await this.get(id);
    const pacing = await this.pacingFor(current.account);
    if (pausedAtCap(current) && capReached(pacing.dailyCap(), await pacing.usedToday())) {
      const waiting = await this.transition(id, actor, 'resume', ['paused'], { status: 'paused', statusReason: capWaitReason(current.statusReason) }, options);
      await this.deps.announcer.progress(waiting, buildProgressView(waiting, 0));
      return waiting;
    }
    const campaign = await this.transition(id, actor, 'resume', ['paused'], { status: 'processing', statusReason: null }, options);
    await this.deps.queue.start(id, Date.now());
    await this.deps.announcer.progress(campaign, buildProgressView(campaign, 0));
    return campaign;
  }

  async cancel(id: string, actor: Actor, options: ActionOptions = {}): Promise<Campaign> {
    const before = await this.get(id);
    if (options.key && before.status === 'cancelled') return before;
    const campaign = await this.transition(id, actor, 'cancel', ['awaiting_approval', 'pending', 'processing', 'paused'], {
      status: 'cancelled',
      sentAt: new Date(),
    }, options);
    // A running campaign is announced by its lanes once they stop; otherwise nothing else will.
    if (before.status !== 'processing') await this.deps.announcer.finished(campaign);
    return campaign;
  }

  async retryFailed(id: string, actor: Actor): Promise<Campaign> {
    return (await this.retry(id, actor)).campaign;
  }

  async retry(id: string, actor: Actor, options: ActionOptions = {}): Promise<Launched> {
    const { store } = this.deps;
    if (options.key) {
      const earlier = await store.kv.get(PRESSED_ACTIONS, options.key);
      if (earlier) return { campaign: await this.get(earlier), created: false };
    }
    const original = await this.get(id);
    if (!allowedActions(original).includes('retry')) {
      await this.audit(actor, 'campaign.retry', id, 'refused', `status ${original.status}`);
      if (original.counts.failed + original.counts.unknown === 0 && isRetryableStatus(original.status)) {
        throw new ValidationError('nothing_to_retry', 'error.nothing_to_retry', { id: original.id });
      }
      throw new StateError(original.id, original.status, 'retry');
    }
    const launched = await this.createRetry(original, actor);
    if (options.key) await store.kv.set(PRESSED_ACTIONS, options.key, launched.campaign.id, PRESSED_TTL_MS);
    return launched;
  }

  /**
   * A campaign's retry is keyed `retry:<id>`: two concurrent calls make one campaign (the store's unique
   * key), and an unfinished retry is returned instead of a new one. Once that retry finished, its own
   * failures are what is left to resend, so a later retry follows the chain and nobody gets the message twice.
   */
  private async createRetry(original: Campaign, actor: Actor): Promise<Launched> {
    const { store } = this.deps;
    const existing = await store.campaigns.findByIdempotencyKey(retryKey(original.id));
    if (existing) {
      if (!FINAL_STATUSES.includes(existing.status)) return { campaign: existing, created: false };
      if (existing.counts.failed + existing.counts.unknown === 0) {
        throw new ValidationError('nothing_to_retry', 'error.nothing_to_retry', { id: existing.id });
      }
      return this.createRetry(existing, actor);
    }
    const { campaign, created } = await store.campaigns.create({
      title: retryTitle(original, actor.locale ?? this.deps.locale),
      template: original.template,
      media: original.media,
      whatsappTemplate: original.whatsappTemplate ?? null,
      audience: original.audience,
      status: 'pending',
      counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
      origin: actor,
      statusReason: PREPARING,
      retryOf: original.id,
      scheduleId: original.scheduleId,
      idempotencyKey: retryKey(original.id),
      // A retry is sent from the same number as the campaign it retries.
      account: original.account,
    });
    if (!created) return { campaign, created: false };
    let afterId: string | undefined;
    for (;;) {
      const page = await store.recipients.list(original.id, { status: ['failed', 'unknown'], limit: 1000, ...(afterId ? { afterId } : {}) });
      if (page.length === 0) break;
      afterId = page[page.length - 1]?.id;
      await store.recipients.insertMany(
        campaign.id,
        page.map((r) => ({ customerId: r.customerId, phone: r.phone, variables: r.variables })),
      );
      await yieldToEventLoop();
    }
    await store.campaigns.update(campaign.id, { statusReason: null }, ['pending']);
    await this.deps.queue.start(campaign.id, 1);
    await this.audit(actor, 'campaign.retry', original.id, 'ok', `retry campaign ${campaign.id}`);
    return { campaign: await this.get(campaign.id), created: true };
  }

  get(id: string): Promise<Campaign> {
    return this.reads.get(id);
  }

  list(query: { limit?: number; offset?: number } = {}): Promise<Campaign[]> {
    return this.reads.list(query);
  }

  details(id: string, limit = 20): Promise<CampaignDetails> {
    return this.reads.details(id, limit);
  }

  async *exportCsv(id: string): AsyncIterable<string> {
    const campaign = await this.get(id);
    yield csvRow(['phone', 'status', 'attempts', 'error_code', 'error_text', 'message_id', 'sent_at', 'delivered_at', 'read_at', 'replied_at']);
    let afterId: string | undefined;
    for (;;) {
      const page = await this.deps.store.recipients.list(campaign.id, { limit: 1000, ...(afterId ? { afterId } : {}) });
      if (page.length === 0) return;
      afterId = page[page.length - 1]?.id;
      yield page
        .map((r) =>
          csvRow([r.phone, r.status, String(r.attempts), r.errorCode ?? '', r.errorText ?? '', r.messageId ?? '',
            r.sentAt?.toISOString() ?? '', r.deliveredAt?.toISOString() ?? '', r.readAt?.toISOString() ?? '',
            r.repliedAt?.toISOString() ?? '']),
        )
        .join('');
    }
  }

  view(campaign: Campaign): Promise<ProgressView> {
    return this.reads.view(campaign);
  }

  async attachProgressMessage(id: string, ref: ProgressMessageRef): Promise<void> {
    await this.deps.store.campaigns.addProgressMessage(id, ref);
  }

  /** The message template rendered for a sample of variables (used by previews on surfaces). */
  render(template: string, variables: Record<string, string>): string {
    return renderTemplate(template, variables);
  }

  /** Validates the draft and streams its audience once: count, first recipient, removals, unfillable variables. */
  private async scanAudience(draft: CampaignDraft, risk?: RiskScan) {
    this.validateDraft(draft);
    const variables = parseTemplate(draft.template);
    const coverage = new VariableCoverage(variables);
    const empties = new EmptyVariableCounter(variables);
    const stats: AudienceStats = { optedOut: 0, duplicate: 0 };
    let total = 0;
    let first: NewRecipient | null = null;
    for await (const page of resolveAudience(this.deps.store, draft.audience, stats)) {
      first ??= page[0] ?? null;
      total += page.length;
      for (const r of page) {
        coverage.see(r.variables);
        empties.see(r.variables);
      }
      await risk?.see(page);
      await yieldToEventLoop();
    }
    return {
      total,
      first,
      stats,
      missingVariables: total > 0 ? coverage.missing() : [],
      emptyVariables: empties.partlyEmpty(total),
    };
  }

  private validateDraft(draft: CampaignDraft): void {
    if (!draft.title.trim()) throw new ValidationError('empty_title', 'error.empty_title');
    if (draft.title.length > MAX_TITLE) throw new ValidationError('title_too_long', 'error.title_too_long', { max: MAX_TITLE });
    if (!draft.template.trim() && !draft.media) throw new ValidationError('empty_message', 'error.empty_message');
    if (draft.template.length > MAX_MESSAGE) {
      throw new ValidationError('message_too_long', 'error.message_too_long', { max: MAX_MESSAGE });
    }
    if (draft.audience.kind === 'tags' && draft.audience.tags.length === 0) {
      throw new ValidationError('no_recipients', 'error.no_recipients');
    }
  }

  private async transition(
    id: string,
    actor: Actor,
    action: 'pause' | 'resume' | 'cancel',
    from: CampaignStatus[],
    patch: { status: CampaignStatus; statusReason?: string | null; sentAt?: Date },
    options: ActionOptions,
  ): Promise<Campaign> {
    const current = await this.get(id);
    const updated = await this.deps.store.campaigns.update(current.id, patch, from);
    if (!updated) {
      const latest = await this.get(id);
      // A second press of the same button: the first one already did it, so answer with its result.
      if (options.key && latest.status === patch.status) return latest;
      const now = latest.status;
      await this.audit(actor, `campaign.${action}`, current.id, 'refused', `status ${now}`);
      throw new StateError(current.id, now, action);
    }
    await this.audit(actor, `campaign.${action}`, current.id, 'ok', null);
    return updated;
  }

  private async audit(actor: Actor, action: string, target: string, outcome: 'ok' | 'refused' | 'error', detail: string | null) {
    await this.deps.store.audit.record({ actor, action, target, outcome, detail });
  }
}
