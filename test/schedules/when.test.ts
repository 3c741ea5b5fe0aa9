import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/campaigns/errors.js';
import { canonicalTimezone, formatRunTime, latestCronMatch, nextCronRuns, zonedTimeToDate } from '../../src/schedules/time.js';
import { looksLikeDateTime, parseCron, parseOnceTime, parseScheduleInput, presetToCron, resolveTimezone } from '../../src/schedules/when.js';
import { t } from '../../src/i18n/index.js';

const NOW = new Date('2025-06-02T01:00:00Z'); // Monday 08:00 in Jakarta (UTC+7)

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('presets', () => {
  it.each([
    ['every day 09:00', '0 9 * * *'],
    ['Every Day at 18.30', '30 18 * * *'],
    ['daily 7:05', '5 7 * * *'],
    ['setiap hari 09:00', '0 9 * * *'],
    ['tiap hari jam 21.15', '15 21 * * *'],
    ['every Monday 09:00', '0 9 * * 1'],
    ['every friday at 17:00', '0 17 * * 5'],
    ['setiap Senin 09:00', '0 9 * * 1'],
    ["setiap hari Jum'at pukul 13.00", '0 13 * * 5'],
    ['setiap Minggu 06:00', '0 6 * * 0'],
    ['every weekday 08:00', '0 8 * * 1-5'],
    ['setiap hari kerja 08:00', '0 8 * * 1-5'],
  ])('maps "%s" to "%s"', (text, cron) => {
    expect(presetToCron(text)).toBe(cron);
  });

  it.each(['every day 25:00', 'every Funday 09:00', 'setiap hari', '0 9 * * 1'])('does not take "%s" as a preset', (text) => {
    expect(presetToCron(text)).toBeNull();
  });
});

describe('cron validation', () => {
  it('names the bad field of node-cron\'s error, translated', () => {
    const error = thrown(() => parseCron('61 * * * *'));
    expect(error.code).toBe('bad_cron');
    expect(error.params).toMatchObject({ part: '61', field: 'minute' });
    expect(t('id', error.messageKey, error.params)).toBe(
      'Ekspresi cron "61 * * * *" tidak valid: "61" tidak bisa dipakai sebagai menit (0–59). Contoh: "0 9 * * 1" (setiap Senin 09:00).',
    );
    const weekday = thrown(() => parseCron('0 9 * * 8'));
    expect(t('en', weekday.messageKey, weekday.params)).toContain('"8" cannot be the weekday (0–7, 0 and 7 = Sunday)');
  });

  it('reports a wrong number of fields in the user\'s language', () => {
    const error = thrown(() => parseCron('* * *'));
    expect(error.params.count).toBe(3);
    expect(t('id', error.messageKey, error.params)).toMatch(/^Ekspresi cron "\* \* \*" punya 3 bagian, padahal cron perlu 5/);
    expect(t('id', error.messageKey, error.params)).not.toMatch(/expected|fields/);
  });

  it('answers words that are no preset with examples, not with a field count ("minggu depan jam 9" as cron)', () => {
    const error = thrown(() => parseCron('setiap minggu depan jam 9'));
    expect(error.code).toBe('bad_input');
    const text = t('id', error.messageKey, error.params);
    expect(text).toContain('bukan waktu, preset, atau ekspresi cron');
    expect(text).not.toMatch(/expected 5 or 6 fields/);
  });

  it('accepts five and six fields and presets', () => {
    expect(parseCron(' 0  9 * * 1 ')).toBe('0 9 * * 1');
    expect(parseCron('*/2 * * * * *')).toBe('*/2 * * * * *');
    expect(parseCron('setiap Senin 09:00')).toBe('0 9 * * 1');
  });
});

describe('time zones', () => {
  it('rejects unknown zones and canonicalizes known ones', () => {
    expect(thrown(() => resolveTimezone('Asia/Jakart')).code).toBe('bad_timezone');
    expect(thrown(() => resolveTimezone('+07:00')).code).toBe('bad_timezone');
    expect(resolveTimezone('utc')).toBe('UTC');
    expect(resolveTimezone('Asia/Jakarta')).toBe('Asia/Jakarta');
    expect(canonicalTimezone('')).toBeNull();
  });

  it('reads a wall-clock time in the zone, and finds no instant in a skipped DST hour', () => {
    expect(zonedTimeToDate({ year: 2025, month: 6, day: 2, hour: 9, minute: 0, second: 0 }, 'Asia/Jakarta')?.toISOString()).toBe(
      '2025-06-02T02:00:00.000Z',
    );
    expect(zonedTimeToDate({ year: 2025, month: 7, day: 1, hour: 12, minute: 0, second: 0 }, 'Europe/Berlin')?.toISOString()).toBe(
      '2025-07-01T10:00:00.000Z',
    );
    expect(zonedTimeToDate({ year: 2025, month: 3, day: 30, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin')).toBeNull();
  });
});

describe('one-off times', () => {
  it('reads "YYYY-MM-DD HH:mm" in the schedule zone and ISO with an offset as given', () => {
    expect(parseOnceTime('2025-06-02 18:00', 'Asia/Jakarta', NOW).toISOString()).toBe('2025-06-02T11:00:00.000Z');
    expect(parseOnceTime('2025-06-02T18:00', 'Asia/Makassar', NOW).toISOString()).toBe('2025-06-02T10:00:00.000Z');
    expect(parseOnceTime('2025-06-02T18:00:00+02:00', 'Asia/Jakarta', NOW).toISOString()).toBe('2025-06-02T16:00:00.000Z');
    expect(parseOnceTime('2025-06-02T12:00:00Z', 'Asia/Jakarta', NOW).toISOString()).toBe('2025-06-02T12:00:00.000Z');
  });

  it('reads "tomorrow" and "besok" in the zone', () => {
    expect(parseOnceTime('besok 09:00', 'Asia/Jakarta', NOW).toISOString()).toBe('2025-06-03T02:00:00.000Z');
    expect(parseOnceTime('today 20.00', 'Asia/Jakarta', NOW).toISOString()).toBe('2025-06-02T13:00:00.000Z');
  });

  it.each([
    ['minggu depan jam 9', '2025-06-09T02:00:00.000Z'],
    ['next week 09:00', '2025-06-09T02:00:00.000Z'],
    ['besok jam 9', '2025-06-03T02:00:00.000Z'],
    ['lusa pukul 18.30', '2025-06-04T11:30:00.000Z'],
    ['day after tomorrow at 7', '2025-06-04T00:00:00.000Z'],
    ['Rabu 10:00', '2025-06-04T03:00:00.000Z'],
    ['Senin 09:00', '2025-06-02T02:00:00.000Z'],
    ['Senin depan jam 9', '2025-06-09T02:00:00.000Z'],
    ['next Monday 9:00', '2025-06-09T02:00:00.000Z'],
    ['hari Jumat jam 13', '2025-06-06T06:00:00.000Z'],
    ['2 jam lagi', '2025-06-02T03:00:00.000Z'],
    ['dalam 30 menit', '2025-06-02T01:30:00.000Z'],
    ['in 3 days', '2025-06-05T01:00:00.000Z'],
  ])('reads the relative words "%s" (Monday 08:00 in Jakarta)', (text, iso) => {
    expect(looksLikeDateTime(text)).toBe(true);
    expect(parseOnceTime(text, 'Asia/Jakarta', NOW).toISOString()).toBe(iso);
  });

  it('takes a weekday already past today as next week', () => {
    expect(parseOnceTime('Senin 07:00', 'Asia/Jakarta', NOW).toISOString()).toBe('2025-06-09T00:00:00.000Z');
  });

  it('refuses a time in the past, naming it in the zone', () => {
    const error = thrown(() => parseOnceTime('2025-06-02 07:59', 'Asia/Jakarta', NOW));
    expect(error.code).toBe('time_past');
    expect(error.params.time).toBe('Mon 2025-06-02 07:59 Asia/Jakarta');
  });

  it.each(['2025-06-02', '2025-13-02 10:00', '2025-06-02 24:00', 'next week'])('refuses "%s" as a time', (text) => {
    expect(thrown(() => parseOnceTime(text, 'Asia/Jakarta', NOW)).code).toBe('bad_time');
  });
});

describe('next runs', () => {
  it("computes the next 3 runs in the schedule's zone", () => {
    const runs = nextCronRuns('0 9 * * 1', 'Asia/Jakarta', 3);
    expect(runs).toHaveLength(3);
    for (const run of runs) {
      expect(run.getTime()).toBeGreaterThan(Date.now());
      expect(formatRunTime(run, 'Asia/Jakarta', 'en')).toMatch(/^Mon \d{4}-\d{2}-\d{2} 09:00 Asia\/Jakarta$/);
      expect(formatRunTime(run, 'Asia/Jakarta', 'id')).toMatch(/^Sen /);
    }
    expect((runs[1]?.getTime() ?? 0) - (runs[0]?.getTime() ?? 0)).toBe(7 * 86_400_000);
  });

  it('finds the latest firing in a window, by minute and by second', () => {
    const to = new Date('2025-06-02T02:07:30Z');
    expect(latestCronMatch('0 9 * * *', 'Asia/Jakarta', new Date('2025-06-02T01:00:00Z'), to)?.toISOString()).toBe('2025-06-02T02:00:00.000Z');
    expect(latestCronMatch('0 9 * * *', 'Asia/Jakarta', new Date('2025-06-02T02:00:01Z'), to)).toBeNull();
    expect(latestCronMatch('*/2 * * * * *', 'UTC', new Date('2025-06-02T02:07:00Z'), to)?.toISOString()).toBe('2025-06-02T02:07:30.000Z');
    expect(latestCronMatch('15 * * * * *', 'UTC', new Date('2025-06-02T02:00:00Z'), to)?.toISOString()).toBe('2025-06-02T02:07:15.000Z');
  });
});

describe('parseScheduleInput (the chat surfaces\' "Schedule…" answer)', () => {
  it('returns the kind and the next runs written for the user', () => {
    const preset = parseScheduleInput('setiap Senin 09:00', 'id', 'Asia/Jakarta');
    expect(preset.ok && preset.when).toEqual({ kind: 'cron', cron: '0 9 * * 1' });
    expect(preset.ok && preset.nextRunsText[0]).toMatch(/^Sen .* 09:00 Asia\/Jakarta$/);

    const once = parseScheduleInput('2025-06-02 18:00', 'en', 'Asia/Jakarta', NOW);
    expect(once.ok && once.when).toEqual({ kind: 'once', at: new Date('2025-06-02T11:00:00Z') });
    expect(once.ok && once.nextRunsText).toEqual(['Mon 2025-06-02 18:00 Asia/Jakarta']);

    const cron = parseScheduleInput('30 7 * * 1-5', 'en', 'UTC');
    expect(cron.ok && cron.nextRuns).toHaveLength(3);
  });

  it('returns translated errors instead of throwing', () => {
    const badCron = parseScheduleInput('61 * * * *', 'id', 'Asia/Jakarta');
    expect(!badCron.ok && badCron.message).toContain('"61" tidak bisa dipakai sebagai menit');
    expect(!badCron.ok && badCron.message).not.toContain('invalid expression');

    const nextWeek = parseScheduleInput('minggu depan jam 9', 'id', 'Asia/Jakarta', NOW);
    expect(nextWeek.ok && nextWeek.nextRunsText).toEqual(['Sen 2025-06-09 09:00 Asia/Jakarta']);

    const past = parseScheduleInput('2025-06-01 10:00', 'en', 'Asia/Jakarta', NOW);
    expect(!past.ok && past.message).toBe('The time Sun 2025-06-01 10:00 Asia/Jakarta is in the past. Choose a time in the future.');

    const zone = parseScheduleInput('every day 09:00', 'en', 'Mars/Olympus');
    expect(!zone.ok && zone.error.code).toBe('bad_timezone');

    const words = parseScheduleInput('whenever you like', 'en', 'UTC');
    expect(!words.ok && words.error.code).toBe('bad_input');
  });
});
