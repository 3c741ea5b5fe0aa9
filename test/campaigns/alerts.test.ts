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

const capAlert: AdminAlert = { kind: 'campaign_paused', campaignId: 'c42', reason: 'daily_cap', detail: '200' };

describe('one alert renderer for every surface (issue 11, defect 7 and build 4)', () => {
  it("uses each surface's own command syntax and shows no stray detail line", () => {
    const paused = campaign('paused');
    const slack = renderAlert(capAlert, paused, 'id', 'slack');
    expect(slack).toContain('`/broadcast resume c42`');
    expect(slack).not.toMatch(/(^|\s)\/resume c42/);
    expect(slack).not.toContain('200');
    expect(renderAlert(capAlert, paused, 'en', 'telegram')).toBe(
      "⏸ Campaign 'Flash Sale' paused itself: the daily cap was reached. Continue with /resume c42.",
    );
    expect(renderAlert(capAlert, paused, 'en', 'cli')).toContain('broadcast-bot campaigns resume c42');
  });

  it('alert buttons follow the campaign status: Resume and Cancel while paused, none once it ended', () => {
    expect(alertActions(capAlert, campaign('paused'))).toEqual(['resume', 'cancel']);
    expect(alertActions(capAlert, campaign('processing'))).toEqual(['cancel']);
    expect(alertActions(capAlert, campaign('completed'))).toEqual([]);
    // Once it ended, the alert no longer tells how to resume.
    expect(renderAlert(capAlert, campaign('completed'), 'en', 'slack')).not.toContain('resume');
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
