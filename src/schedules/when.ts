/**
 * Reading "when" a schedule fires from what a person typed: a date-time (once), a preset such as
 * "every Monday 09:00" / "setiap Senin 09:00", or a cron expression. Every surface uses these, so a
 * bad time, cron or zone gets the same clear, translated error everywhere.
 */
import { ValidationError } from '../campaigns/errors.js';
import type { Locale } from '../campaigns/types.js';
import { t } from '../i18n/index.js';
import '../i18n/schedules.js';
import { canonicalTimezone, cronErrors, formatRunTime, nextCronRuns, zonedDate, zonedTimeToDate } from './time.js';

export type ScheduleWhen = { kind: 'once'; at: Date } | { kind: 'cron'; cron: string };

const WEEKDAYS: Record<string, number> = {
  sunday: 0, sun: 0, minggu: 0, ahad: 0,
  monday: 1, mon: 1, senin: 1,
  tuesday: 2, tue: 2, selasa: 2,
  wednesday: 3, wed: 3, rabu: 3,
  thursday: 4, thu: 4, kamis: 4,
  friday: 5, fri: 5, jumat: 5, "jum'at": 5,
  saturday: 6, sat: 6, sabtu: 6,
};

const AT = String.raw`(?:at\s+|pukul\s+|jam\s+)?`;
const HHMM = String.raw`(\d{1,2})[:.](\d{2})`;
const DAILY = new RegExp(String.raw`^(?:every\s*day|daily|(?:setiap|tiap)\s+hari)\s+${AT}${HHMM}$`, 'i');
const WORKDAYS = new RegExp(String.raw`^(?:every\s+weekday|(?:setiap|tiap)\s+hari\s+kerja)\s+${AT}${HHMM}$`, 'i');
const WEEKLY = new RegExp(String.raw`^(?:every|setiap|tiap)\s+(?:hari\s+)?([a-z']+)\s+${AT}${HHMM}$`, 'i');
const RELATIVE = new RegExp(String.raw`^(today|hari\s+ini|tomorrow|besok)\s+${AT}${HHMM}$`, 'i');
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2})[:.](\d{2})(?::(\d{2}))?$/;
/** Longest "when" text read (a long cron with lists is about 100 characters). */
const MAX_SCHEDULE_INPUT = 256;
const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

function clock(hour: string, minute: string): { hour: number; minute: number } | null {
  const h = Number(hour);
  const m = Number(minute);
  return h <= 23 && m <= 59 ? { hour: h, minute: m } : null;
}

/** The cron expression of a preset ("every day 09:00", "setiap Senin 09:00", …), or null when `text` is none. */
export function presetToCron(text: string): string | null {
  const input = text.trim().replace(/\s+/g, ' ');
  let match = DAILY.exec(input);
  if (match) {
    const c = clock(match[1] ?? '', match[2] ?? '');
    return c ? `${c.minute} ${c.hour} * * *` : null;
  }
  match = WORKDAYS.exec(input);
  if (match) {
    const c = clock(match[1] ?? '', match[2] ?? '');
    return c ? `${c.minute} ${c.hour} * * 1-5` : null;
  }
  match = WEEKLY.exec(input);
  if (match) {
    const day = WEEKDAYS[(match[1] ?? '').toLowerCase()];
    const c = clock(match[2] ?? '', match[3] ?? '');
    return day !== undefined && c ? `${c.minute} ${c.hour} * * ${day}` : null;
  }
  return null;
}

/** Checks a time zone and returns its canonical IANA name; ValidationError `bad_timezone` otherwise. */
export function resolveTimezone(zone: string): string {
  const canonical = canonicalTimezone(zone);
  if (!canonical) throw new ValidationError('bad_timezone', 'schedule.error.bad_timezone', { value: zone }, `unknown time zone "${zone}"`);
  return canonical;
}

/** Whether `text` has the shape of a date-time (absolute or "tomorrow 09:00"), as opposed to a preset or cron. */
export function looksLikeDateTime(text: string): boolean {
  const input = text.trim();
  return /^\d{4}-\d{2}-\d{2}/.test(input) || RELATIVE.test(input.replace(/\s+/g, ' '));
}

/**
 * Reads a one-off time: ISO with an offset ("2025-06-01T18:00:00+07:00", "…Z"), a wall-clock time read in
 * `timezone` ("2025-06-01 18:00", "2025-06-01T18:00"), or "today/hari ini/tomorrow/besok 18:00".
 * Throws ValidationError `bad_time` when it cannot, `time_past` when it is not after `now`.
 */
export function parseOnceTime(text: string, timezone: string, now: Date, locale: Locale = 'en'): Date {
  const input = text.trim().replace(/\s+/g, ' ');
  const bad = () => new ValidationError('bad_time', 'schedule.error.bad_time', { value: text, tz: timezone }, `cannot read the time "${text}"`);
  let at: Date | null = null;
  const local = LOCAL_DATE_TIME.exec(input);
  const relative = RELATIVE.exec(input);
  if (local) {
    const c = clock(local[4] ?? '', local[5] ?? '');
    const second = Number(local[6] ?? '0');
    if (!c || second > 59) throw bad();
    at = zonedTimeToDate({ year: Number(local[1]), month: Number(local[2]), day: Number(local[3]), ...c, second }, timezone);
  } else if (relative) {
    const c = clock(relative[2] ?? '', relative[3] ?? '');
    if (!c) throw bad();
    const tomorrow = /^(tomorrow|besok)$/i.test(relative[1] ?? '');
    at = zonedTimeToDate({ ...zonedDate(now, timezone, tomorrow ? 1 : 0), ...c, second: 0 }, timezone);
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(input) && HAS_OFFSET.test(input)) {
    const ms = Date.parse(input);
    at = Number.isNaN(ms) ? null : new Date(ms);
  }
  if (!at) throw bad();
  if (at.getTime() <= now.getTime()) {
    const time = formatRunTime(at, timezone, locale);
    throw new ValidationError('time_past', 'schedule.error.time_past', { time }, `the time ${at.toISOString()} is in the past`);
  }
  return at;
}

/**
 * Checks a cron expression (or maps a preset to one) with node-cron's `validateDetailed`.
 * Throws ValidationError `bad_cron` carrying node-cron's exact error text in `detail`.
 */
export function parseCron(text: string): string {
  const expression = presetToCron(text) ?? text.trim().replace(/\s+/g, ' ');
  const errors = cronErrors(expression);
  if (errors.length > 0) {
    const detail = errors.join('; ');
    throw new ValidationError('bad_cron', 'schedule.error.bad_cron', { value: text.trim(), detail }, `invalid cron "${text.trim()}": ${detail}`);
  }
  return expression;
}

/** The next `count` runs of a schedule (a once schedule has one). */
export function upcomingRuns(when: ScheduleWhen, timezone: string, count = 3): Date[] {
  return when.kind === 'once' ? [when.at] : nextCronRuns(when.cron, timezone, count);
}

/** What a surface's free-text "Schedule…" answer turned out to be. */
export type ParsedScheduleInput =
  | { ok: true; when: ScheduleWhen; timezone: string; nextRuns: Date[]; nextRunsText: string[] }
  | { ok: false; error: ValidationError; message: string };

/**
 * Reads a "Schedule…" answer typed in chat: a date-time (once), a preset, or a cron expression, with its
 * next 3 runs written in `timezone`; or the translated error to show. Never throws for bad input.
 * @example parseScheduleInput('setiap Senin 09:00', 'id', 'Asia/Jakarta') // cron "0 9 * * 1" + next runs
 */
export function parseScheduleInput(text: string, locale: Locale, timezone: string, now = new Date()): ParsedScheduleInput {
  try {
    const zone = resolveTimezone(timezone);
    // No time, preset or cron is this long; refusing early keeps a pasted novel away from node-cron's parser.
    if (text.length > MAX_SCHEDULE_INPUT) {
      throw new ValidationError('bad_input', 'schedule.error.bad_input', { value: `${text.slice(0, 40)}…` }, 'schedule input too long');
    }
    const input = text.trim();
    let when: ScheduleWhen;
    if (looksLikeDateTime(input)) when = { kind: 'once', at: parseOnceTime(input, zone, now, locale) };
    else if (presetToCron(input) !== null || /^[\d*@?]/.test(input)) when = { kind: 'cron', cron: parseCron(input) };
    else throw new ValidationError('bad_input', 'schedule.error.bad_input', { value: input }, `"${input}" is not a time, preset or cron`);
    const nextRuns = upcomingRuns(when, zone);
    return { ok: true, when, timezone: zone, nextRuns, nextRunsText: nextRuns.map((d) => formatRunTime(d, zone, locale)) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { ok: false, error, message: t(locale, error.messageKey, error.params) };
  }
}
