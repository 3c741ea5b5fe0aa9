import { describe, expect, it } from 'vitest';
import { seedCustomers } from '../../helpers/seed.js';
import { ADMIN_CHANNEL, progressCounts, sendViaModal, startSlackHarness, updatesOf } from './harness.js';
import { waitUntil } from '../../helpers/wait.js';

describe('Slack progress edits within the workspace budget', () => {
  it('keeps three running campaigns under the chat.update budget and still delivers every final edit', async () => {
    const budget = { perMinute: 30, burst: 2 };
    const h = await startSlackHarness({ DRY_RUN_LATENCY_MS: '60', BOT_LOCALE: 'en' }, { notifier: { budget } });
    await seedCustomers(h.test.app, 40, 'vip');
    const sent = await Promise.all(
      ['One', 'Two', 'Three'].map((title) => sendViaModal(h, { title, kind: 'all', message: `Halo {{name}} (${title})` })),
    );
    for (const s of sent) await h.test.waitForCampaign(s.campaignId, ['completed']);
    await waitUntil(() => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === ADMIN_CHANNEL).length === 3);

    // Every campaign's last edit shows its final counts.
    for (const s of sent) {
      const updates = updatesOf(h, s.channel, s.ts);
      const last = updates.at(-1);
      expect(String(last?.args.text)).toContain('Status: completed');
      expect(progressCounts(String(last?.args.text))).toEqual({ sent: 40, failed: 0, total: 40 });
    }

    // Token bucket: in any stretch of time, at most burst + rate × length calls (+1 for clock skew).
    const times = h.fake.callsOf('chat.update').map((c) => c.at);
    for (let i = 0; i < times.length; i++) {
      for (let j = i; j < times.length; j++) {
        const allowed = budget.burst + (budget.perMinute * ((times[j] as number) - (times[i] as number))) / 60_000 + 1;
        expect(j - i + 1, `chat.update calls ${i}..${j}`).toBeLessThanOrEqual(allowed);
      }
    }
    // The budget was what held the edits back: some ticks were folded into later edits.
    expect(h.notifier.stats().coalesced).toBeGreaterThan(0);
    expect(h.notifier.stats().dropped).toBe(0);
  });

  it('honours Retry-After on a 429 from chat.update, and loses nothing', async () => {
    const h = await startSlackHarness({ DRY_RUN_LATENCY_MS: '40', BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 50, 'vip');
    h.fake.failNext('chat.update', { status: 429, retryAfter: 1 });
    const sent = await sendViaModal(h, { title: 'Limited', kind: 'all', message: 'Halo' });
    await h.test.waitForCampaign(sent.campaignId, ['completed']);
    await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === ADMIN_CHANNEL);

    const calls = h.fake.callsOf('chat.update');
    const limited = calls[0]!;
    const next = calls[1]!;
    expect(limited.result).toBeUndefined(); // answered 429
    expect(next.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(h.notifier.stats().rateLimited).toBe(1);
    const last = updatesOf(h, sent.channel, sent.ts).at(-1);
    expect(progressCounts(String(last?.args.text))).toEqual({ sent: 50, failed: 0, total: 50 });
    expect(String(last?.args.text)).toContain('Status: completed');
  });
});
