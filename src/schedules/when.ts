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
// "09:00", "9.30", or an hour alone ("jam 9", "at 9").
const HHMM = String.raw`(\d{1,2})(?:[:.](\d{2}))?`;
const DAILY = new RegExp(String.raw`^(?:every\s*day|daily|(?:setiap|tiap)\s+hari)\s+${AT}${HHMM}$`, 'i');
const WORKDAYS = new RegExp(String.raw`^(?:every\s+weekday|(?:setiap|tiap)\s+hari\s+kerja)\s+${AT}${HHMM}$`, 'i');
const WEEKLY = new RegExp(String.raw`^(?:every|setiap|tiap)\s+(?:hari\s+)?([a-z']+)\s+${AT}${HHMM}$`, 'i');
const RELATIVE = new RegExp(
  String.raw`^(today|hari\s+ini|tomorrow|besok|lusa|day\s+after\s+tomorrow|next\s+week|minggu\s+depan|pekan\s+depan)\s+${AT}${HHMM}$`,
  'i',
);
/** "Senin 09:00", "Senin depan jam 9", "next Monday 9:00", "monday at 18.30". */
const ON_WEEKDAY = new RegExp(String.raw`^(next\s+)?(?:hari\s+)?([a-z']+)(\s+depan)?\s+${AT}${HHMM}$`, 'i');
/** "in 2 hours", "dalam 30 menit", "2 jam lagi". */
const IN_DURATION = /^(?:in|dalam)\s+(\d{1,4})\s*(minutes?|mins?|hours?|days?|menit|jam|hari)$|^(\d{1,4})\s*(menit|jam|hari)\s+lagi$/i;
const DAYS_AHEAD: Record<string, number> = {
  today: 0, 'hari ini': 0, tomorrow: 1, besok: 1, lusa: 2, 'day after tomorrow': 2, 'next week': 7, 'minggu depan': 7, 'pekan depan': 7,
};
const UNIT_MS: Record<string, number> = { minute: 60_000, min: 60_000, menit: 60_000, hour: 3_600_000, jam: 3_600_000, day: 86_400_000, hari: 86_400_000 };
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2})[:.](\d{2})(?::(\d{2}))?$/;
/** Longest "when" text read (a long cron with lists is about 100 characters). */
const MAX_SCHEDULE_INPUT = 256;
const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

function clock(hour: string, minute: string | undefined): { hour: number; minute: number } | null {
  const h = Number(hour);
  const m = Number(minute ?? '0');
  return h <= 23 && m <= 59 ? { hour: h, minute: m } : null;
}

/** The cron expression of a preset ("every day 09:00", "setiap Senin 09:00", …), or null when `text` is none. */
export function presetToCron(text: string): string | null {
  const input = text.trim().replace(/\s+/g, ' ');
  let match = DAILY.exec(input);
  if (match) {
    const c = clock(match[1] ?? '', match[2]);
    return c ? `${c.minute} ${c.hour} * * *` : null;
  }
  match = WORKDAYS.exec(input);
  if (match) {
    const c = clock(match[1] ?? '', match[2]);
    return c ? `${c.minute} ${c.hour} * * 1-5` : null;
  }
  match = WEEKLY.exec(input);
  if (match) {
    const day = WEEKDAYS[(match[1] ?? '').toLowerCase()];
    const c = clock(match[2] ?? '', match[3]);
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

/** Whether `text` has the shape of a date-time (absolute, "tomorrow 09:00", "Senin depan jam 9", "in 2 hours"), not a preset or cron. */
export function looksLikeDateTime(text: string): boolean {
  const input = text.trim().replace(/\s+/g, ' ');
  if (/^\d{4}-\d{2}-\d{2}/.test(input) || RELATIVE.test(input) || IN_DURATION.test(input)) return true;
  const weekday = ON_WEEKDAY.exec(input);
  return weekday !== null && WEEKDAYS[(weekday[2] ?? '').toLowerCase()] !== undefined;
}

/** A relative time ("besok jam 9", "next Monday 09:00", "2 jam lagi") in `timezone`, or null when `input` is none. */
function relativeTime(input: string, timezone: string, now: Date): Date | null | 'bad' {
  const duration = IN_DURATION.exec(input);
  if (duration) {
    const amount = Number(duration[1] ?? duration[3]);
    const unit = (duration[2] ?? duration[4] ?? '').toLowerCase().replace(/s$/, '');
    const ms = UNIT_MS[unit];
    return ms === undefined ? 'bad' : new Date(now.getTime() + amount * ms);
  }
  let days: number | null = null;
  let c: { hour: number; minute: number } | null = null;
  const relative = RELATIVE.exec(input);
  const weekday = relative ? null : ON_WEEKDAY.exec(input);
  if (relative) {
    days = DAYS_AHEAD[(relative[1] ?? '').toLowerCase().replace(/\s+/g, ' ')] ?? null;
    c = clock(relative[2] ?? '', relative[3]);
  } else if (weekday) {
    const target = WEEKDAYS[(weekday[2] ?? '').toLowerCase()];
    if (target === undefined) return null;
    c = clock(weekday[4] ?? '', weekday[5]);
    const today = zonedDate(now, timezone);
    const todayWeekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
    days = (target - todayWeekday + 7) % 7;
    // "next Monday" / "Senin depan" never means today; a plain "Senin 09:00" means today when 09:00 is still ahead.
    if (days === 0 && (weekday[1] || weekday[3])) days = 7;
    const todayAt = c ? zonedTimeToDate({ ...today, ...c, second: 0 }, timezone) : null;
    if (days === 0 && todayAt && todayAt.getTime() <= now.getTime()) days = 7;
  } else return null;
  if (days === null || !c) return 'bad';
  return zonedTimeToDate({ ...zonedDate(now, timezone, days), ...c, second: 0 }, timezone) ?? 'bad';
}

/**
 * Reads a one-off time: ISO with an offset ("2025-06-01T18:00:00+07:00", "…Z"), a wall-clock time read in
 * `timezone` ("2025-06-01 18:00", "2025-06-01T18:00"), or relative words in either language: "today/hari ini",
 * "tomorrow/besok", "lusa", "next week/minggu depan", "Senin (depan)", "next Monday" with a time ("jam 9",
 * "18:00"), or "in 2 hours/dalam 2 jam/2 jam lagi".
 * Throws ValidationError `bad_time` when it cannot, `time_past` when it is not after `now`.
 */
export function parseOnceTime(text: string, timezone: string, now: Date, locale: Locale = 'en'): Date {
  const input = text.trim().replace(/\s+/g, ' ');
  const bad = () => new ValidationError('bad_time', 'schedule.error.bad_time', { value: text, tz: timezone }, `cannot read the time "${text}"`);
  let at: Date | null = null;
  const local = LOCAL_DATE_TIME.exec(input);
  if (local) {
    const c = clock(local[4] ?? '', local[5]);
    const second = Number(local[6] ?? '0');
    if (!c || second > 59) throw bad();
    at = zonedTimeToDate({ year: Number(local[1]), month: Number(local[2]), day: Number(local[3]), ...c, second }, timezone);
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(input) && HAS_OFFSET.test(input)) {
    const ms = Date.parse(input);
    at = Number.isNaN(ms) ? null : new Date(ms);
  } else {
    const relative = relativeTime(input, timezone, now);
    if (relative === 'bad') throw bad();
    at = relative;
  }
  if (!at) throw bad();
  if (at.getTime() <= now.getTime()) {
    const time = formatRunTime(at, timezone, locale);
    throw new ValidationError('time_past', 'schedule.error.time_past', { time }, `the time ${at.toISOString()} is in the past`);
  }
  return at;
}

/**
 * Checks a cron expression (or maps a preset to one) with node-cron's `validateDetailed`. Throws ValidationError
 * `bad_input` for words that are no preset (with examples), `bad_cron` for a broken expression, its problem
 * translated: the number of fields, or which field has which bad value.
 */
export function parseCron(text: string): string {
  const value = text.trim();
  const expression = presetToCron(value) ?? value.replace(/\s+/g, ' ');
  const errors = cronErrors(expression);
  if (errors.length === 0) return expression;
  // Words that are neither a preset nor cron ("minggu depan jam 9") get examples, not node-cron's field count.
  if (!/^[\d*@?]/.test(expression)) {
    throw new ValidationError('bad_input', 'schedule.error.bad_input', { value }, `"${value}" is not a time, preset or cron`);
  }
  const first = errors[0] ?? '';
  const message = `invalid cron "${value}": ${errors.join('; ')}`;
  const fields = /expected 5 or 6 fields but got (\d+)/.exec(first);
  if (fields) throw new ValidationError('bad_cron', 'schedule.error.cron_fields', { value, count: Number(fields[1]) }, message);
  const field = /^(.*) is a invalid expression for (.+)$/.exec(first);
  if (field) {
    const name = (field[2] ?? '').trim().replace(/\s+/g, '_');
    throw new ValidationError('bad_cron', 'schedule.error.cron_field', { value, part: field[1] ?? '', field: name }, message);
  }
  throw new ValidationError('bad_cron', 'schedule.error.bad_cron', { value }, message);
}

/**
 * A cron expression as the preset a person would have typed ("setiap hari 09:00", "every Monday 09:00"), or null
 * when it is no simple daily, workday or weekly time.
 */
export function cronToPreset(cron: string, locale: Locale): string | null {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* (\*|1-5|[0-7])$/.exec(cron.trim());
  if (!match) return null;
  const c = clock(match[2] ?? '', match[1]);
  if (!c) return null;
  const time = `${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`;
  const days = match[3] ?? '*';
  if (days === '*') return t(locale, 'schedule.preset.daily', { time });
  if (days === '1-5') return t(locale, 'schedule.preset.workdays', { time });
  return t(locale, 'schedule.preset.weekly', { time, day: t(locale, `schedule.weekday.${Number(days) % 7}`) });
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
    else when = { kind: 'cron', cron: parseCron(input) };
    const nextRuns = upcomingRuns(when, zone);
    return { ok: true, when, timezone: zone, nextRuns, nextRunsText: nextRuns.map((d) => formatRunTime(d, zone, locale)) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { ok: false, error, message: t(locale, error.messageKey, error.params) };
  }
}
