import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { capReached, DAILY_CAP_WAIT, resumeAnswer } from '../../src/campaigns/daily-cap.js';
import { PassThrough } from 'node:stream';
import { campaigns } from '../../src/bots/console/commands/campaigns.js';
import type { CliContext } from '../../src/bots/console/context.js';
import { sleep } from '../helpers/wait.js';

/** Runs `broadcast-bot campaigns …` against a test app; returns the exit code and stderr. */
async function cli(t: TestApp, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (d: Buffer) => (text += d.toString()));
  const ctx: CliContext = {
    args,
    env: { ...t.env, ...env },
    stdout: new PassThrough(),
    stderr,
    actor: CLI_ACTOR,
    openApp: async () => t.app,
    openStore: async () => t.app,
  };
  const code = await campaigns(ctx);
  return { code, stderr: text };
}

let running: TestApp[] = [];
afterEach(async () => {
  for (const t of running) await t.close();
  running = [];
});

/** Today's cap as the worker's sweeper asks it. */
function capNow(t: TestApp): () => Promise<boolean> {
  const { pacer } = t.app.engine;
  return async () => capReached(pacer.dailyCap, await pacer.usedToday(t.app.sender.state().account ?? 'default'));
}

describe('resuming a campaign paused at the daily cap', () => {
  it('waits for the reset instead of re-pausing and repeating the alert, then continues by itself', async () => {
    const t = await startTestApp({ DAILY_CAP: '5', SCHEDULE_TIMEZONE: 'Asia/Jakarta' });
    running.push(t);
    const recorder = new RecordingNotifier('cli');
    t.app.notifiers.register(recorder);
    await seedCustomers(t.app, 9);
    const c = await t.app.campaigns.create({ title: 'cap', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['paused']);
    await expect.poll(() => recorder.alerts.filter((a) => a.reason === 'daily_cap').length).toBe(1);

    const answered = await t.app.campaigns.resume(c.id, CLI_ACTOR);
    expect(answered).toMatchObject({ status: 'paused', statusReason: DAILY_CAP_WAIT });
    expect(resumeAnswer(answered, 'id', t.app.config.SCHEDULE_TIMEZONE)).toBe(
      'Batas harian tercapai; pengiriman berlanjut otomatis besok 00:00 (Asia/Jakarta).',
    );
    // Pressed twice: still one answer and no extra alert.
    await t.app.campaigns.resume(c.id, CLI_ACTOR);
    // Nothing may happen here (no re-pause, no second alert): a fixed pause is the only way to see "nothing".
    await sleep(1500);
    expect((await t.app.campaigns.get(c.id)).status).toBe('paused');
    expect(recorder.alerts.filter((a) => a.reason === 'daily_cap')).toHaveLength(1);
    expect(t.outbox()).toHaveLength(5);

    // The sweeper does nothing while the cap is still used up…
    expect(await t.app.engine.control.resumeAfterCapReset(capNow(t))).toBe(0);
    // …and resumes the campaign once the day's counter is gone (midnight in the schedules' zone).
    const dayKeys = await t.app.engine.redis.keys(`${t.app.prefix}:pace:*:day:*`);
    expect(dayKeys.length).toBeGreaterThan(0);
    await t.app.engine.redis.del(...dayKeys);
    expect(await t.app.engine.control.resumeAfterCapReset(capNow(t))).toBe(1);
    await t.waitForCampaign(c.id, ['completed']);
    expect(t.outbox()).toHaveLength(9);
    expect(recorder.alerts.filter((a) => a.reason === 'daily_cap')).toHaveLength(1);
  });

  it('continues by itself after the reset when it paused at the cap and nobody pressed anything', async () => {
    // The daily cap counts the calendar day of this clock: moving it past midnight is the reset.
    let now = new Date('2026-03-02T10:00:00Z');
    const t = await startTestApp({ DAILY_CAP: '5', SCHEDULE_TIMEZONE: 'Asia/Jakarta' }, { clock: () => now });
    running.push(t);
    await seedCustomers(t.app, 9);
    const c = await t.app.campaigns.create({ title: 'cap', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['paused']);
    expect((await t.app.campaigns.get(c.id)).statusReason).toBe('daily_cap');
    expect(t.outbox()).toHaveLength(5);

    // Same day: the sweeper leaves it paused.
    expect(await t.app.engine.control.resumeAfterCapReset(capNow(t))).toBe(0);
    expect((await t.app.campaigns.get(c.id)).status).toBe('paused');
    // The next day in Jakarta: it continues with no admin action, and says so in the audit log.
    now = new Date('2026-03-03T10:00:00Z');
    expect(await t.app.engine.control.resumeAfterCapReset(capNow(t))).toBe(1);
    await t.waitForCampaign(c.id, ['completed']);
    expect(t.outbox()).toHaveLength(9);
    const audit = await t.app.store.audit.list({ action: 'campaign.autoresume' });
    expect(audit.map((a) => [a.target, a.detail])).toEqual([[c.id, 'daily_cap_reset']]);
  });

  it('leaves a campaign an admin paused alone at the reset', async () => {
    let now = new Date('2026-03-02T10:00:00Z');
    const t = await startTestApp({ DAILY_CAP: '5', SEND_RATE_PER_MINUTE: '60' }, { clock: () => now });
    running.push(t);
    await seedCustomers(t.app, 9);
    const c = await t.app.campaigns.create({ title: 'held', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.app.campaigns.pause(c.id, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['paused']);
    now = new Date('2026-03-03T10:00:00Z');
    expect(await t.app.engine.control.resumeAfterCapReset(capNow(t))).toBe(0);
    expect((await t.app.campaigns.get(c.id)).status).toBe('paused');
  });

  it('resumes at once when the cap has room again (e.g. raised), and answers as usual', async () => {
    const t = await startTestApp({ DAILY_CAP: '5' });
    running.push(t);
    await seedCustomers(t.app, 9);
    const c = await t.app.campaigns.create({ title: 'cap', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['paused']);
    t.app.engine.pacer.setDailyCap(50);
    const resumed = await t.app.campaigns.resume(c.id, CLI_ACTOR);
    expect(resumed.status).toBe('processing');
    expect(resumeAnswer(resumed, 'en', 'Asia/Jakarta')).toBeNull();
    await t.waitForCampaign(c.id, ['completed']);
    expect(t.outbox()).toHaveLength(9);
  });

  it('the CLI answers `campaigns resume ID` at the cap with when sending continues', async () => {
    const t = await startTestApp({ DAILY_CAP: '5', SCHEDULE_TIMEZONE: 'Asia/Jakarta' });
    running.push(t);
    await seedCustomers(t.app, 9);
    const c = await t.app.campaigns.create({ title: 'cap', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['paused']);
    const answered = await cli(t, ['resume', c.id], { BOT_LOCALE: 'en' });
    expect(answered).toEqual({ code: 0, stderr: 'The daily cap is reached; sending continues automatically tomorrow at 00:00 (Asia/Jakarta).\n' });
    expect((await t.app.campaigns.get(c.id)).statusReason).toBe(DAILY_CAP_WAIT);
  });

  it('words the answer in English too', () => {
    expect(resumeAnswer({ status: 'paused', statusReason: DAILY_CAP_WAIT }, 'en', 'Asia/Jakarta')).toBe(
      'The daily cap is reached; sending continues automatically tomorrow at 00:00 (Asia/Jakarta).',
    );
    expect(resumeAnswer({ status: 'paused', statusReason: 'daily_cap' }, 'en', 'Asia/Jakarta')).toBeNull();
  });
});
