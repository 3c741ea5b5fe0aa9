/**
 * What happens when a schedule fires, whoever triggered it (a cron tick, a delayed one-off job, a
 * catch-up after downtime): the rules a scheduler expects, then one campaign per (schedule, firing time).
 */
import type { App } from '../app-types.js';
import { DomainError } from '../campaigns/errors.js';
import { storedAlertText } from '../campaigns/alerts.js';
import type { AdminAlert } from '../campaigns/ports.js';
import type { Actor, CampaignStatus, Locale, Schedule } from '../campaigns/types.js';
import { formatDuration, t } from '../i18n/index.js';
import '../i18n/schedules.js';
import { awaitingApproval } from './approval.js';
import { formatRunTime, nextCronRuns } from './time.js';

/** Statuses of a previous campaign that make the next firing an overlap. */
const RUNNING: CampaignStatus[] = ['awaiting_approval', 'pending', 'processing', 'paused'];

export type FiringResult =
  | { outcome: 'created'; campaignId: string }
  /** This firing's campaign already exists (another instance or an earlier attempt made it). */
  | { outcome: 'duplicate'; campaignId: string }
  | { outcome: 'skipped'; campaignId: string }
  /** Its saved content still waits for another admin's approval: nothing was created. */
  | { outcome: 'awaiting_approval' }
  /** The schedule was deleted, paused or changed since this firing was armed. */
  | { outcome: 'inactive' }
  | { outcome: 'failed'; reason: string };

/** The campaign key of one firing: two firings of the same slot make one campaign. */
export function firingKey(scheduleId: string, slot: Date): string {
  return `schedule:${scheduleId}:${slot.toISOString()}`;
}

/** The next run after `after` (null for a one-off, which runs once). */
export function nextRunAfter(schedule: Schedule, after: Date): Date | null {
  if (schedule.kind !== 'cron' || !schedule.cron) return null;
  return nextCronRuns(schedule.cron, schedule.timezone, 2).find((d) => d.getTime() > after.getTime()) ?? null;
}

/** The actor a scheduled campaign is created by: the schedule itself. */
function scheduleActor(schedule: Schedule): Actor {
  return { surface: 'schedule', userId: schedule.id, userName: schedule.name, ...(schedule.createdBy.locale ? { locale: schedule.createdBy.locale } : {}) };
}

/** A schedule's alerts speak its author's language (like its campaigns' summaries), else BOT_LOCALE. */
function authorLocale(app: App, schedule: Schedule): Locale {
  return schedule.createdBy.locale ?? app.config.BOT_LOCALE;
}

/**
 * Tells every registered chat surface (each renders the alert itself, in its own syntax, through
 * src/campaigns/alerts.ts), and stores the text like the original's database notification.
 */
export async function alertAdmins(app: App, alert: AdminAlert): Promise<void> {
  const text = storedAlertText(alert, null, alert.locale ?? app.config.BOT_LOCALE);
  // `detail` keeps the whole text for listeners that only log; surfaces render from the fields.
  const full: AdminAlert = { ...alert, detail: text };
  await Promise.all(
    app.notifiers.all().map((notifier) =>
      notifier.alert(full).catch((error: unknown) => app.logger.warn({ err: error, surface: notifier.surface, kind: alert.kind }, 'schedule alert not delivered')),
    ),
  );
  await app.store.notifications.add({ campaignId: alert.campaignId ?? null, kind: alert.kind, text });
}

async function record(app: App, schedule: Schedule, slot: Date, outcome: string, campaignId?: string): Promise<void> {
  await app.store.schedules.update(schedule.id, {
    lastRunAt: slot,
    lastOutcome: outcome,
    ...(campaignId ? { lastCampaignId: campaignId } : {}),
    ...(schedule.kind === 'once' ? { enabled: false, nextRunAt: null } : { nextRunAt: nextRunAfter(schedule, new Date(Math.max(Date.now(), slot.getTime()))) }),
  });
}

/**
 * Fires `schedule` for the firing time `slot`: skipped (and admins told) while its previous campaign is still
 * pending, processing or paused; otherwise creates the campaign with the key (schedule id, slot), so a second
 * firing of the same slot finds it instead of making another. The audience is resolved now, by create().
 */
export async function fireSchedule(app: App, scheduleId: string, slot: Date): Promise<FiringResult> {
  const log = app.logger.child({ scheduleId, slot: slot.toISOString() });
  const schedule = await app.store.schedules.get(scheduleId);
  if (!schedule || !schedule.enabled) return { outcome: 'inactive' };
  const key = firingKey(schedule.id, slot);
  const existing = await app.store.campaigns.findByIdempotencyKey(key);
  if (existing) return { outcome: 'duplicate', campaignId: existing.id };
  const actor = scheduleActor(schedule);
  const locale = authorLocale(app, schedule);
  const time = formatRunTime(slot, schedule.timezone, locale);

  // Saved content waiting for another admin (issue 15): this firing is skipped, nothing is created.
  if (await awaitingApproval(app, schedule)) {
    await record(app, schedule, slot, 'awaiting_approval');
    await app.store.audit.record({ actor, action: 'schedule.fire', target: schedule.id, outcome: 'refused', detail: 'skipped: awaiting approval' });
    log.warn('schedule firing skipped: awaiting approval');
    return { outcome: 'awaiting_approval' };
  }

  const [previous] = await app.store.campaigns.list({ scheduleId: schedule.id, status: RUNNING, limit: 1 });
  // A concurrent firing of this same slot made it a moment ago: that is a duplicate, not an overlap.
  if (previous?.idempotencyKey === key) return { outcome: 'duplicate', campaignId: previous.id };
  if (previous) {
    await record(app, schedule, slot, 'skipped');
    await app.store.audit.record({ actor, action: 'schedule.fire', target: schedule.id, outcome: 'refused', detail: `skipped: ${previous.id} is ${previous.status}` });
    // Named by the schedule's id; the previous campaign is a parameter, not the alert's subject.
    await alertAdmins(app, {
      kind: 'schedule_skipped',
      scheduleId: schedule.id,
      campaignId: previous.id,
      reason: 'previous_running',
      params: { name: schedule.name, time, campaignId: previous.id, status: previous.status },
      locale,
    });
    log.warn({ campaignId: previous.id }, 'schedule firing skipped: previous campaign still running');
    return { outcome: 'skipped', campaignId: previous.id };
  }

  try {
    const { title, template, media, audience, account, whatsappTemplate } = schedule.draft;
    const campaign = await app.campaigns.create(
      { title, template, media, ...(whatsappTemplate ? { whatsappTemplate } : {}), audience, idempotencyKey: key, scheduleId: schedule.id, ...(account ? { account } : {}) },
      actor,
    );
    await record(app, schedule, slot, 'created', campaign.id);
    await app.store.audit.record({ actor, action: 'schedule.fire', target: schedule.id, outcome: 'ok', detail: `campaign ${campaign.id}` });
    log.info({ campaignId: campaign.id }, 'schedule fired');
    return { outcome: 'created', campaignId: campaign.id };
  } catch (error) {
    const reason = error instanceof DomainError ? t(locale, error.messageKey, error.params) : error instanceof Error ? error.message : String(error);
    const code = error instanceof DomainError ? error.code : 'error';
    await record(app, schedule, slot, `failed:${code}`);
    await app.store.audit.record({ actor, action: 'schedule.fire', target: schedule.id, outcome: 'error', detail: code });
    await alertAdmins(app, { kind: 'schedule_failed', scheduleId: schedule.id, reason: code, params: { name: schedule.name, time, reason }, locale });
    log.error({ err: error }, 'schedule firing failed');
    return { outcome: 'failed', reason: code };
  }
}

/** Reports a firing missed during downtime (beyond the tolerance): nothing is sent, admins are told once. */
export async function reportMissed(app: App, schedule: Schedule, slot: Date): Promise<void> {
  const locale = authorLocale(app, schedule);
  await record(app, schedule, slot, 'missed');
  await app.store.audit.record({ actor: scheduleActor(schedule), action: 'schedule.fire', target: schedule.id, outcome: 'refused', detail: `missed ${slot.toISOString()}` });
  await alertAdmins(app, {
    kind: 'schedule_missed',
    scheduleId: schedule.id,
    reason: 'downtime',
    params: {
      name: schedule.name,
      time: formatRunTime(slot, schedule.timezone, locale),
      tolerance: formatDuration(locale, app.config.SCHEDULE_MISSED_TOLERANCE_MS),
    },
    locale,
  });
  app.logger.warn({ scheduleId: schedule.id, slot: slot.toISOString() }, 'schedule firing missed during downtime');
}
