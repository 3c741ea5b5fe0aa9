/**
 * Two scheduler processes against one Redis and one SQLite file: a schedule firing every 2 s for 20 s makes
 * exactly 10 campaigns, one per firing, and each completes through the dry-run sender.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createScheduleUseCases } from '../../src/schedules/use-cases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exited, spawnReady } from '../helpers/child.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { dropPrefix } from './fixtures/redis-cleanup.js';
import { sleep } from '../helpers/wait.js';

const CHILD = fileURLToPath(new URL('./fixtures/scheduler-child.ts', import.meta.url));

let children: ChildProcess[] = [];
let testApp: TestApp | null = null;
afterEach(async () => {
  for (const child of children) {
    child.kill('SIGTERM');
    await exited(child);
  }
  children = [];
  if (testApp) {
    await testApp.close();
    await dropPrefix(testApp.app.redis.url, testApp.app.prefix);
  }
  testApp = null;
});


/**
 * The next 20-second window of even seconds that starts at least `leadMs` from now and stays inside one
 * minute, as a UTC cron expression firing every 2 s in it: exactly 10 firings.
 */
function twentySecondWindow(leadMs: number): { cron: string; slots: Date[] } {
  let start = Math.ceil((Date.now() + leadMs) / 2000) * 2000;
  const second = new Date(start).getUTCSeconds();
  if (second + 18 > 59) start = Math.ceil(start / 60_000) * 60_000;
  const first = new Date(start);
  const s = first.getUTCSeconds();
  const cron = `${s}-${s + 18}/2 ${first.getUTCMinutes()} ${first.getUTCHours()} * * *`;
  return { cron, slots: Array.from({ length: 10 }, (_, i) => new Date(start + i * 2000)) };
}

describe('scheduler across processes', () => {
  it('two schedulers firing every 2 s for 20 s make exactly 10 campaigns, none duplicated, all completed', async () => {
    const t = await startTestApp();
    testApp = t;
    const recorder = new RecordingNotifier('telegram');
    t.app.notifiers.register(recorder);
    await seedCustomers(t.app, 3);
    const env = { ...t.env, TEST_PREFIX: t.app.prefix };
    children = await Promise.all([spawnReady(CHILD, env, 60_000), spawnReady(CHILD, env, 60_000)]);

    const { cron, slots } = twentySecondWindow(3000);
    const useCases = createScheduleUseCases(t.app);
    const { schedule } = await useCases.create(
      { name: 'Every two seconds', title: 'Tick', template: 'Halo {{name}}', audience: { kind: 'all' }, cron, timezone: 'UTC' },
      CLI_ACTOR,
    );
    await useCases.close();

    await sleep(Math.max(0, (slots.at(-1)?.getTime() ?? 0) + 3000 - Date.now()));
    const campaigns = await t.app.store.campaigns.list({ scheduleId: schedule.id, limit: 100 });
    const keys = campaigns.map((c) => c.idempotencyKey).sort();
    expect(keys).toEqual(slots.map((slot) => `schedule:${schedule.id}:${slot.toISOString()}`));
    expect(new Set(keys).size).toBe(10);

    for (const campaign of campaigns) await t.waitForCampaign(campaign.id, ['completed'], 30_000);
    const lines = t.outbox();
    expect(lines).toHaveLength(30);
    expect(new Set(lines.map((l) => `${l.campaignId}/${l.recipientId}`)).size).toBe(30);
    for (const campaign of campaigns) expect(lines.filter((l) => l.campaignId === campaign.id)).toHaveLength(3);

    // The completion summaries name the schedule.
    await expect.poll(() => recorder.summaries.length, { timeout: 10_000 }).toBe(10);
    expect(new Set(recorder.summaries.map((s) => s.summary.scheduleName))).toEqual(new Set(['Every two seconds']));
    const stored = await t.app.store.schedules.get(schedule.id);
    expect(stored).toMatchObject({ lastOutcome: 'created', lastRunAt: slots.at(-1) });
    expect(recorder.alerts).toEqual([]);
  }, 180_000);
});
