/**
 * Two-person approval (issue 15): which campaigns wait for another admin, and the approve / reject / expire
 * transitions every surface calls (Telegram and Slack buttons, the CLI). A campaign waiting for approval is
 * `awaiting_approval`; approved it becomes `pending` and is queued; rejected or expired it ends `cancelled`
 * with the reason `approval_rejected` / `approval_expired`. The request itself (who asked, the risk report,
 * who decided and why) is kept in the key-value store under the campaign id.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import type { Announcer } from './announcer.js';
import { StateError, ValidationError } from './errors.js';
import type { CampaignQueue, Store } from './ports.js';
import { buildProgressView } from './progress-view.js';
import type { RiskLevel } from './risk-rules.js';
import type { RiskReport } from './risk-report.js';
import type { Actor, Campaign, CampaignDraftSpec } from './types.js';

export interface ApprovalSettings {
  /** APPROVAL_MIN_RECIPIENTS: 0 = off. */
  minRecipients: number;
  /** APPROVAL_ON_HIGH_RISK. */
  onHighRisk: boolean;
  /** APPROVAL_TTL_HOURS in ms. */
  ttlMs: number;
}

export type ApprovalDecision = 'approved' | 'rejected' | 'expired';

/** Who decided, as stored (no locale or chat). */
export interface Decider {
  surface: Actor['surface'];
  userId: string;
  userName: string | null;
}

export interface ApprovalRecord {
  campaignId: string;
  requestedAt: string;
  expiresAt: string;
  author: Decider;
  /** The preview's message for its first recipient, shown in the request. */
  sample: string;
  risk: RiskReport;
  decision: ApprovalDecision | null;
  decidedBy: Decider | null;
  decidedAt: string | null;
  reason: string | null;
}

/** What a surface posts to its admin channel. */
export interface ApprovalRequest {
  campaign: Campaign;
  record: ApprovalRecord;
}

const RECORDS = 'campaign.approval';
/** Schedules' approvals, asked when a schedule is saved (src/schedules/approval.ts): schedule id → its record. */
export const SCHEDULE_APPROVALS = 'schedule.approval';

/** statusReason of a campaign cancelled by a rejection or by expiry. */
export const APPROVAL_REJECTED = 'approval_rejected';
export const APPROVAL_EXPIRED = 'approval_expired';

/** The stored approval request of a campaign (null when it needed none). */
export async function readApprovalRecord(store: Store, campaignId: string): Promise<ApprovalRecord | null> {
  const raw = await store.kv.get(RECORDS, campaignId);
  return raw ? (JSON.parse(raw) as ApprovalRecord) : null;
}

/** True when a campaign of `recipients` at risk `level` must wait for another admin. */
export function approvalRequired(settings: ApprovalSettings, recipients: number, level: RiskLevel | null): boolean {
  if (settings.minRecipients > 0 && recipients >= settings.minRecipients) return true;
  return settings.onHighRisk && level === 'high';
}

/** The same person: one identity on one surface (a Telegram id and an OS user name are different people). */
export function isAuthor(campaign: Pick<Campaign, 'origin'>, actor: Actor): boolean {
  return campaign.origin.surface === actor.surface && campaign.origin.userId === actor.userId;
}

/** What makes a schedule "unchanged": its title, message, media and audience. */
export function scheduleFingerprint(draft: CampaignDraftSpec): string {
  return createHash('sha256')
    .update(JSON.stringify([draft.title, draft.template, draft.media?.path ?? null, draft.audience]))
    .digest('hex');
}

function decider(actor: Actor): Decider {
  return { surface: actor.surface, userId: actor.userId, userName: actor.userName ?? null };
}

/** Thrown when the author tries to approve their own campaign. */
export class SelfApprovalError extends ValidationError {
  constructor(id: string) {
    super('self_approval', 'approval.self', { id });
    this.name = 'SelfApprovalError';
  }
}

export interface ApprovalDeps {
  store: Store;
  queue: CampaignQueue;
  announcer: Announcer;
  settings: ApprovalSettings;
  logger: Logger;
}

export class Approvals {
  constructor(private readonly deps: ApprovalDeps) {}

  get settings(): ApprovalSettings {
    return this.deps.settings;
  }

  record(campaignId: string): Promise<ApprovalRecord | null> {
    return readApprovalRecord(this.deps.store, campaignId);
  }

  /**
   * True when the schedule's current content was approved when it was saved (its firings then need no approval).
   * A schedule saved without needing approval whose audience grew past the rule gets no pass: its firing's
   * campaign waits for approval like any campaign.
   */
  async scheduleApproved(scheduleId: string): Promise<boolean> {
    const schedule = await this.deps.store.schedules.get(scheduleId);
    const raw = schedule ? await this.deps.store.kv.get(SCHEDULE_APPROVALS, scheduleId) : null;
    if (!schedule || !raw) return false;
    const record = JSON.parse(raw) as { state?: string; version?: string };
    return record.state === 'approved' && record.version === scheduleFingerprint(schedule.draft);
  }

  /** Stores the request of a campaign just put in `awaiting_approval`, audits it and posts it to the admins. */
  async request(campaign: Campaign, actor: Actor, risk: RiskReport, sample: string, now = new Date()): Promise<void> {
    const record: ApprovalRecord = {
      campaignId: campaign.id,
      requestedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.deps.settings.ttlMs).toISOString(),
      author: decider(actor),
      sample,
      risk,
      decision: null,
      decidedBy: null,
      decidedAt: null,
      reason: null,
    };
    await this.save(record);
    await this.audit(actor, 'campaign.approval.request', campaign.id, 'ok', `${risk.recipients} recipients, risk ${risk.level}`);
    await this.deps.announcer.approvalRequested({ campaign, record });
  }

  /**
   * Approves: the campaign is queued and its progress messages turn into live progress. The author's own
   * approval is refused (SelfApprovalError). With `key` (a pressed button) a repeated press returns the first
   * press's result instead of refusing.
   */
  async approve(campaign: Campaign, actor: Actor, key?: string): Promise<Campaign> {
    const record = await this.record(campaign.id);
    if (campaign.status !== 'awaiting_approval') {
      if (key && record?.decision === 'approved') return campaign;
      await this.audit(actor, 'campaign.approve', campaign.id, 'refused', `status ${campaign.status}`);
      throw new StateError(campaign.id, campaign.status, 'approve');
    }
    // A schedule's campaign is its author's: whoever saved the schedule cannot approve its firings either.
    const schedule = campaign.scheduleId ? await this.deps.store.schedules.get(campaign.scheduleId) : null;
    if (isAuthor(campaign, actor) || (schedule && isAuthor({ origin: schedule.createdBy }, actor))) {
      await this.audit(actor, 'campaign.approve', campaign.id, 'refused', 'own campaign');
      throw new SelfApprovalError(campaign.id);
    }
    const updated = await this.deps.store.campaigns.update(campaign.id, { status: 'pending', statusReason: null }, ['awaiting_approval']);
    if (!updated) return this.lostRace(campaign, actor, 'approve', 'approved', key);
    await this.decide(record, campaign.id, 'approved', actor, null);
    await this.audit(actor, 'campaign.approve', campaign.id, 'ok', null);
    await this.deps.queue.start(campaign.id, 1);
    await this.deps.announcer.progress(updated, buildProgressView(updated, 0));
    await this.deps.announcer.approvalDecided(updated, 'approved', decider(actor), null);
    return updated;
  }

  /** Rejects with a reason: the campaign ends cancelled and the author is told who rejected it and why. */
  async reject(campaign: Campaign, actor: Actor, reason: string, key?: string): Promise<Campaign> {
    const record = await this.record(campaign.id);
    const why = reason.trim().slice(0, 500);
    if (campaign.status !== 'awaiting_approval') {
      if (key && record?.decision === 'rejected') return campaign;
      await this.audit(actor, 'campaign.reject', campaign.id, 'refused', `status ${campaign.status}`);
      throw new StateError(campaign.id, campaign.status, 'reject');
    }
    if (!why) throw new ValidationError('reason_required', 'approval.reasonRequired');
    const updated = await this.deps.store.campaigns.update(
      campaign.id,
      { status: 'cancelled', statusReason: APPROVAL_REJECTED, sentAt: new Date() },
      ['awaiting_approval'],
    );
    if (!updated) return this.lostRace(campaign, actor, 'reject', 'rejected', key);
    await this.decide(record, campaign.id, 'rejected', actor, why);
    await this.audit(actor, 'campaign.reject', campaign.id, 'ok', why);
    await this.deps.announcer.progress(updated, buildProgressView(updated, 0));
    await this.deps.announcer.approvalDecided(updated, 'rejected', decider(actor), why);
    return updated;
  }

  /**
   * The worker's pass: cancels requests older than APPROVAL_TTL_HOURS (telling their authors) and posts the
   * requests no chat has shown yet (a campaign created from the CLI, whose process has no chat). Returns how
   * many expired.
   */
  async sweep(now = new Date()): Promise<number> {
    const { store, announcer } = this.deps;
    const waiting = await store.campaigns.list({ status: ['awaiting_approval'], limit: 1000 });
    let expired = 0;
    for (const campaign of waiting) {
      const record = await this.record(campaign.id);
      const expiresAt = record ? new Date(record.expiresAt) : new Date(campaign.createdAt.getTime() + this.deps.settings.ttlMs);
      if (expiresAt.getTime() > now.getTime()) {
        if (record) await announcer.approvalRequested({ campaign, record });
        continue;
      }
      const updated = await store.campaigns.update(
        campaign.id,
        { status: 'cancelled', statusReason: APPROVAL_EXPIRED, sentAt: now },
        ['awaiting_approval'],
      );
      if (!updated) continue;
      expired++;
      const system: Actor = { surface: 'system', userId: 'approval-expiry' };
      await this.decide(record, campaign.id, 'expired', system, null);
      await this.audit(system, 'campaign.approval.expire', campaign.id, 'ok', `after ${Math.round(this.deps.settings.ttlMs / 3600_000)} h`);
      await announcer.progress(updated, buildProgressView(updated, 0));
      await announcer.approvalDecided(updated, 'expired', null, null);
    }
    return expired;
  }

  /** Another call changed the status first: a repeated press of the same decision answers with it. */
  private async lostRace(campaign: Campaign, actor: Actor, action: string, decision: ApprovalDecision, key?: string): Promise<Campaign> {
    const latest = (await this.deps.store.campaigns.get(campaign.id)) ?? campaign;
    if (key && (await this.record(campaign.id))?.decision === decision) return latest;
    await this.audit(actor, `campaign.${action}`, campaign.id, 'refused', `status ${latest.status}`);
    throw new StateError(campaign.id, latest.status, action);
  }

  private async decide(record: ApprovalRecord | null, campaignId: string, decision: ApprovalDecision, actor: Actor, reason: string | null) {
    if (!record) {
      this.deps.logger.warn({ campaignId }, 'approval decided on a campaign without a stored request');
      return;
    }
    await this.save({ ...record, decision, decidedBy: decider(actor), decidedAt: new Date().toISOString(), reason });
  }

  private save(record: ApprovalRecord): Promise<void> {
    return this.deps.store.kv.set(RECORDS, record.campaignId, JSON.stringify(record));
  }

  private async audit(actor: Actor, action: string, target: string, outcome: 'ok' | 'refused', detail: string | null) {
    await this.deps.store.audit.record({ actor, action, target, outcome, detail });
  }
}
