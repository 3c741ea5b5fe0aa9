/** The scheduler's rules: one-offs survive restarts and fire once, overlaps are skipped, downtime follows the tolerance. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Service } from '../../src/app-types.js';
import type { Actor } from '../../src/campaigns/types.js';
import { fireSchedule } from '../../src/schedules/fire.js';
import { startScheduler } from '../../src/schedules/runner.js';
import { createScheduleUseCases, type ScheduleInput } from '../../src/schedules/use-cases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { seedCustomers } from '../helpers/seed.js';
import { dropPrefix } from './fixtures/redis-cleanup.js';
import { sleep } from '../helpers/wait.js';

const ACTOR: Actor = { surface: 'slack', userId: 'U1', locale: 'en' };
const DRAFT = { title: 'Promo', template: 'Halo {{name}}', audience: { kind: 'all' as const } };

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  const pending = cleanups.reverse();
  cleanups = [];
  for (const fn of pending) await fn();
});

interface Instance {
  t: TestApp;
  scheduler: Service | null;
  recorders: RecordingNotifier[];
  stop(): Promise<void>;
}

/** A test app (worker optional) with a scheduler and two chat notifiers recording alerts. */
async function instance(
  env: Record<string, string> = {},
  options: { dataDir?: string; prefix?: string; withWorker?: boolean; withScheduler?: boolean } = {},
): Promise<Instance> {
  const t = await startTestApp(env, {
    dataDir: options.dataDir ?? makeTempDir(),
    withWorker: options.withWorker ?? true,
    ...(options.prefix ? { prefix: options.prefix } : {}),
  });
  if (!options.prefix) cleanups.unshift(() => dropPrefix(t.app.redis.url, t.app.prefix));
  const recorders = [new RecordingNotifier('telegram'), new RecordingNotifier('slack')];
  for (const r of recorders) t.app.notifiers.register(r);
  const scheduler = options.withScheduler === false ? null : await startScheduler(t.app, { pollMs: 500 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await scheduler?.stop();
    await t.close();
  };
  cleanups.push(stop);
  return { t, scheduler, recorders, stop };
}

async function create(i: Instance, input: Partial<ScheduleInput>) {
  const useCases = createScheduleUseCases(i.t.app);
  try {
    return (await useCases.create({ ...DRAFT, ...input }, ACTOR)).schedule;
  } finally {
    await useCases.close();
  }
}


describe('scheduler', () => {
  it('a send-at survives a restart of the scheduler and the worker and fires once', async () => {
    const dataDir = makeTempDir();
    const first = await instance({}, { dataDir });
    await seedCustomers(first.t.app, 4);
    const at = new Date(Math.ceil((Date.now() + 4000) / 1000) * 1000);
    const schedule = await create(first, { at, name: 'Friday send' });
    const prefix = first.t.app.prefix;
    await first.stop();

    // Everything restarts before the time comes; the delayed job is still in Redis.
    const second = await instance({}, { dataDir, prefix });
    await expect.poll(async () => (await second.t.app.store.campaigns.list({ scheduleId: schedule.id })).length, { timeout: 15_000 }).toBe(1);
    const [campaign] = await second.t.app.store.campaigns.list({ scheduleId: schedule.id });
    expect(campaign?.idempotencyKey).toBe(`schedule:${schedule.id}:${at.toISOString()}`);
    expect(campaign?.createdAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
    await second.t.waitForCampaign(campaign!.id, ['completed']);
    expect(await second.t.app.store.schedules.get(schedule.id)).toMatchObject({
      enabled: false,
      lastOutcome: 'created',
      lastCampaignId: campaign!.id,
      nextRunAt: null,
    });
    await second.stop();

    // Restarting again after it fired does not fire it again.
    const third = await instance({}, { dataDir, prefix });
    await sleep(1500);
    expect(await third.t.app.store.campaigns.list({ scheduleId: schedule.id })).toHaveLength(1);
    expect(third.t.outbox().filter((l) => l.campaignId === campaign!.id)).toHaveLength(4);
  }, 90_000);

  it('a send-at whose scheduler was down longer than the tolerance is reported missed, not sent', async () => {
    const dataDir = makeTempDir();
    const env = { SCHEDULE_MISSED_TOLERANCE_MS: '1000' };
    const first = await instance(env, { dataDir, withScheduler: false });
    await seedCustomers(first.t.app, 2);
    const schedule = await create(first, { at: new Date(Date.now() + 1500) });
    await sleep(4000);
    const scheduler = await startScheduler(first.t.app, { pollMs: 500 });
    cleanups.push(() => scheduler.stop());
    await expect.poll(() => first.recorders[0]!.alerts.length, { timeout: 10_000 }).toBe(1);
    for (const r of first.recorders) expect(r.alerts).toEqual([expect.objectContaining({ kind: 'schedule_missed', scheduleId: schedule.id })]);
    expect(await first.t.app.store.campaigns.list({ scheduleId: schedule.id })).toHaveLength(0);
    expect(await first.t.app.store.schedules.get(schedule.id)).toMatchObject({ lastOutcome: 'missed', enabled: false });
  }, 60_000);

  it('skips a firing while the previous campaign of the schedule is still running, and tells every admin surface', async () => {
    const i = await instance({}, { withWorker: false });
    await seedCustomers(i.t.app, 2);
    const schedule = await create(i, { cron: '*/2 * * * * *', timezone: 'UTC', name: 'Busy' });
    // Without a worker the first campaign stays pending, so the next firing overlaps it.
    await expect.poll(() => i.recorders[0]!.alerts.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const useCases = createScheduleUseCases(i.t.app);
    await useCases.pause(schedule.id, ACTOR);
    await useCases.close();

    const campaigns = await i.t.app.store.campaigns.list({ scheduleId: schedule.id });
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]?.status).toBe('pending');
    for (const r of i.recorders) {
      expect(r.alerts[0]).toMatchObject({ kind: 'schedule_skipped', scheduleId: schedule.id, campaignId: campaigns[0]!.id, reason: 'previous_running' });
      // In the schedule author's language (English), not BOT_LOCALE.
      expect(r.alerts[0]?.detail).toMatch(/^⏭ Schedule 'Busy' \(\w+\) was skipped at .*: the previous campaign \w+ is still pending\.$/);
    }
    expect((await i.t.app.store.schedules.get(schedule.id))?.lastOutcome).toBe('skipped');
    const notes = await i.t.app.store.notifications.list({ campaignId: campaigns[0]!.id });
    expect(notes.some((n) => n.kind === 'schedule_skipped')).toBe(true);
    const audit = await i.t.app.store.audit.list({ action: 'schedule.fire', outcome: 'refused' });
    expect(audit[0]?.detail).toContain(`skipped: ${campaigns[0]!.id} is pending`);
  }, 60_000);

  it('after downtime, runs a missed firing within the tolerance once and reports one beyond it', async () => {
    const i = await instance({ SCHEDULE_MISSED_TOLERANCE_MS: '120000' }, { withScheduler: false });
    await seedCustomers(i.t.app, 2);
    const now = Date.now();
    const recent = new Date(Math.floor((now - 30_000) / 1000) * 1000);
    const old = new Date(Math.floor((now - 600_000) / 60_000) * 60_000);
    const daily = (d: Date, withSeconds: boolean) =>
      `${withSeconds ? `${d.getUTCSeconds()} ` : ''}${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
    const within = await create(i, { cron: daily(recent, true), timezone: 'UTC', name: 'Within' });
    const beyond = await create(i, { cron: daily(old, false), timezone: 'UTC', name: 'Beyond' });
    // As if the schedules were saved before a downtime that covered their firing times.
    await i.t.app.store.schedules.update(within.id, { nextRunAt: recent });
    await i.t.app.store.schedules.update(beyond.id, { nextRunAt: old });

    const scheduler = await startScheduler(i.t.app, { pollMs: 500 });
    cleanups.push(() => scheduler.stop());
    await expect.poll(async () => (await i.t.app.store.schedules.get(beyond.id))?.lastOutcome, { timeout: 10_000 }).toBe('missed');
    await expect.poll(async () => (await i.t.app.store.campaigns.list({ scheduleId: within.id })).length, { timeout: 10_000 }).toBe(1);

    const [campaign] = await i.t.app.store.campaigns.list({ scheduleId: within.id });
    expect(campaign?.idempotencyKey).toBe(`schedule:${within.id}:${recent.toISOString()}`);
    await i.t.waitForCampaign(campaign!.id, ['completed']);
    expect(await i.t.app.store.campaigns.list({ scheduleId: beyond.id })).toHaveLength(0);
    for (const r of i.recorders) {
      expect(r.alerts).toEqual([expect.objectContaining({ kind: 'schedule_missed', scheduleId: beyond.id, reason: 'downtime' })]);
    }
    const afterBeyond = await i.t.app.store.schedules.get(beyond.id);
    expect(afterBeyond?.nextRunAt?.getTime()).toBeGreaterThan(Date.now());
    const afterWithin = await i.t.app.store.schedules.get(within.id);
    expect(afterWithin).toMatchObject({ lastOutcome: 'created', lastCampaignId: campaign!.id, lastRunAt: recent });
    expect(afterWithin?.nextRunAt?.getTime()).toBeGreaterThan(Date.now());

    // A second start finds nothing left to catch up: no burst, no second report.
    await scheduler.stop();
    const again = await startScheduler(i.t.app, { pollMs: 500 });
    cleanups.push(() => again.stop());
    await sleep(1500);
    expect(await i.t.app.store.campaigns.list({ scheduleId: within.id })).toHaveLength(1);
    expect(i.recorders[0]!.alerts).toHaveLength(1);
  }, 60_000);

  it('two firings of the same slot make one campaign', async () => {
    const i = await instance({}, { withWorker: false, withScheduler: false });
    await seedCustomers(i.t.app, 2);
    const schedule = await create(i, { cron: '0 9 * * *' });
    const slot = new Date('2030-01-01T02:00:00Z');
    const [a, b] = await Promise.all([fireSchedule(i.t.app, schedule.id, slot), fireSchedule(i.t.app, schedule.id, slot)]);
    const campaigns = await i.t.app.store.campaigns.list({ scheduleId: schedule.id });
    expect(campaigns).toHaveLength(1);
    expect([a.outcome, b.outcome].sort()).toEqual(expect.arrayContaining(['created']));
    expect('campaignId' in a && a.campaignId).toBe(campaigns[0]!.id);
    expect('campaignId' in b && b.campaignId).toBe(campaigns[0]!.id);
  });

  it('resolves the audience at each firing: customers opted out after saving are left out', async () => {
    const i = await instance({}, { withScheduler: false });
    const phones = await seedCustomers(i.t.app, 3);
    const schedule = await create(i, { cron: '0 9 * * *' });
    await i.t.app.customers.optOut(phones[0]!, ACTOR);
    const fired = await fireSchedule(i.t.app, schedule.id, new Date('2030-01-01T02:00:00Z'));
    expect(fired.outcome).toBe('created');
    const campaign = await i.t.app.campaigns.get('campaignId' in fired ? fired.campaignId : '');
    expect(campaign.counts.total).toBe(2);
    await i.t.waitForCampaign(campaign.id, ['completed']);
    expect(i.t.outbox().map((l) => l.to).sort()).toEqual([phones[1], phones[2]].sort());
  });

  it('a firing that cannot create its campaign is recorded and reported to the admins', async () => {
    const i = await instance({}, { withWorker: false, withScheduler: false });
    const schedule = await create(i, { cron: '0 9 * * *', name: 'Nobody yet', audience: { kind: 'tags', tags: ['later'] } });
    const fired = await fireSchedule(i.t.app, schedule.id, new Date('2030-01-01T02:00:00Z'));
    expect(fired).toEqual({ outcome: 'failed', reason: 'no_recipients' });
    expect((await i.t.app.store.schedules.get(schedule.id))?.lastOutcome).toBe('failed:no_recipients');
    for (const r of i.recorders) {
      expect(r.alerts).toEqual([expect.objectContaining({ kind: 'schedule_failed', scheduleId: schedule.id, reason: 'no_recipients' })]);
      expect(r.alerts[0]?.detail).toContain("❌ Schedule 'Nobody yet'");
      expect(r.alerts[0]?.detail).toContain('No recipients');
    }
  });
});
