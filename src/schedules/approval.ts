/**
 * Two-person approval of schedules (issue 15): a schedule is approved once, when it is saved (created or edited),
 * and its firings then need no approval while its content is unchanged; an edit asks again. The request is bound
 * to the schedule id AND its content version (a hash of title, message, media and audience), so an Approve pressed
 * on the request of an earlier version never approves the new content. Until approved the schedule's firings are
 * skipped (src/schedules/fire.ts); a rejection pauses the schedule and tells its author why.
 *
 * The state lives in the key-value store under the schedule id (no store schema change).
 */
import type { App } from '../app-types.js';
import { approvalRequired, SCHEDULE_APPROVALS, scheduleFingerprint, type Decider } from '../campaigns/approval.js';
import { ValidationError } from '../campaigns/errors.js';
import type { RiskReport } from '../campaigns/risk-report.js';
import type { Actor, CampaignDraftSpec, Schedule } from '../campaigns/types.js';

const RECORDS = SCHEDULE_APPROVALS;
/** Characters of the content version carried by buttons (64-byte Telegram callback data). */
const SHORT = 12;

export type ScheduleApprovalState = 'pending' | 'approved' | 'rejected';

export interface ScheduleApprovalRecord {
  scheduleId: string;
  /** scheduleFingerprint() of the draft this request is for. */
  version: string;
  state: ScheduleApprovalState;
  requestedAt: string;
  /** Who saved this version (they cannot approve it). */
  author: Decider;
  sample: string;
  risk: RiskReport;
  decidedBy: Decider | null;
  decidedAt: string | null;
  reason: string | null;
}

/** What a surface posts to its admin channel. */
export interface ScheduleApprovalRequest {
  schedule: Schedule;
  record: ScheduleApprovalRecord;
}

/** What the save-time check needs of the draft's preview. */
export interface SavePreview {
  total: number;
  sample: string;
  risk: RiskReport;
}

/** The content version of a draft, as buttons carry it. */
export function shortVersion(version: string): string {
  return version.slice(0, SHORT);
}

export function contentVersion(draft: CampaignDraftSpec): string {
  return scheduleFingerprint(draft);
}

function decider(actor: Actor): Decider {
  return { surface: actor.surface, userId: actor.userId, userName: actor.userName ?? null };
}

/** Thrown when whoever saved a schedule tries to approve it. */
export class ScheduleSelfApprovalError extends ValidationError {
  constructor(id: string) {
    super('self_approval', 'schedule.approval.self', { id });
    this.name = 'ScheduleSelfApprovalError';
  }
}

/** Thrown when a button or command names a version the schedule no longer has (it was edited since). */
export class StaleScheduleApprovalError extends ValidationError {
  constructor(id: string) {
    super('stale_approval', 'schedule.approval.stale', { id });
    this.name = 'StaleScheduleApprovalError';
  }
}

/** The request was already decided (approved or rejected). */
function notPending(id: string, state: ScheduleApprovalState): ValidationError {
  return new ValidationError('approval_decided', `schedule.approval.already.${state}`, { id });
}

export async function readScheduleApproval(app: Pick<App, 'store'>, scheduleId: string): Promise<ScheduleApprovalRecord | null> {
  const raw = await app.store.kv.get(RECORDS, scheduleId);
  return raw ? (JSON.parse(raw) as ScheduleApprovalRecord) : null;
}

/** True while the schedule's current content waits for another admin (its firings are skipped). */
export async function awaitingApproval(app: Pick<App, 'store'>, schedule: Schedule): Promise<boolean> {
  const record = await readScheduleApproval(app, schedule.id);
  return record?.state === 'pending' && record.version === contentVersion(schedule.draft);
}

/** True when the schedule's current content was approved at save time (its firings need no approval). */
export async function contentApproved(app: Pick<App, 'store'>, schedule: Schedule): Promise<boolean> {
  const record = await readScheduleApproval(app, schedule.id);
  return record?.state === 'approved' && record.version === contentVersion(schedule.draft);
}

/** Ids of the schedules whose current content waits for approval (for lists). */
export async function pendingScheduleIds(app: Pick<App, 'store'>, schedules: Schedule[]): Promise<Set<string>> {
  const raw = await app.store.kv.getMany(RECORDS, schedules.map((s) => s.id));
  const pending = new Set<string>();
  for (const s of schedules) {
    const value = raw.get(s.id);
    if (!value) continue;
    const record = JSON.parse(value) as ScheduleApprovalRecord;
    if (record.state === 'pending' && record.version === contentVersion(s.draft)) pending.add(s.id);
  }
  return pending;
}

/** The worker's pass: posts the pending requests no chat has shown yet (a schedule saved from the CLI). */
export async function postPendingScheduleRequests(app: App): Promise<void> {
  const schedules = await app.store.schedules.list();
  for (const id of await pendingScheduleIds(app, schedules)) {
    const schedule = schedules.find((s) => s.id === id);
    const record = await readScheduleApproval(app, id);
    if (schedule && record) await app.engine.announcer.scheduleApprovalRequested({ schedule, record });
  }
}

export class ScheduleApprovals {
  constructor(
    private readonly app: App,
    /** Pauses the schedule (the use case's pause: removes a queued one-off firing, tells the schedulers). */
    private readonly disable: (schedule: Schedule) => Promise<void>,
  ) {}

  /**
   * At save time: asks for approval when the rules apply (APPROVAL_MIN_RECIPIENTS on the audience now, or
   * APPROVAL_ON_HIGH_RISK with the risk report of its message and audience). Returns true when it asked.
   * A save that needs none forgets any earlier request (its firings fall back to the campaign rule).
   */
  async onSaved(schedule: Schedule, preview: SavePreview, actor: Actor): Promise<boolean> {
    const { config, store } = this.app;
    const settings = { minRecipients: config.APPROVAL_MIN_RECIPIENTS, onHighRisk: config.APPROVAL_ON_HIGH_RISK, ttlMs: 0 };
    if (!approvalRequired(settings, preview.total, preview.risk.level)) {
      await store.kv.delete(RECORDS, schedule.id);
      return false;
    }
    const record: ScheduleApprovalRecord = {
      scheduleId: schedule.id,
      version: contentVersion(schedule.draft),
      state: 'pending',
      requestedAt: new Date().toISOString(),
      author: decider(actor),
      sample: preview.sample,
      risk: preview.risk,
      decidedBy: null,
      decidedAt: null,
      reason: null,
    };
    await this.save(record);
    await this.audit(actor, 'schedule.approval.request', schedule.id, 'ok', `${preview.total} recipients, risk ${preview.risk.level}, version ${shortVersion(record.version)}`);
    await this.app.engine.announcer.scheduleApprovalRequested({ schedule, record });
    return true;
  }

  /**
   * Approves the schedule's current content. `version` (from a button) must be the current one: a stale button
   * is refused. The author's own approval is refused. With `key` (a pressed button) a repeated press returns.
   */
  async approve(schedule: Schedule, actor: Actor, version: string | null, key?: string): Promise<ScheduleApprovalRecord> {
    const record = await this.current(schedule, actor, 'approve', version);
    if (record.state !== 'pending') {
      if (key && record.state === 'approved') return record;
      await this.audit(actor, 'schedule.approve', schedule.id, 'refused', `state ${record.state}`);
      throw notPending(schedule.id, record.state);
    }
    if (record.author.surface === actor.surface && record.author.userId === actor.userId) {
      await this.audit(actor, 'schedule.approve', schedule.id, 'refused', 'own schedule');
      throw new ScheduleSelfApprovalError(schedule.id);
    }
    const decided = await this.decide(record, 'approved', actor, null);
    await this.audit(actor, 'schedule.approve', schedule.id, 'ok', `version ${shortVersion(record.version)}`);
    await this.app.engine.announcer.scheduleApprovalDecided({ schedule, record: decided });
    return decided;
  }

  /** Rejects with a reason: the schedule is paused and its author told who rejected it and why. */
  async reject(schedule: Schedule, actor: Actor, version: string | null, reason: string, key?: string): Promise<ScheduleApprovalRecord> {
    const why = reason.trim().slice(0, 500);
    const record = await this.current(schedule, actor, 'reject', version);
    if (record.state !== 'pending') {
      if (key && record.state === 'rejected') return record;
      await this.audit(actor, 'schedule.reject', schedule.id, 'refused', `state ${record.state}`);
      throw notPending(schedule.id, record.state);
    }
    if (!why) throw new ValidationError('reason_required', 'approval.reasonRequired');
    const decided = await this.decide(record, 'rejected', actor, why);
    await this.disable(schedule);
    await this.audit(actor, 'schedule.reject', schedule.id, 'ok', why);
    await this.app.engine.announcer.scheduleApprovalDecided({ schedule, record: decided });
    return decided;
  }

  /** The request of the schedule's current content; a version that is not the current one is refused as stale. */
  private async current(schedule: Schedule, actor: Actor, action: 'approve' | 'reject', version: string | null): Promise<ScheduleApprovalRecord> {
    const now = contentVersion(schedule.draft);
    const record = await readScheduleApproval(this.app, schedule.id);
    const stale = (version !== null && !now.startsWith(version)) || (record !== null && record.version !== now);
    if (stale) {
      await this.audit(actor, `schedule.${action}`, schedule.id, 'refused', `stale version ${version ?? record?.version.slice(0, SHORT) ?? ''}`);
      throw new StaleScheduleApprovalError(schedule.id);
    }
    if (!record) {
      await this.audit(actor, `schedule.${action}`, schedule.id, 'refused', 'no request');
      throw new ValidationError('no_approval_request', 'schedule.approval.none', { id: schedule.id });
    }
    return record;
  }

  private async decide(record: ScheduleApprovalRecord, state: ScheduleApprovalState, actor: Actor, reason: string | null) {
    const decided: ScheduleApprovalRecord = { ...record, state, decidedBy: decider(actor), decidedAt: new Date().toISOString(), reason };
    await this.save(decided);
    return decided;
  }

  private save(record: ScheduleApprovalRecord): Promise<void> {
    return this.app.store.kv.set(RECORDS, record.scheduleId, JSON.stringify(record));
  }

  private async audit(actor: Actor, action: string, target: string, outcome: 'ok' | 'refused', detail: string | null) {
    await this.app.store.audit.record({ actor, action, target, outcome, detail });
  }
}
