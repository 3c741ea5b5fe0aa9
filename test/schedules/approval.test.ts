/** Two-person approval and schedules (issue 15): approved once, unchanged firings need none, an edit asks again. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/campaigns/types.js';
import { fireSchedule } from '../../src/schedules/fire.js';
import { createScheduleUseCases } from '../../src/schedules/use-cases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedCustomers } from '../helpers/seed.js';
import { dropPrefix } from './fixtures/redis-cleanup.js';

const AUTHOR: Actor = { surface: 'slack', userId: 'U1', locale: 'en' };
const OTHER: Actor = { surface: 'telegram', userId: '1002', userName: 'Budi', locale: 'en' };

let t: TestApp | undefined;
afterEach(async () => {
  if (!t) return;
  await t.close();
  await dropPrefix(t.app.redis.url, t.app.prefix);
  t = undefined;
});

describe('an approved schedule (issue 15)', () => {
  it('is approved once and then fires twice without asking; editing it asks again', async () => {
    t = await startTestApp({ APPROVAL_MIN_RECIPIENTS: '2' });
    await seedCustomers(t.app, 2);
    const useCases = createScheduleUseCases(t.app);
    try {
      const { schedule } = await useCases.create({ title: 'Weekly', template: 'Halo {{name}}', audience: { kind: 'all' }, cron: '0 9 * * 1' }, AUTHOR);
      const first = await fireSchedule(t.app, schedule.id, new Date('2030-01-07T02:00:00Z'));
      const firstId = 'campaignId' in first ? first.campaignId : '';
      expect((await t.app.campaigns.get(firstId)).status).toBe('awaiting_approval');
      // Whoever saved the schedule is its firings' author: their approval is refused.
      await expect(t.app.campaigns.approve(firstId, AUTHOR)).rejects.toThrow(/self_approval/);
      await t.app.campaigns.approve(firstId, OTHER);
      await t.waitForCampaign(firstId, ['completed']);

      for (const slot of ['2030-01-14T02:00:00Z', '2030-01-21T02:00:00Z']) {
        const fired = await fireSchedule(t.app, schedule.id, new Date(slot));
        expect(fired.outcome).toBe('created');
        const id = 'campaignId' in fired ? fired.campaignId : '';
        await t.waitForCampaign(id, ['completed']);
        expect(await t.app.campaigns.approval(id)).toBeNull();
      }
      expect(t.outbox()).toHaveLength(6);

      await t.app.store.schedules.update(schedule.id, { draft: { ...schedule.draft, template: 'Halo {{name}}, promo baru' } });
      const edited = await fireSchedule(t.app, schedule.id, new Date('2030-01-28T02:00:00Z'));
      expect((await t.app.campaigns.get('campaignId' in edited ? edited.campaignId : '')).status).toBe('awaiting_approval');
    } finally {
      await useCases.close();
    }
  });
});
