import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exited, spawnReady } from '../helpers/child.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { sleep } from '../helpers/wait.js';

const children: ChildProcess[] = [];
let t: TestApp | null = null;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await t?.close();
  t = null;
});

async function spawnWorker(app: TestApp): Promise<ChildProcess> {
  const child = await spawnReady('test/helpers/worker-child.ts', { ...app.env, TEST_PREFIX: app.app.prefix });
  children.push(child);
  return child;
}

/** Checks the outbox against the store: nobody twice, nobody lost, every confirmed send in the outbox. */
async function checkExactlyOnce(app: TestApp, campaignId: string, total: number) {
  const lines = app.outbox().filter((l) => l.campaignId === campaignId);
  const perRecipient = new Map<string, number>();
  for (const l of lines) perRecipient.set(l.recipientId!, (perRecipient.get(l.recipientId!) ?? 0) + 1);
  const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
  const recipients = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await app.app.store.recipients.list(campaignId, { limit: 1000, ...(afterId ? { afterId } : {}) });
    if (page.length === 0) break;
    recipients.push(...page);
    afterId = page[page.length - 1]!.id;
  }
  const sent = recipients.filter((r) => r.status === 'sent');
  const unknown = recipients.filter((r) => r.status === 'unknown');
  return {
    duplicates,
    lost: recipients.filter((r) => r.status === 'pending').length,
    total: recipients.length,
    sentMissingFromOutbox: sent.filter((r) => !perRecipient.has(r.id)).length,
    sent: sent.length,
    unknown: unknown.length,
    outboxLines: lines.length,
    expectedTotal: total,
  };
}

describe('crash and restart safety', () => {
  it('survives repeated kill -9 of worker processes with no duplicate and no lost recipient', async () => {
    t = await startTestApp({ DRY_RUN_LATENCY_MS: '1', WORKER_LOCK_MS: '2000', CAMPAIGN_LANES: '2' }, { withWorker: false });
    await seedCustomers(t.app, 2500);
    const campaign = await t.app.campaigns.create({ title: 'crash', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    let kills = 0;
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([spawnWorker(t!), spawnWorker(t!)]);
      await sleep(700);
      a.kill('SIGKILL');
      b.kill('SIGKILL');
      await Promise.all([exited(a), exited(b)]);
      kills += 2;
    }
    const before = await checkExactlyOnce(t, campaign.id, 2500);
    expect(before.outboxLines).toBeGreaterThan(0);
    expect(before.outboxLines).toBeLessThan(2500);
    await spawnWorker(t);
    await t.waitForCampaign(campaign.id, ['completed', 'failed'], 90_000);
    const result = await checkExactlyOnce(t, campaign.id, 2500);
    expect(result.duplicates).toBe(0);
    expect(result.lost).toBe(0);
    expect(result.total).toBe(2500);
    expect(result.sentMissingFromOutbox).toBe(0);
    // A killed lane leaves at most its one started send as `unknown` (its unwritten results are in its send
    // journal): counted, never resent. Every unknown may or may not be in the outbox; every sent one is.
    expect(result.unknown).toBeLessThanOrEqual(kills * 2);
    expect(result.sent + result.unknown).toBe(2500);
    expect(result.outboxLines).toBeGreaterThanOrEqual(result.sent);
    expect(result.outboxLines).toBeLessThanOrEqual(result.sent + result.unknown);
    const final = await t.app.campaigns.get(campaign.id);
    expect(final.counts.sent).toBe(result.sent);
    expect(final.counts.unknown).toBe(result.unknown);
  }, 240_000);

  it('two worker processes share one campaign without duplicates', async () => {
    t = await startTestApp({ DRY_RUN_LATENCY_MS: '1', CAMPAIGN_LANES: '4' }, { withWorker: false });
    await seedCustomers(t.app, 2000);
    await Promise.all([spawnWorker(t), spawnWorker(t)]);
    const campaign = await t.app.campaigns.create({ title: 'shared', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(campaign.id, ['completed'], 60_000);
    const result = await checkExactlyOnce(t, campaign.id, 2000);
    expect(result).toMatchObject({ duplicates: 0, lost: 0, sent: 2000, unknown: 0, outboxLines: 2000 });
  }, 120_000);

  it('a SIGTERM mid-campaign stops the worker within 10 s and a restarted worker completes it without duplicates', async () => {
    t = await startTestApp({ DRY_RUN_LATENCY_MS: '2' }, { withWorker: false });
    await seedCustomers(t.app, 3000);
    const worker = await spawnWorker(t);
    const campaign = await t.app.campaigns.create({ title: 'term', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await expect.poll(async () => (await t!.app.campaigns.get(campaign.id)).counts.sent, { timeout: 20_000 }).toBeGreaterThan(100);
    let stoppedLine = '';
    worker.stdout?.on('data', (d: Buffer) => (stoppedLine += d.toString()));
    const signalled = Date.now();
    worker.kill('SIGTERM');
    expect(await exited(worker)).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(stoppedLine).toMatch(/stopped \d+/);
    const mid = await t.app.campaigns.get(campaign.id);
    expect(mid.status).toBe('processing');
    expect(mid.counts.sent).toBeLessThan(3000);
    await spawnWorker(t);
    await t.waitForCampaign(campaign.id, ['completed'], 60_000);
    const result = await checkExactlyOnce(t, campaign.id, 3000);
    expect(result).toMatchObject({ duplicates: 0, lost: 0, sent: 3000, unknown: 0 });
  }, 120_000);
});
