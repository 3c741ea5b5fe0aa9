/**
 * Two-person approval and schedules (issue 15): a schedule is approved once, when it is saved; its unchanged
 * firings then need no approval; an edit asks again; a stale approval (of the content before an edit) is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/campaigns/types.js';
import { contentVersion, readScheduleApproval, shortVersion } from '../../src/schedules/approval.js';
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

const idOf = (fired: Awaited<ReturnType<typeof fireSchedule>>) => ('campaignId' in fired ? fired.campaignId : '');

async function actions(app: TestApp['app'], target: string): Promise<string[]> {
  return (await app.store.audit.list({ limit: 100 })).filter((e) => e.target === target).map((e) => `${e.action}:${e.outcome}`);
}

describe('a schedule is approved when saved (issue 15)', () => {
  it('asks at save, skips firings until approved, then fires twice without asking; an edit asks again', async () => {
    t = await startTestApp({ APPROVAL_MIN_RECIPIENTS: '2' });
    await seedCustomers(t.app, 2);
    const useCases = createScheduleUseCases(t.app);
    try {
      const saved = await useCases.create({ title: 'Weekly', template: 'Halo {{name}}', audience: { kind: 'all' }, cron: '0 9 * * 1' }, AUTHOR);
      expect(saved.awaitingApproval).toBe(true);
      const id = saved.schedule.id;
      expect((await readScheduleApproval(t.app, id))?.state).toBe('pending');

      // Not approved yet: the firing is skipped, no campaign is created.
      expect(await fireSchedule(t.app, id, new Date('2030-01-07T02:00:00Z'))).toEqual({ outcome: 'awaiting_approval' });
      expect(await t.app.store.campaigns.list({ scheduleId: id, limit: 10 })).toHaveLength(0);
      expect((await useCases.get(id)).lastOutcome).toBe('awaiting_approval');

      // Whoever saved it cannot approve it.
      await expect(useCases.approve(id, AUTHOR)).rejects.toThrow(/self_approval/);
      await useCases.approve(id, OTHER);
      expect((await readScheduleApproval(t.app, id))?.state).toBe('approved');

      for (const slot of ['2030-01-14T02:00:00Z', '2030-01-21T02:00:00Z']) {
        const fired = await fireSchedule(t.app, id, new Date(slot));
        expect(fired.outcome).toBe('created');
        await t.waitForCampaign(idOf(fired), ['completed']);
        expect(await t.app.campaigns.approval(idOf(fired))).toBeNull();
      }
      expect(t.outbox()).toHaveLength(4);

      // An edit asks again, and its firings are skipped until approved.
      const oldVersion = shortVersion(contentVersion(saved.schedule.draft));
      const edited = await useCases.update(id, { template: 'Halo {{name}}, promo baru' }, AUTHOR);
      expect(edited.awaitingApproval).toBe(true);
      expect((await fireSchedule(t.app, id, new Date('2030-01-28T02:00:00Z'))).outcome).toBe('awaiting_approval');

      // The Approve of the request made before the edit is stale: it never approves the new content.
      await expect(useCases.approve(id, OTHER, { version: oldVersion })).rejects.toThrow(/stale_approval/);
      expect((await readScheduleApproval(t.app, id))?.state).toBe('pending');
      // The current one does.
      await useCases.approve(id, OTHER, { version: shortVersion(contentVersion(edited.schedule.draft)) });
      const fired = await fireSchedule(t.app, id, new Date('2030-02-04T02:00:00Z'));
      expect(fired.outcome).toBe('created');
      await t.waitForCampaign(idOf(fired), ['completed']);
      expect(t.outbox()).toHaveLength(6);

      expect(await actions(t.app, id)).toEqual(
        expect.arrayContaining([
          'schedule.approval.request:ok',
          'schedule.fire:refused',
          'schedule.approve:refused',
          'schedule.approve:ok',
        ]),
      );
    } finally {
      await useCases.close();
    }
  });

  it('a rejection pauses the schedule; a schedule below the rules is not asked', async () => {
    t = await startTestApp({ APPROVAL_MIN_RECIPIENTS: '3' });
    await seedCustomers(t.app, 3);
    const useCases = createScheduleUseCases(t.app);
    try {
      const big = await useCases.create({ title: 'Big', template: 'Halo {{name}}', audience: { kind: 'all' }, cron: '0 9 * * 1' }, AUTHOR);
      await useCases.reject(big.schedule.id, OTHER, 'wrong day');
      const after = await useCases.get(big.schedule.id);
      expect(after.enabled).toBe(false);
      expect(await readScheduleApproval(t.app, after.id)).toMatchObject({ state: 'rejected', reason: 'wrong day' });
      expect(await actions(t.app, after.id)).toContain('schedule.reject:ok');
      // Approving a rejected request is refused.
      await expect(useCases.approve(after.id, OTHER)).rejects.toThrow(/approval_decided/);

      const small = await useCases.create({ title: 'Small', template: 'Halo {{name}}', audience: { kind: 'tags', tags: ['none'] }, cron: '0 9 * * 1' }, AUTHOR);
      expect(small.awaitingApproval).toBe(false);
      expect(await readScheduleApproval(t.app, small.schedule.id)).toBeNull();
    } finally {
      await useCases.close();
    }
  });
});
