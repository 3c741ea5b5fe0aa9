/**
 * Tells the chat surfaces about a campaign: progress edits, the completion summary (exactly once, whichever
 * process finishes the campaign) and alerts. It routes by surface: progress goes to the notifiers whose
 * surface has a progress message on the campaign; the summary goes to the origin surface, or to every chat
 * surface for campaigns started from the CLI or a schedule.
 */
import type { NotifierRegistry } from './use-cases.js';
import type { AdminAlert, CampaignNotifier, CampaignSummary, EngineObserver, ProgressView, Store } from './ports.js';
import { buildProgressView, renderSummaryText } from './progress-view.js';
import type { Campaign, Locale, Surface } from './types.js';
import type { Logger } from '../logging/logger.js';
import type { ApprovalDecision, ApprovalRequest, Decider } from './approval.js';
import type { ScheduleApprovalRequest } from '../schedules/approval.js';

/** The surfaces where admins read summaries and alerts. */
const CHAT_SURFACES: readonly Surface[] = ['telegram', 'slack'];
/** Marks of a campaign's alerts: some still carry buttons (`live`) or none do (`settled`). */
const LIVE = 'live';
const SETTLED = 'settled';

export interface AnnouncerDeps {
  store: Store;
  notifiers: NotifierRegistry;
  observer: EngineObserver;
  logger: Logger;
  locale: Locale;
  /** Returns true for the first caller only (Redis SET NX across processes). */
  once: (key: string) => Promise<boolean>;
  /** Stores `value` under `key` and returns the previous value (Redis SET … GET), shared by all processes. */
  swap: (key: string, value: string) => Promise<string | null>;
}

export class Announcer {
  constructor(private readonly deps: AnnouncerDeps) {}

  /** Edits the campaign's progress messages with this view on every surface that shows one. */
  async progress(campaign: Campaign, view: ProgressView): Promise<void> {
    // Before the unchanged-view check: a resume may render the same view as the last tick before the pause.
    if (view.status !== 'paused') await this.settleAlerts(campaign);
    // The ticker, a control button and the finisher may render the same view from different processes.
    // A stall changes the text (no time left) without changing the counts, so it is part of the signature.
    const signature = [view.status, view.statusReason, view.total, view.done, view.sent, view.failed, view.delivered, view.read, view.replied ?? 0, view.stalled].join('|');
    if ((await this.deps.swap(`view:${campaign.id}`, signature)) === signature) return;
    const surfaces = new Set(campaign.progressMessages.map((m) => m.surface));
    await Promise.all(
      this.deps.notifiers
        .all()
        .filter((n) => surfaces.has(n.surface))
        .map((n) => this.safely(n, 'progress', () => n.updateProgress(campaign, view))),
    );
  }

  /** Final edit and completion summary; does nothing if another process already announced this campaign. */
  async finished(campaign: Campaign): Promise<boolean> {
    if (!(await this.deps.once(`summary:${campaign.id}`))) return false;
    await this.progress(campaign, buildProgressView(campaign, 0));
    const summary = await this.buildSummary(campaign);
    await this.deps.store.notifications.add({
      campaignId: campaign.id,
      kind: 'campaign_summary',
      text: renderSummaryText(summary, campaign.origin.locale ?? this.deps.locale),
    });
    this.deps.observer.campaignFinished(campaign.id, campaign.status, summary.durationMs);
    await Promise.all(this.summaryTargets(campaign).map((n) => this.safely(n, 'summary', () => n.postSummary(summary))));
    return true;
  }

  /** Relays an alert to every chat surface and stores it as a notification. */
  async alert(alert: AdminAlert, text: string): Promise<void> {
    await this.deps.store.notifications.add({ campaignId: alert.campaignId ?? null, kind: alert.kind, text });
    await Promise.all(this.deps.notifiers.all().map((n) => this.safely(n, 'alert', () => n.alert(alert))));
    if (alert.kind !== 'campaign_paused' || !alert.campaignId) return;
    // Marked after posting (the alert goes out first); a resume that landed meanwhile found no mark, so check here.
    await this.deps.swap(`alerts:${alert.campaignId}`, LIVE);
    const now = await this.deps.store.campaigns.get(alert.campaignId);
    if (now && now.status !== 'paused') await this.settleAlerts(now);
  }

  /**
   * Posts an approval request to the admin channels, once per campaign across processes. A process with no chat
   * surface (the CLI) leaves it to the worker's approval sweep, which runs where the chats are.
   */
  async approvalRequested(request: ApprovalRequest): Promise<void> {
    const posting = this.deps.notifiers.all().filter((n) => n.requestApproval);
    if (posting.length === 0) return;
    if (!(await this.deps.once(`approval:${request.campaign.id}`))) return;
    await Promise.all(posting.map((n) => this.safely(n, 'approval request', () => n.requestApproval!(request))));
  }

  /**
   * Posts a schedule's approval request to the admin channels, once per (schedule, content version) across
   * processes. A process with no chat surface (the CLI) leaves it to the worker's sweep.
   */
  async scheduleApprovalRequested(request: ScheduleApprovalRequest): Promise<void> {
    const posting = this.deps.notifiers.all().filter((n) => n.requestScheduleApproval);
    if (posting.length === 0) return;
    if (!(await this.deps.once(`schedule-approval:${request.schedule.id}:${request.record.version}:${request.record.requestedAt}`))) return;
    await Promise.all(posting.map((n) => this.safely(n, 'schedule approval request', () => n.requestScheduleApproval!(request))));
  }

  /** Settles a schedule's request on every chat surface and tells its author (approved, or rejected with the reason). */
  async scheduleApprovalDecided(request: ScheduleApprovalRequest): Promise<void> {
    await Promise.all(
      this.deps.notifiers
        .all()
        .filter((n) => n.scheduleApprovalDecided)
        .map((n) => this.safely(n, 'schedule approval decision', () => n.scheduleApprovalDecided!(request))),
    );
  }

  /** Tells the author's surface (where its progress message is, or where it was started) how the approval ended. */
  async approvalDecided(campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null): Promise<void> {
    const surfaces = new Set([campaign.origin.surface, ...campaign.progressMessages.map((m) => m.surface)]);
    await Promise.all(
      this.deps.notifiers
        .all()
        .filter((n) => surfaces.has(n.surface) && n.approvalDecided)
        .map((n) => this.safely(n, 'approval decision', () => n.approvalDecided!(campaign, decision, by, reason))),
    );
  }

  /**
   * Alert buttons follow the campaign's status: once it is not paused, the Resume / Cancel buttons of the alerts
   * posted about it go. One Redis round trip per view tells whether any alert of it still has buttons.
   */
  private async settleAlerts(campaign: Campaign): Promise<void> {
    if ((await this.deps.swap(`alerts:${campaign.id}`, SETTLED)) !== LIVE) return;
    await Promise.all(
      this.deps.notifiers.all().map((n) => {
        const settle = n.settleAlerts?.bind(n);
        return settle ? this.safely(n, 'settle alerts', () => settle(campaign)) : Promise.resolve();
      }),
    );
  }

  async buildSummary(campaign: Campaign): Promise<CampaignSummary> {
    const { store } = this.deps;
    const retryOf = campaign.retryOf ? await store.campaigns.get(campaign.retryOf) : null;
    const schedule = campaign.scheduleId ? await store.schedules.get(campaign.scheduleId) : null;
    const failures = await store.recipients.list(campaign.id, { status: ['failed', 'unknown'], limit: 20 });
    const started = campaign.startedAt ?? campaign.createdAt;
    const ended = campaign.sentAt ?? new Date();
    return {
      campaign,
      retryOfTitle: retryOf?.title ?? null,
      scheduleName: schedule?.name ?? null,
      durationMs: Math.max(0, ended.getTime() - started.getTime()),
      failures: failures.map((r) => ({ phone: r.phone, errorCode: r.errorCode, errorText: r.errorText })),
    };
  }

  /**
   * A campaign started in a chat reports back to that chat surface. One started from the CLI or a schedule
   * reports to every chat surface (the admins must see it) and to its own origin's notifier (the terminal).
   */
  private summaryTargets(campaign: Campaign): CampaignNotifier[] {
    const all = this.deps.notifiers.all();
    const origin = all.filter((n) => n.surface === campaign.origin.surface);
    if (CHAT_SURFACES.includes(campaign.origin.surface)) return origin.length > 0 ? origin : all;
    const chats = all.filter((n) => CHAT_SURFACES.includes(n.surface));
    const targets = [...new Set([...origin, ...chats])];
    return targets.length > 0 ? targets : all;
  }

  private async safely(notifier: CampaignNotifier, what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      // A chat outage must not stop sending; the next tick carries the latest counts anyway.
      this.deps.observer.progressEditFailed(notifier.surface, (error as { code?: string }).code ?? 'error');
      this.deps.logger.warn({ err: error, surface: notifier.surface, what }, 'notifier call failed');
    }
  }
}

/** The in-process registry of chat notifiers. */
export class NotifierList implements NotifierRegistry {
  private readonly notifiers: CampaignNotifier[] = [];

  register(notifier: CampaignNotifier): void {
    if (!this.notifiers.includes(notifier)) this.notifiers.push(notifier);
  }

  unregister(notifier: CampaignNotifier): void {
    const index = this.notifiers.indexOf(notifier);
    if (index >= 0) this.notifiers.splice(index, 1);
  }

  all(): CampaignNotifier[] {
    return [...this.notifiers];
  }
}
