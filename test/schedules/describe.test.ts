import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../src/campaigns/types.js';
import { describeSchedule, scheduleLine } from '../../src/schedules/describe.js';

const base: Schedule = {
  id: 'k7m2q9xa',
  name: 'Promo Senin',
  draft: { title: 'Promo', template: 'Halo', media: null, audience: { kind: 'all' } },
  kind: 'cron',
  at: null,
  cron: '0 9 * * 1',
  timezone: 'Asia/Jakarta',
  enabled: true,
  createdBy: { surface: 'telegram', userId: '1' },
  lastRunAt: new Date('2025-06-02T02:00:00Z'),
  lastCampaignId: 'abcdefgh',
  lastOutcome: 'created',
  nextRunAt: new Date('2025-06-09T02:00:00Z'),
  createdAt: new Date('2025-05-01T00:00:00Z'),
  updatedAt: new Date('2025-06-02T02:00:01Z'),
};

describe('schedules written for people', () => {
  it('gives one list line in the user language', () => {
    expect(scheduleLine(base, 'en')).toBe(
      'k7m2q9xa · active · Promo Senin · every Monday 09:00 (Asia/Jakarta) · next: Mon 2025-06-09 09:00 Asia/Jakarta · last: Mon 2025-06-02 09:00 Asia/Jakarta (campaign abcdefgh created)',
    );
    expect(scheduleLine({ ...base, enabled: false, nextRunAt: null, lastOutcome: 'skipped' }, 'id')).toBe(
      'k7m2q9xa · dijeda · Promo Senin · setiap Senin 09:00 (Asia/Jakarta) · terakhir: Sen 2025-06-02 09:00 Asia/Jakarta (dilewati, campaign sebelumnya masih berjalan)',
    );
  });

  it('calls a one-off that has run "done" and shows why a firing failed', () => {
    const once = { ...base, kind: 'once' as const, cron: null, at: base.lastRunAt, enabled: false, nextRunAt: null, lastOutcome: 'failed:no_recipients' };
    const d = describeSchedule(once, 'en');
    expect(d).toMatchObject({ state: 'done', stateText: 'done', when: 'once, Mon 2025-06-02 09:00 Asia/Jakarta', next: null });
    expect(d.last).toBe(
      'last: Mon 2025-06-02 09:00 Asia/Jakarta (failed: No recipients: every number is empty, invalid or opted out.)',
    );
    expect(describeSchedule(once, 'id').last).toContain('(gagal: Tidak ada penerima:');
  });

  it('lists a daily, workday or weekly time as the preset, anything else as cron', () => {
    expect(describeSchedule({ ...base, cron: '0 9 * * *' }, 'id').when).toBe('setiap hari 09:00 (Asia/Jakarta)');
    expect(describeSchedule({ ...base, cron: '30 8 * * 1-5' }, 'en').when).toBe('every weekday 08:30 (Asia/Jakarta)');
    expect(describeSchedule({ ...base, cron: '0 6 * * 0' }, 'id').when).toBe('setiap Minggu 06:00 (Asia/Jakarta)');
    expect(describeSchedule({ ...base, cron: '0 9 1 * *' }, 'en').when).toBe('cron "0 9 1 * *" (Asia/Jakarta)');
  });
});
