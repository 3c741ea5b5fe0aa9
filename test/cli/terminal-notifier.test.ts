import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TerminalNotifier } from '../../src/bots/console/terminal-notifier.js';
import { buildProgressView } from '../../src/campaigns/progress-view.js';
import type { Campaign } from '../../src/campaigns/types.js';

const campaign: Campaign = {
  id: 'k7m2q9xa',
  account: 'default',
  title: 'Promo Ramadan',
  template: 'x',
  media: null,
  audience: { kind: 'all' },
  status: 'completed',
  counts: { total: 100, sent: 95, failed: 5, skipped: 0, unknown: 0, delivered: 0, read: 0 },
  origin: { surface: 'cli', userId: 'u' },
  progressMessages: [],
  statusReason: null,
  retryOf: null,
  scheduleId: null,
  idempotencyKey: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  startedAt: new Date('2026-01-01T00:00:00Z'),
  sentAt: new Date('2026-01-01T00:01:40Z'),
  updatedAt: new Date('2026-01-01T00:01:40Z'),
};

function capture() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return { out, text: () => text };
}

describe('terminal notifier', () => {
  it('prints the completion summary in the words of the original, in Indonesian and English', async () => {
    const id = capture();
    await new TerminalNotifier(id.out, 'id').postSummary({ campaign, retryOfTitle: null, scheduleName: null, durationMs: 100_000, failures: [] });
    expect(id.text()).toContain("📢 Broadcast WhatsApp Selesai — Campaign 'Promo Ramadan' selesai dikirim. Berhasil: 95, Gagal: 5");
    const en = capture();
    await new TerminalNotifier(en.out, 'en').postSummary({ campaign, retryOfTitle: 'Old', scheduleName: 'Weekly', durationMs: 100_000, failures: [] });
    expect(en.text()).toContain("Campaign 'Promo Ramadan' has been sent. Sent: 95, Failed: 5");
    expect(en.text()).toContain("This is a retry of campaign 'Old'.");
    expect(en.text()).toContain("From schedule 'Weekly'.");
    expect(en.text()).toContain('Success rate: 95%');
  });

  it('prints progress as the original page showed it, and alerts with their reason', async () => {
    const c = capture();
    const notifier = new TerminalNotifier(c.out, 'en');
    const running = { ...campaign, status: 'processing' as const, counts: { ...campaign.counts, sent: 23, failed: 2, total: 50 } };
    await notifier.updateProgress(running, buildProgressView(running, 120));
    expect(c.text()).toContain('⏳ Sending messages... Progress: 50% (23 + 2 / 50) · 120 msgs/min · ~13s left');
    await notifier.alert({ kind: 'campaign_paused', campaignId: campaign.id, reason: 'daily_cap' });
    expect(c.text()).toContain('[k7m2q9xa] ⚠ campaign_paused: the daily cap was reached');
  });
});
