/** Schedules written for people, the same on every surface (CLI table, Telegram and Slack lists). */
import type { Locale, Schedule } from '../campaigns/types.js';
import { t } from '../i18n/index.js';
import '../i18n/schedules.js';
import '../i18n/schedule-approval.js';
import { formatRunTime } from './time.js';
import { cronToPreset } from './when.js';

export type ScheduleState = 'active' | 'paused' | 'done' | 'awaiting_approval';

/** Active, awaiting approval (issue 15: `pending` from pendingScheduleIds), paused, or done (a one-off that has run). */
export function scheduleState(schedule: Schedule, pending = false): ScheduleState {
  if (schedule.enabled) return pending ? 'awaiting_approval' : 'active';
  return schedule.kind === 'once' && schedule.lastRunAt ? 'done' : 'paused';
}

/** The last outcome in words: "campaign k7m2q9xa created", "skipped, …", "missed …", "failed: …". */
export function describeOutcome(schedule: Schedule, locale: Locale): string | null {
  const outcome = schedule.lastOutcome;
  if (!outcome) return null;
  if (outcome === 'created') return t(locale, 'schedule.outcome.created', { campaignId: schedule.lastCampaignId ?? '?' });
  if (outcome === 'skipped' || outcome === 'missed' || outcome === 'awaiting_approval') return t(locale, `schedule.outcome.${outcome}`);
  return t(locale, 'schedule.outcome.failed', { reason: outcome.replace(/^failed:/, '') });
}

export interface ScheduleDescription {
  id: string;
  name: string;
  state: ScheduleState;
  /** The state in the user's language. */
  stateText: string;
  /** "once, Mon 2025-06-02 18:00 Asia/Jakarta", "every Monday 09:00 (Asia/Jakarta)" or 'cron "0 9 1 * *" (Asia/Jakarta)'. */
  when: string;
  /** The next run written in the schedule's zone, when it is armed. */
  next: string | null;
  /** "last: … (campaign … created)", when it has run. */
  last: string | null;
}

/** Everything a list row shows about a schedule, translated. */
export function describeSchedule(schedule: Schedule, locale: Locale, pending = false): ScheduleDescription {
  const state = scheduleState(schedule, pending);
  const zone = schedule.timezone;
  const when =
    schedule.kind === 'once'
      ? t(locale, 'schedule.when.once', { time: schedule.at ? formatRunTime(schedule.at, zone, locale) : '?' })
      : describeCron(schedule.cron ?? '?', zone, locale);
  const outcome = describeOutcome(schedule, locale);
  return {
    id: schedule.id,
    name: schedule.name,
    state,
    stateText: t(locale, `schedule.status.${state}`),
    when,
    next: schedule.enabled && schedule.nextRunAt ? formatRunTime(schedule.nextRunAt, zone, locale) : null,
    last: schedule.lastRunAt && outcome ? t(locale, 'schedule.list.last', { time: formatRunTime(schedule.lastRunAt, zone, locale), outcome }) : null,
  };
}

/** A recurring time as its preset when it is one ("setiap hari 09:00 (Asia/Jakarta)"), else the cron expression. */
export function describeCron(cron: string, zone: string, locale: Locale): string {
  const preset = cronToPreset(cron, locale);
  return preset ? t(locale, 'schedule.when.preset', { preset, tz: zone }) : t(locale, 'schedule.when.cron', { cron, tz: zone });
}

/** One line per schedule for chat lists: "k7m2q9xa · active · Promo Senin · cron "0 9 * * 1" (…) · next: …". */
export function scheduleLine(schedule: Schedule, locale: Locale, pending = false): string {
  const d = describeSchedule(schedule, locale, pending);
  return [d.id, d.stateText, d.name, d.when, d.next ? t(locale, 'schedule.list.next', { time: d.next }) : null, d.last]
    .filter(Boolean)
    .join(' · ');
}
