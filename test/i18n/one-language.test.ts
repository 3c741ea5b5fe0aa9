import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TerminalNotifier } from '../../src/bots/console/terminal-notifier.js';
import { alertText } from '../../src/bots/telegram/notifier.js';
import type { AdminAlert } from '../../src/campaigns/ports.js';
import type { Campaign } from '../../src/campaigns/types.js';

const skipped: AdminAlert = {
  kind: 'schedule_skipped',
  scheduleId: 'sched123',
  campaignId: 'prev4567',
  reason: 'previous_running',
  detail: "⏭ Jadwal 'Promo Senin' (sched123) dilewati pada Sen 2025-06-02 09:00 Asia/Jakarta: campaign sebelumnya prev4567 masih sedang dikirim.",
};

describe('schedule alerts in one language', () => {
  it('Telegram shows the scheduler’s text alone: no previous campaign id as the schedule, no raw code, no second sentence', () => {
    const previous = { id: 'prev4567', title: 'Promo', origin: { surface: 'telegram', userId: '1', locale: 'en' } } as unknown as Campaign;
    // As the scheduler raises it (src/schedules/fire.ts): the words come from the one alert renderer.
    const raised: AdminAlert = { ...skipped, detail: undefined, params: { name: 'Promo Senin', time: 'Mon 2025-06-02 09:00', campaignId: 'prev4567', status: 'processing' } };
    for (const [locale, words] of [['en', /^⏭ Schedule 'Promo Senin' \(sched123\) was skipped at Mon 2025-06-02 09:00/], ['id', /^⏭ Jadwal 'Promo Senin' \(sched123\) dilewati/]] as const) {
      const text = alertText(locale, raised, previous);
      expect(text).toMatch(words);
      expect(text).not.toContain('previous_running');
      expect(text).not.toContain('Schedule prev4567');
      expect(text.split('. ').length).toBe(1);
    }
  });

  it('the terminal prints it without the alert kind and reason codes', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (d: Buffer) => (printed += d.toString()));
    await new TerminalNotifier(out, 'en').alert(skipped);
    expect(printed).toBe(`⚠ ${skipped.detail}\n`);
  });
});
