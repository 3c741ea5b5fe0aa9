import { describe, expect, it } from 'vitest';
import { alertActions, renderAlert } from '../../src/campaigns/alerts.js';
import type { AdminAlert } from '../../src/campaigns/ports.js';
import type { Campaign, CampaignStatus } from '../../src/campaigns/types.js';

function campaign(status: CampaignStatus): Campaign {
  const now = new Date();
  return {
    id: 'c42',
    account: 'default',
    title: 'Flash Sale',
    template: 'Halo',
    media: null,
    audience: { kind: 'all' },
    status,
    counts: { total: 10, sent: 5, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
    origin: { surface: 'cli', userId: 'tester' },
    progressMessages: [],
    statusReason: 'daily_cap',
    retryOf: null,
    scheduleId: null,
    idempotencyKey: null,
    createdAt: now,
    startedAt: now,
    sentAt: null,
    updatedAt: now,
  };
}

const capAlert: AdminAlert = {
  kind: 'campaign_paused',
  campaignId: 'c42',
  reason: 'daily_cap',
  detail: '200',
  params: { time: '00:00', zone: 'Asia/Jakarta' },
};
const failuresAlert: AdminAlert = { kind: 'campaign_paused', campaignId: 'c42', reason: 'consecutive_failures', detail: '5' };

describe('one alert renderer for every surface (issue 11, defect 7 and build 4)', () => {
  it("uses each surface's own command syntax and shows no stray detail line", () => {
    const paused = { ...campaign('paused'), statusReason: 'consecutive_failures' };
    const slack = renderAlert(failuresAlert, paused, 'id', 'slack');
    expect(slack).toContain('`/broadcast resume c42`');
    expect(slack).not.toMatch(/(^|\s)\/resume c42/);
    expect(slack).not.toContain(' 5');
    expect(renderAlert(failuresAlert, paused, 'en', 'telegram')).toMatch(/^⏸ Campaign 'Flash Sale' paused itself: .+\. Continue with \/resume c42\.$/);
    expect(renderAlert(failuresAlert, paused, 'en', 'cli')).toContain('broadcast-bot campaigns resume c42');
  });

  it('a pause at the daily cap says when sending continues by itself, offers no resume and shows no stray "200"', () => {
    const paused = campaign('paused');
    expect(renderAlert(capAlert, paused, 'en', 'telegram')).toBe(
      "⏸ Campaign 'Flash Sale' paused itself: the daily cap was reached. Sending continues automatically at 00:00 (Asia/Jakarta) when the daily cap resets.",
    );
    expect(renderAlert(capAlert, paused, 'id', 'slack')).toBe(
      "⏸ Campaign 'Flash Sale' dijeda otomatis: batas harian tercapai. Pengiriman berlanjut otomatis pukul 00:00 (Asia/Jakarta) saat batas harian direset.",
    );
    for (const surface of ['telegram', 'slack', 'cli'] as const) {
      const text = renderAlert(capAlert, paused, 'en', surface);
      expect(text).not.toMatch(/resume|200/i);
    }
    // Someone pressed Resume at the cap: it still waits for the reset, and still offers no Resume.
    const waiting = { ...paused, statusReason: 'daily_cap_wait' };
    expect(alertActions(capAlert, waiting)).toEqual(['cancel']);
    // An alert without the reset time (stored by an older version) still says it continues by itself.
    const { params: _params, ...older } = capAlert;
    expect(renderAlert(older, paused, 'id', 'telegram')).toContain('Pengiriman berlanjut otomatis saat batas harian direset.');
  });

  it('alert buttons follow the campaign status: Resume only where it makes sense, Cancel while it runs, none once it ended', () => {
    expect(alertActions(capAlert, campaign('paused'))).toEqual(['cancel']);
    expect(alertActions(failuresAlert, { ...campaign('paused'), statusReason: 'consecutive_failures' })).toEqual(['resume', 'cancel']);
    expect(alertActions(capAlert, campaign('processing'))).toEqual(['cancel']);
    expect(alertActions(capAlert, campaign('completed'))).toEqual([]);
    // Once it ended (or continued), the alert no longer tells how or when it continues.
    expect(renderAlert(failuresAlert, campaign('completed'), 'en', 'slack')).not.toContain('resume');
    expect(renderAlert(capAlert, campaign('processing'), 'en', 'slack')).not.toContain('continues');
  });

  it('a skipped schedule is named by the schedule id, with no raw code, in one language', () => {
    const alert: AdminAlert = {
      kind: 'schedule_skipped',
      scheduleId: 's77',
      campaignId: 'c42',
      reason: 'previous_running',
      params: { name: 'Nightly', time: '01/12 09:00', campaignId: 'c42', status: 'paused' },
    };
    const id = renderAlert(alert, campaign('paused'), 'id', 'telegram');
    expect(id).toBe("⏭ Jadwal 'Nightly' (s77) dilewati pada 01/12 09:00: campaign sebelumnya c42 masih dijeda.");
    expect(id).not.toContain('previous_running');
    expect(renderAlert(alert, null, 'en', 'slack')).toContain("Schedule 'Nightly' (s77) was skipped");
  });
});
