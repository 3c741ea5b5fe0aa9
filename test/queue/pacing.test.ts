import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import type { DryRunSender } from '../../src/whatsapp/dry-run.js';
import { createDryRunSender } from '../../src/whatsapp/index.js';
import { sleep } from '../helpers/wait.js';

let running: TestApp[] = [];
afterEach(async () => {
  for (const t of running) await t.close();
  running = [];
});

async function start(env: Record<string, string>): Promise<{ t: TestApp; sender: DryRunSender; recorder: RecordingNotifier }> {
  let sender!: DryRunSender;
  const t = await startTestApp(env, { makeSender: (config) => (sender = createDryRunSender(config)) });
  running.push(t);
  const recorder = new RecordingNotifier('cli');
  t.app.notifiers.register(recorder);
  return { t, sender, recorder };
}

describe('pacing and self-protection', () => {
  it('never exceeds SEND_RATE_PER_MINUTE across two campaigns sharing the sender', async () => {
    const { t } = await start({ SEND_RATE_PER_MINUTE: '300', SEND_JITTER_MS: '50' });
    await seedCustomers(t.app, 12, 'a');
    await seedCustomers(t.app, 12, 'b', 100);
    const a = await t.app.campaigns.create({ title: 'a', template: 'x', audience: { kind: 'tags', tags: ['a'] } }, CLI_ACTOR);
    const b = await t.app.campaigns.create({ title: 'b', template: 'x', audience: { kind: 'tags', tags: ['b'] } }, CLI_ACTOR);
    await t.waitForCampaign(a.id, ['completed'], 30_000);
    await t.waitForCampaign(b.id, ['completed'], 30_000);
    const times = t.outbox().map((l) => Date.parse(l.at)).sort((x, y) => x - y);
    expect(times).toHaveLength(24);
    // 300/min = one slot every 200 ms (+0..50 ms jitter). Sends follow their slots with a little processing delay,
    // so the rate is checked over windows: at most 5 sends in any second (+1 for the window edge)…
    for (const start of times) expect(times.filter((x) => x >= start && x < start + 1000).length).toBeLessThanOrEqual(6);
    // …and over the whole run no faster than 300 a minute.
    const perMinute = ((times.length - 1) / (times.at(-1)! - times[0]!)) * 60_000;
    expect(perMinute).toBeLessThanOrEqual(300);
    // Both campaigns made progress side by side (taking turns), not one after the other.
    const firstB = t.outbox().findIndex((l) => l.campaignId === b.id);
    expect(firstB).toBeLessThan(6);
  });

  it('pauses itself at the daily cap and tells the admins why', async () => {
    const { t, recorder } = await start({ DAILY_CAP: '5' });
    await seedCustomers(t.app, 9);
    const c = await t.app.campaigns.create({ title: 'cap', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['paused']);
    expect((await t.app.campaigns.get(c.id)).statusReason).toBe('daily_cap');
    // The other lane may still be writing its last result when the pause lands.
    await expect.poll(async () => (await t.app.campaigns.get(c.id)).counts.sent).toBe(5);
    await sleep(300);
    expect(t.outbox()).toHaveLength(5);
    await expect.poll(() => recorder.alerts.map((a) => a.reason)).toContain('daily_cap');
    const preview = await t.app.campaigns.preview({ title: 'x', template: 'x', audience: { kind: 'all' } });
    expect(preview.overDailyCap).toBe(true);
    expect(preview.sentToday).toBe(5);
  });

  it('pauses after a run of consecutive failures', async () => {
    const { t, recorder } = await start({ DRY_RUN_FAIL_RATE: '1', CONSECUTIVE_FAILURE_LIMIT: '4', MAX_SEND_ATTEMPTS: '1', CAMPAIGN_LANES: '1' });
    await seedCustomers(t.app, 20);
    const c = await t.app.campaigns.create({ title: 'bad', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['paused']);
    const paused = await t.app.campaigns.get(c.id);
    expect(paused.statusReason).toBe('consecutive_failures');
    expect(paused.counts.failed).toBe(4);
    expect(recorder.alerts.at(-1)?.reason).toBe('consecutive_failures');
  });

  it('pauses on a 429 from WhatsApp and does not lose the recipient', async () => {
    const { t, sender } = await start({ CAMPAIGN_LANES: '1' });
    await seedCustomers(t.app, 10);
    sender.failNext({ kind: 'rate_limited', code: 'rate-overlimit' });
    const c = await t.app.campaigns.create({ title: 'rl', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['paused']);
    expect((await t.app.campaigns.get(c.id)).statusReason).toBe('rate_limited');
    await t.app.campaigns.resume(c.id, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['completed']);
    expect(t.outbox()).toHaveLength(10);
  });

  it('pauses while WhatsApp is disconnected and resumes by itself on reconnect, without duplicates', async () => {
    const { t, sender } = await start({ DRY_RUN_LATENCY_MS: '3' });
    await seedCustomers(t.app, 400);
    const c = await t.app.campaigns.create({ title: 'dc', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await expect.poll(async () => (await t.app.campaigns.get(c.id)).counts.sent, { timeout: 10_000 }).toBeGreaterThan(20);
    sender.setState('disconnected', 'connection_lost');
    await t.waitForCampaign(c.id, ['paused']);
    expect((await t.app.campaigns.get(c.id)).statusReason).toBe('whatsapp_disconnected');
    sender.setState('connected');
    await t.waitForCampaign(c.id, ['completed']);
    const lines = t.outbox();
    expect(lines).toHaveLength(400);
    expect(new Set(lines.map((l) => l.recipientId)).size).toBe(400);
  });

  it('edits progress only when the counts change, and makes a final edit before the summary', async () => {
    const { t, recorder } = await start({ DRY_RUN_LATENCY_MS: '5', PROGRESS_INTERVAL_MS: '250', CAMPAIGN_LANES: '1' });
    await seedCustomers(t.app, 300);
    const c = await t.app.campaigns.create({ title: 'edits', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.app.campaigns.attachProgressMessage(c.id, { surface: 'cli', chatId: 't', messageId: '1' });
    await expect.poll(async () => (await t.app.campaigns.get(c.id)).counts.sent, { timeout: 10_000 }).toBeGreaterThan(30);
    await t.app.campaigns.pause(c.id, CLI_ACTOR);
    await sleep(1200);
    const whilePaused = recorder.progressFor(c.id).length;
    await sleep(1000);
    expect(recorder.progressFor(c.id).length).toBe(whilePaused);
    await t.app.campaigns.resume(c.id, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['completed']);
    await expect.poll(() => recorder.summaries.length).toBe(1);
    const views = recorder.progressFor(c.id);
    const signatures = views.map((v) => `${v.status}|${v.done}`);
    for (let i = 1; i < signatures.length; i++) expect(signatures[i]).not.toBe(signatures[i - 1]);
    const dones = views.filter((v) => v.status === 'processing').map((v) => v.done);
    expect(dones.length).toBeGreaterThan(2);
    expect([...dones].sort((x, y) => x - y)).toEqual(dones);
    expect(views.at(-1)).toMatchObject({ final: true, done: 300, status: 'completed' });
    const lastEdit = recorder.progress.filter((p) => p.campaignId === c.id).at(-1)!.at;
    expect(lastEdit).toBeLessThanOrEqual(recorder.summaries[0]!.at);
  });
});
