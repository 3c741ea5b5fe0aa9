/**
 * Time arithmetic for schedules: time zones, cron validation and next runs (with node-cron's own matcher,
 * so what we show is what fires), wall-clock times read in a zone, and run times written for people.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Locale } from '../campaigns/types.js';

/** The canonical IANA name of `zone` (e.g. `utc` → `UTC`), or null when the runtime does not know it. */
export function canonicalTimezone(zone: string): string | null {
  const trimmed = zone.trim();
  // Intl also accepts offsets such as "+07:00" on newer runtimes; a schedule needs a named zone (DST rules).
  if (trimmed === '' || /^[+-]/.test(trimmed)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** node-cron's own validation errors for `expression` ("61 is a invalid expression for minute"); empty when valid. */
export function cronErrors(expression: string): string[] {
  const result = cron.validateDetailed(expression);
  return result.valid ? [] : result.errors.map((e) => e.message);
}


/** Runs `fn` with a throw-away node-cron task (never started) for its time matcher. */
function withMatcher<T>(expression: string, timezone: string, fn: (task: ScheduledTask) => T): T {
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    return fn(task);
  } finally {
    void task.destroy();
  }
}

/** The next `count` firing times of a cron expression in `timezone`, after now. */
export function nextCronRuns(expression: string, timezone: string, count: number): Date[] {
  return withMatcher(expression, timezone, (task) => task.getNextRuns(count));
}

/**
 * The latest firing time of `expression` in [from, to] (second precision), or null.
 * Scans backwards from `to`, by minute when the expression fires at one second of the minute, by second otherwise;
 * the window is capped at `maxSteps` steps, which bounds the work for a huge tolerance.
 */
export function latestCronMatch(expression: string, timezone: string, from: Date, to: Date, maxSteps = 200_000): Date | null {
  const seconds = cron.validateDetailed(expression).fields?.second ?? [0];
  // With one firing second per minute (every five-field expression) a step of a minute finds every match.
  const stepMs = seconds.length > 1 ? 1000 : 60_000;
  const second = seconds[0] ?? 0;
  return withMatcher(expression, timezone, (task) => {
    let t = Math.floor(to.getTime() / 1000) * 1000;
    if (stepMs === 60_000) {
      // Start at the latest minute's firing second that is not after `to`.
      const aligned = Math.floor(t / 60_000) * 60_000 + second * 1000;
      t = aligned > t ? aligned - 60_000 : aligned;
    }
    for (let steps = 0; t >= from.getTime() && steps < maxSteps; steps++, t -= stepMs) {
      if (task.match(new Date(t))) return new Date(t);
    }
    return null;
  });
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function zoneParts(date: Date, timezone: string): WallTime & { weekday: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: get('weekday'),
  };
}

/** The offset of `timezone` from UTC at `date`, in milliseconds. */
function offsetMs(date: Date, timezone: string): number {
  const p = zoneParts(date, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * The instant a wall-clock time has in `timezone`, or null when it does not exist there
 * (the hour skipped by a daylight-saving change, or a date like 02-30).
 */
export function zonedTimeToDate(wall: WallTime, timezone: string): Date | null {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const first = guess - offsetMs(new Date(guess), timezone);
  const second = guess - offsetMs(new Date(first), timezone);
  for (const candidate of [first, second]) {
    const back = zoneParts(new Date(candidate), timezone);
    if (
      back.year === wall.year &&
      back.month === wall.month &&
      back.day === wall.day &&
      back.hour === wall.hour &&
      back.minute === wall.minute &&
      back.second === wall.second
    ) {
      return new Date(candidate);
    }
  }
  return null;
}

/** Today's date (year, month, day) in `timezone`, shifted by `addDays`. */
export function zonedDate(now: Date, timezone: string, addDays = 0): { year: number; month: number; day: number } {
  const p = zoneParts(now, timezone);
  const shifted = new Date(Date.UTC(p.year, p.month - 1, p.day + addDays));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

const WEEKDAYS_ID: Record<string, string> = { Sun: 'Min', Mon: 'Sen', Tue: 'Sel', Wed: 'Rab', Thu: 'Kam', Fri: 'Jum', Sat: 'Sab' };

/**
 * Writes a run time for people, in the schedule's zone: "Mon 2025-06-02 09:00 Asia/Jakarta"
 * (Indonesian weekday names for `id`; seconds only when they are not zero).
 */
export function formatRunTime(date: Date, timezone: string, locale: Locale): string {
  const p = zoneParts(date, timezone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const weekday = locale === 'id' ? (WEEKDAYS_ID[p.weekday] ?? p.weekday) : p.weekday;
  const seconds = p.second !== 0 ? `:${pad(p.second)}` : '';
  return `${weekday} ${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}${seconds} ${timezone}`;
}
