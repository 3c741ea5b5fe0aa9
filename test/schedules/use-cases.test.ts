import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/campaigns/errors.js';
import type { Actor } from '../../src/campaigns/types.js';
import { changesChannel } from '../../src/schedules/changes.js';
import { OnceJobs, onceJobId } from '../../src/schedules/once-jobs.js';
import { createScheduleUseCases, type ScheduleInput, type ScheduleUseCases } from '../../src/schedules/use-cases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedCustomers } from '../helpers/seed.js';
import { dropPrefix } from './fixtures/redis-cleanup.js';

const ACTOR: Actor = { surface: 'telegram', userId: '42', chatId: '42', locale: 'en' };

let running: { t: TestApp; useCases: ScheduleUseCases; jobs: OnceJobs; redis: Redis }[] = [];
afterEach(async () => {
  for (const r of running) {
    await r.jobs.close();
    await r.useCases.close();
    await r.redis.quit();
    await r.t.close();
    await dropPrefix(r.t.app.redis.url, r.t.app.prefix);
  }
  running = [];
});

async function setup(): Promise<{ t: TestApp; useCases: ScheduleUseCases; jobs: OnceJobs }> {
  const t = await startTestApp({}, { withWorker: false });
  await seedCustomers(t.app, 3);
  const redis = new Redis(t.app.redis.url, { maxRetriesPerRequest: null });
  const r = { t, useCases: createScheduleUseCases(t.app), jobs: new OnceJobs(redis, t.app.prefix), redis };
  running.push(r);
  return r;
}

const draft = { title: 'Promo Senin', template: 'Halo {{name}}', audience: { kind: 'all' as const } };

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('schedule use cases', () => {
  it('saves a one-off schedule, queues its delayed job and returns the run time in its zone', async () => {
    const { t, useCases, jobs } = await setup();
    const at = new Date(Date.now() + 3_600_000);
    const saved = await useCases.create({ ...draft, at: at.toISOString(), timezone: 'Asia/Makassar' }, ACTOR);

    expect(saved.schedule).toMatchObject({ kind: 'once', name: 'Promo Senin', timezone: 'Asia/Makassar', enabled: true, cron: null });
    expect(saved.schedule.at?.getTime()).toBe(Math.floor(at.getTime()));
    expect(saved.nextRuns).toEqual([saved.schedule.at]);
    expect(saved.nextRunsText[0]).toMatch(/^\w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? Asia\/Makassar$/);
    expect(saved.recipientsNow).toBe(3);
    expect((await t.app.store.schedules.get(saved.schedule.id))?.nextRunAt?.getTime()).toBe(saved.schedule.at?.getTime());

    const job = await jobs.queue.getJob(onceJobId(saved.schedule.id, saved.schedule.at!));
    expect(job?.data).toEqual({ scheduleId: saved.schedule.id, at: saved.schedule.at!.toISOString() });
    expect(await job?.isDelayed()).toBe(true);

    const audit = await t.app.store.audit.list({ action: 'schedule.create' });
    expect(audit[0]).toMatchObject({ outcome: 'ok', actor: { surface: 'telegram', userId: '42' } });
    expect(audit[0]?.detail).toContain(saved.schedule.id);
  });

  it('saves a recurring schedule from a preset with the default zone and its next 3 runs', async () => {
    const { t, useCases } = await setup();
    const saved = await useCases.create({ ...draft, name: 'Weekly', cron: 'every Monday 09:00' }, ACTOR);
    expect(saved.schedule).toMatchObject({ kind: 'cron', cron: '0 9 * * 1', timezone: t.config.SCHEDULE_TIMEZONE, name: 'Weekly', at: null });
    expect(saved.nextRunsText).toHaveLength(3);
    for (const text of saved.nextRunsText) expect(text).toMatch(/^Mon \d{4}-\d{2}-\d{2} 09:00 Asia\/Jakarta$/);
    expect(saved.schedule.nextRunAt).toEqual(saved.nextRuns[0]);
  });

  it('refuses an invalid cron, a past time, an unknown zone and a template no recipient can fill, and audits the refusal', async () => {
    const { t, useCases } = await setup();
    const cases: [Partial<ScheduleInput>, string][] = [
      [{ cron: '0 25 * * *' }, 'bad_cron'],
      [{ at: '2020-01-01 10:00' }, 'time_past'],
      [{ at: new Date(Date.now() - 1000) }, 'time_past'],
      [{ cron: '0 9 * * *', timezone: 'Asia/Jakart' }, 'bad_timezone'],
      [{}, 'no_when'],
      [{ at: '2099-01-01 10:00', cron: '0 9 * * *' }, 'no_when'],
      [{ at: '2099-01-01 10:00', template: 'Halo {{nickname}}' }, 'unknown_variable'],
    ];
    for (const [input, code] of cases) {
      const error = await refusal(useCases.create({ ...draft, ...input }, ACTOR));
      expect(error.code, JSON.stringify(input)).toBe(code);
    }
    const badCron = await refusal(useCases.create({ ...draft, cron: '0 25 * * *' }, ACTOR));
    expect(badCron.params).toMatchObject({ part: '25', field: 'hour' });
    expect(await t.app.store.schedules.list()).toHaveLength(0);
    const refused = await t.app.store.audit.list({ action: 'schedule.create', outcome: 'refused' });
    expect(refused.map((a) => a.detail)).toContain('bad_timezone');
  });

  it('pause removes the queued firing, resume re-arms it, delete removes both; changes are published', async () => {
    const { t, useCases, jobs } = await setup();
    const subscriber = new Redis(t.app.redis.url);
    const published: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => published.push(message));
    await subscriber.subscribe(changesChannel(t.app.prefix));
    try {
      const { schedule } = await useCases.create({ ...draft, at: new Date(Date.now() + 600_000) }, ACTOR);
      const jobId = onceJobId(schedule.id, schedule.at!);

      const paused = await useCases.pause(schedule.id.toUpperCase(), ACTOR);
      expect(paused).toMatchObject({ enabled: false, nextRunAt: null });
      expect(await jobs.queue.getJob(jobId)).toBeUndefined();

      const resumed = await useCases.resume(schedule.id, ACTOR);
      expect(resumed.schedule.enabled).toBe(true);
      expect(resumed.nextRuns).toEqual([schedule.at]);
      expect(await (await jobs.queue.getJob(jobId))?.isDelayed()).toBe(true);

      await useCases.delete(schedule.id, ACTOR);
      expect(await jobs.queue.getJob(jobId)).toBeUndefined();
      expect(await t.app.store.schedules.get(schedule.id)).toBeNull();
      const missing = await useCases.get(schedule.id).catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 'not_found', messageKey: 'schedule.error.not_found' });

      await expect.poll(() => published.length).toBeGreaterThanOrEqual(4);
      expect(new Set(published)).toEqual(new Set([schedule.id]));
      const actions = (await t.app.store.audit.list({ limit: 20 })).map((a) => `${a.action}:${a.outcome}`);
      expect(actions).toEqual(expect.arrayContaining(['schedule.create:ok', 'schedule.pause:ok', 'schedule.resume:ok', 'schedule.delete:ok']));
    } finally {
      await subscriber.quit();
    }
  });

  it('editing a one-off time replaces its queued firing', async () => {
    const { useCases, jobs } = await setup();
    const { schedule } = await useCases.create({ ...draft, at: new Date(Date.now() + 600_000) }, ACTOR);
    const later = new Date(Date.now() + 7_200_000);
    const edited = await useCases.update(schedule.id, { at: later, name: 'Moved' }, ACTOR);
    expect(edited.schedule).toMatchObject({ name: 'Moved', kind: 'once' });
    expect(await jobs.queue.getJob(onceJobId(schedule.id, schedule.at!))).toBeUndefined();
    expect(await (await jobs.queue.getJob(onceJobId(schedule.id, edited.schedule.at!)))?.isDelayed()).toBe(true);

    const toCron = await useCases.update(schedule.id, { cron: '*/5 * * * *' }, ACTOR);
    expect(toCron.schedule).toMatchObject({ kind: 'cron', at: null, cron: '*/5 * * * *' });
    expect(await jobs.queue.getJob(onceJobId(schedule.id, edited.schedule.at!))).toBeUndefined();
  });

  it('refuses to resume a one-off whose time has passed', async () => {
    const { t, useCases } = await setup();
    const { schedule } = await useCases.create({ ...draft, at: new Date(Date.now() + 600_000) }, ACTOR);
    await useCases.pause(schedule.id, ACTOR);
    await t.app.store.schedules.update(schedule.id, { at: new Date(Date.now() - 1000) });
    expect((await refusal(useCases.resume(schedule.id, ACTOR))).code).toBe('time_past');
  });
});
