import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import type { DryRunSender } from '../../src/whatsapp/dry-run.js';
import { createDryRunSender } from '../../src/whatsapp/index.js';
import { sleep, waitUntil } from '../helpers/wait.js';

let running: TestApp[] = [];
afterEach(async () => {
  for (const t of running) await t.close();
  running = [];
});

async function start(env: Record<string, string> = {}, options: { withWorker?: boolean } = {}): Promise<TestApp> {
  const t = await startTestApp(env, options);
  running.push(t);
  return t;
}

function attachRecorder(t: TestApp): RecordingNotifier {
  const recorder = new RecordingNotifier('cli');
  t.app.notifiers.register(recorder);
  return recorder;
}

describe('campaign engine', () => {
  it('sends every recipient exactly once and the summary counts equal the outbox and the store', async () => {
    const t = await start({ DRY_RUN_NOT_ON_WHATSAPP: '+6281210000003' });
    const recorder = attachRecorder(t);
    await seedCustomers(t.app, 120);
    const campaign = await t.app.campaigns.create(
      { title: 'Promo Ramadan', template: 'Halo {{name|Pelanggan}} dari {{kota}}', audience: { kind: 'all' } },
      CLI_ACTOR,
    );
    await t.app.campaigns.attachProgressMessage(campaign.id, { surface: 'cli', chatId: 'term', messageId: '1' });
    expect(campaign.counts.total).toBe(120);
    await t.waitForCampaign(campaign.id, ['completed']);

    const lines = t.outbox().filter((l) => l.campaignId === campaign.id);
    const ids = new Set(lines.map((l) => l.recipientId));
    expect(ids.size).toBe(lines.length);
    expect(lines).toHaveLength(119);
    expect(lines[0]?.text).toMatch(/^Halo Customer \d+ dari Bandung$/);
    expect(lines.every((l) => /^\+62812\d{8}$/.test(l.to))).toBe(true);

    const stored = await t.app.campaigns.get(campaign.id);
    expect(stored.counts).toMatchObject({ total: 120, sent: 119, skipped: 1, failed: 0, unknown: 0 });
    expect(stored.sentAt).toBeInstanceOf(Date);
    const byStatus = await t.app.store.recipients.countByStatus(campaign.id);
    expect(byStatus.sent).toBe(lines.length);
    expect(byStatus.pending).toBe(0);

    await expect.poll(() => recorder.summaries.length).toBe(1);
    const summary = recorder.summaries[0]!.summary;
    expect(summary.campaign.counts.sent).toBe(lines.length);
    expect(summary.campaign.status).toBe('completed');
    const notes = await t.app.store.notifications.list({ campaignId: campaign.id });
    expect(notes.some((n) => n.text.includes("Campaign 'Promo Ramadan' selesai dikirim. Berhasil: 119, Gagal: 0"))).toBe(true);
    const audit = await t.app.store.audit.list({ action: 'campaign.create' });
    expect(audit[0]?.target).toBe(campaign.id);
  });

  it('rejects a template variable no recipient can fill, naming it, before storing anything', async () => {
    const t = await start({}, { withWorker: false });
    await seedCustomers(t.app, 3);
    await expect(
      t.app.campaigns.create({ title: 'x', template: 'Hi {{voucher}}', audience: { kind: 'all' } }, CLI_ACTOR),
    ).rejects.toMatchObject({ code: 'unknown_variable', params: { name: 'voucher' } });
    expect(await t.app.store.campaigns.list()).toHaveLength(0);
    const preview = await t.app.campaigns.preview({ title: 'x', template: 'Hi {{voucher|teman}} {{name}}', audience: { kind: 'all' } });
    expect(preview.missingVariables).toEqual([]);
    expect(preview.sample).toMatch(/^Hi teman Customer \d$/);
    expect(preview.total).toBe(3);
  });

  it('leaves out opted-out and duplicate numbers', async () => {
    const t = await start({}, { withWorker: false });
    const phones = await seedCustomers(t.app, 5);
    await t.app.store.customers.setOptOut(phones[1]!, true);
    const preview = await t.app.campaigns.preview({
      title: 'x',
      template: 'Hi',
      audience: { kind: 'phones', phones: [phones[0]!, phones[1]!, phones[0]!, '+6281399999999'] },
    });
    expect(preview.total).toBe(2);
    expect(preview.removed).toMatchObject({ optedOut: 1, duplicate: 1 });
    const all = await t.app.campaigns.preview({ title: 'x', template: 'Hi', audience: { kind: 'all' } });
    expect(all.total).toBe(4);
    expect(all.removed.optedOut).toBe(1);
  });

  it('lets a small campaign finish while a large one started before it is still sending', async () => {
    const t = await start({ DRY_RUN_LATENCY_MS: '2', CAMPAIGN_LANES: '2' });
    await seedCustomers(t.app, 3000, 'big');
    await seedCustomers(t.app, 10, 'small', 5000);
    const big = await t.app.campaigns.create({ title: 'big', template: 'x', audience: { kind: 'tags', tags: ['big'] } }, CLI_ACTOR);
    // The big one is under way (not a fixed pause that a loaded machine may outlast).
    await waitUntil(async () => (await t.app.campaigns.get(big.id)).counts.sent > 0, { what: 'the big campaign sending' });
    const small = await t.app.campaigns.create({ title: 'small', template: 'y', audience: { kind: 'tags', tags: ['small'] } }, CLI_ACTOR);
    await t.waitForCampaign(small.id, ['completed']);
    const bigNow = await t.app.campaigns.get(big.id);
    expect(bigNow.status).toBe('processing');
    expect(bigNow.counts.sent).toBeLessThan(3000);
    await t.waitForCampaign(big.id, ['completed'], 60_000);
  });

  it('pauses, resumes and completes without sending anyone twice', async () => {
    const t = await start({ DRY_RUN_LATENCY_MS: '3' });
    await seedCustomers(t.app, 600);
    const c = await t.app.campaigns.create({ title: 'p', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await expect.poll(async () => (await t.app.campaigns.get(c.id)).counts.sent, { timeout: 10_000 }).toBeGreaterThan(20);
    await t.app.campaigns.pause(c.id, CLI_ACTOR);
    await sleep(400);
    const frozen = t.outbox().length;
    await sleep(400);
    expect(t.outbox().length).toBe(frozen);
    expect(frozen).toBeLessThan(600);
    await expect(t.app.campaigns.pause(c.id, CLI_ACTOR)).rejects.toMatchObject({ code: 'bad_state' });
    await t.app.campaigns.resume(c.id, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['completed']);
    const lines = t.outbox();
    expect(lines).toHaveLength(600);
    expect(new Set(lines.map((l) => l.recipientId)).size).toBe(600);
  });

  it('cancels a running campaign, announces it once, and sends nothing after', async () => {
    const t = await start({ DRY_RUN_LATENCY_MS: '3' });
    const recorder = attachRecorder(t);
    await seedCustomers(t.app, 600);
    const c = await t.app.campaigns.create({ title: 'c', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await expect.poll(async () => (await t.app.campaigns.get(c.id)).counts.sent, { timeout: 10_000 }).toBeGreaterThan(10);
    await t.app.campaigns.cancel(c.id, CLI_ACTOR);
    await expect.poll(() => recorder.summaries.length, { timeout: 10_000 }).toBe(1);
    const after = t.outbox().length;
    await sleep(500);
    expect(t.outbox().length).toBe(after);
    const final = await t.app.campaigns.get(c.id);
    expect(final.status).toBe('cancelled');
    expect(final.counts.sent).toBe(after);
    expect(recorder.summaries).toHaveLength(1);
  });

  it('retries transient failures with backoff, records permanent ones once, and retry-failed resends only those', async () => {
    let sender!: DryRunSender;
    const t2 = await startTestApp(
      { MAX_SEND_ATTEMPTS: '2', CAMPAIGN_LANES: '1' },
      { makeSender: (config) => (sender = createDryRunSender(config)) },
    );
    running.push(t2);
    const recorder = attachRecorder(t2);
    await seedCustomers(t2.app, 6);
    // Sends 1 and 3 fail transiently (retried, then sent); send 2 fails permanently (recorded once, never retried).
    sender.failNext(
      { kind: 'transient', code: 'timeout' },
      { kind: 'permanent', code: 'invalid_jid' },
      { kind: 'transient', code: 'timeout' },
    );
    const c = await t2.app.campaigns.create({ title: 'r', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t2.waitForCampaign(c.id, ['completed']);
    const done = await t2.app.campaigns.get(c.id);
    expect(done.counts.sent + done.counts.failed).toBe(6);
    const failed = await t2.app.store.recipients.list(c.id, { status: ['failed'] });
    expect(failed.map((r) => r.errorCode).sort()).toEqual(['invalid_jid']);
    expect(failed[0]?.attempts).toBe(1);
    expect(done.counts.failed).toBe(1);

    const retry = await t2.app.campaigns.retryFailed(c.id, CLI_ACTOR);
    expect(retry.retryOf).toBe(c.id);
    expect(retry.counts.total).toBe(1);
    await t2.waitForCampaign(retry.id, ['completed']);
    await expect.poll(() => recorder.summaries.find((s) => s.summary.campaign.id === retry.id)?.summary.retryOfTitle).toBe('r');
  });

  it('retries a lane whose store write failed, without losing or resending anyone', async () => {
    const t = await start({ CAMPAIGN_LANES: '1' });
    await seedCustomers(t.app, 300);
    const recipients = t.app.store.recipients;
    const original = recipients.recordResults.bind(recipients);
    let failures = 0;
    // The store refuses two writes in a row (e.g. "database is locked" under load): the lane job fails and is retried.
    recipients.recordResults = async (...args) => {
      if (failures < 2 && args[2].length > 0) {
        failures++;
        throw new Error('SQLITE_BUSY: database is locked');
      }
      return original(...args);
    };
    const c = await t.app.campaigns.create({ title: 'flaky store', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(c.id, ['completed'], 30_000);
    expect(failures).toBe(2);
    const lines = t.outbox().filter((l) => l.campaignId === c.id);
    expect(new Set(lines.map((l) => l.recipientId)).size).toBe(lines.length);
    const done = await t.app.campaigns.get(c.id);
    expect(done.counts.sent + done.counts.unknown).toBe(300);
    // Every confirmed send is in the outbox once; a send whose result could not be written is `unknown`, never resent.
    expect(lines.length).toBeGreaterThanOrEqual(done.counts.sent);
    expect(lines.length).toBeLessThanOrEqual(done.counts.sent + done.counts.unknown);
  });

  it('fails a campaign whose creation was interrupted, says why, and leaves normal campaigns alone', async () => {
    const t = await start({}, { withWorker: false });
    const recorder = attachRecorder(t);
    await seedCustomers(t.app, 3);
    const ok = await t.app.campaigns.create({ title: 'fine', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    expect(ok.statusReason).toBeNull();
    // What a process that died while storing recipients leaves behind.
    const { campaign: broken } = await t.app.store.campaigns.create({
      title: 'half',
      template: 'x',
      media: null,
      audience: { kind: 'all' },
      status: 'pending',
      counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
      origin: CLI_ACTOR,
      statusReason: 'preparing',
      retryOf: null,
      scheduleId: null,
      idempotencyKey: null,
    });
    expect(await t.app.engine.control.failInterruptedCreations(60_000)).toBe(0);
    expect(await t.app.engine.control.failInterruptedCreations(0)).toBe(1);
    const failed = await t.app.campaigns.get(broken.id);
    expect(failed).toMatchObject({ status: 'failed', statusReason: 'creation_interrupted' });
    expect((await t.app.campaigns.get(ok.id)).status).toBe('pending');
    expect(recorder.alerts).toContainEqual(expect.objectContaining({ kind: 'campaign_failed', campaignId: broken.id }));
  });
});
