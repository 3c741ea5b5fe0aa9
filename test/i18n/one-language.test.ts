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
    const text = alertText('en', skipped, previous);
    expect(text).toBe(skipped.detail);
    expect(text).not.toContain('previous_running');
    expect(text).not.toContain('Schedule prev4567');
  });

  it('the terminal prints it without the alert kind and reason codes', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (d: Buffer) => (printed += d.toString()));
    await new TerminalNotifier(out, 'en').alert(skipped);
    expect(printed).toBe(`⚠ ${skipped.detail}\n`);
  });
});
