/**
 * Several sender accounts over several worker processes (issue 16): three accounts (two dry-run, one on the Cloud
 * API against the fake Graph API, which the worker processes reach over HTTP), two workers. Each worker
 * owns the accounts it could take (up to WORKER_MAX_ACCOUNTS) and stands by for the rest; three campaigns, one per
 * account, send at once, each on its own account's pacing counter. SIGKILL of the worker that owns one of them
 * moves that account to the other worker within one lease (WORKER_LOCK_MS), and nobody is sent twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { Campaign } from '../../src/campaigns/types.js';
import { leaseOwner } from '../../src/queue/account-lease.js';
import { addAccount } from '../../src/whatsapp/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exited } from '../helpers/child.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_TOKEN, FAKE_WABA_ID, FakeGraphApi } from '../fakes/graph-api.js';
import { cloudOutcome, killAll, outcome, spawnWorker, waitUntil } from './harness.js';

const children: ChildProcess[] = [];
let t: TestApp | null = null;
let graph: FakeGraphApi | null = null;
afterEach(async () => {
  await killAll(children);
  await t?.close();
  await graph?.stop();
  t = null;
  graph = null;
});

const RECIPIENTS = 120;
const LANES = 2;
const ACCOUNTS = ['toko-a', 'toko-b', 'toko-c'] as const;
/** toko-a (the killed worker's) sends through the Cloud API (the fake Graph API); the others are dry-run (the outbox). */
const CLOUD = 'toko-a';

describe('fault: sender accounts over two worker processes', () => {
  it('three accounts (one Cloud) send at once from two workers; SIGKILL moves the dead worker\'s accounts, 0 duplicates', async () => {
    graph = await new FakeGraphApi().start();
    // A limit the campaign stays under, so the Cloud number's window of unique customers is counted.
    graph.phone = { ...graph.phone, tier: 'TIER_1K' };
    t = await startTestApp(
      {
        // Paced (one send per 50 ms per account), so the three campaigns are still sending when the worker dies.
        SEND_RATE_PER_MINUTE: '1200',
        // The Cloud number paces by its own setting: 20 a second is the same 50 ms.
        CLOUD_SEND_PER_SECOND: '20',
        WHATSAPP_CLOUD_TOKEN: FAKE_TOKEN,
        WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
        GRAPH_API_URL: graph.url,
        SEND_JITTER_MS: '0',
        WORKER_LOCK_MS: '3000',
        CAMPAIGN_LANES: String(LANES),
        WORKER_CONCURRENCY: '8',
      },
      { withWorker: false },
    );
    const app = t.app;
    for (const name of ACCOUNTS) {
      await addAccount(app.store, name === CLOUD ? { name, driver: 'cloud', phoneNumberId: FAKE_PHONE_NUMBER_ID, wabaId: FAKE_WABA_ID } : { name, driver: 'dry-run' });
    }
    await seedCustomers(app, RECIPIENTS);
    // The first worker may own two accounts (`default` and toko-a, in list order); the second takes the rest.
    const first = await spawnWorker(t, children, { WORKER_MAX_ACCOUNTS: '2' });
    await waitUntil('the first worker to own two accounts', async () => (await leaseOwner(app.engine.redis, app.prefix, 'toko-a')) !== null);
    const second = await spawnWorker(t, children, { WORKER_MAX_ACCOUNTS: '10' });
    await waitUntil('the second worker to own the others', async () => {
      const owners = await Promise.all(ACCOUNTS.map((a) => leaseOwner(app.engine.redis, app.prefix, a)));
      return owners.every((o) => o !== null);
    });
    const firstOwner = await leaseOwner(app.engine.redis, app.prefix, 'toko-a');
    const secondOwner = await leaseOwner(app.engine.redis, app.prefix, 'toko-b');
    expect(firstOwner).not.toBe(secondOwner);
    expect(await leaseOwner(app.engine.redis, app.prefix, 'toko-c')).toBe(secondOwner);
    expect(await leaseOwner(app.engine.redis, app.prefix, 'default')).toBe(firstOwner);

    const campaigns: Campaign[] = [];
    for (const account of ACCOUNTS) {
      const template = account === CLOUD ? { whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } } } : {};
      campaigns.push(await app.campaigns.create({ title: `from ${account}`, template: 'Halo {{name}}', ...template, audience: { kind: 'all' }, account }, CLI_ACTOR));
    }
    expect(campaigns.map((c) => c.account)).toEqual([...ACCOUNTS]);
    const sent = async (id: string) => (await app.campaigns.get(id)).counts.sent;
    // All three send at once: each has sent some while none is finished.
    await waitUntil('all three campaigns to be sending', async () => {
      const counts = await Promise.all(campaigns.map((c) => sent(c.id)));
      return counts.every((n) => n >= 10);
    }, 60_000);
    const midway = await Promise.all(campaigns.map((c) => app.campaigns.get(c.id)));
    expect(midway.every((c) => c.status === 'processing')).toBe(true);

    first.kill('SIGKILL');
    await exited(first);
    // Within one lease (plus a renewal tick) the second worker owns toko-a, and `default` too.
    await waitUntil('toko-a to move to the second worker', async () => (await leaseOwner(app.engine.redis, app.prefix, 'toko-a')) === secondOwner, 60_000);
    expect(await leaseOwner(app.engine.redis, app.prefix, 'default')).toBe(secondOwner);
    expect(second.exitCode).toBeNull();

    for (const c of campaigns) await t.waitForCampaign(c.id, ['completed', 'failed'], 120_000);
    const resultOf = (c: Campaign) => (c.account === CLOUD ? cloudOutcome(t as TestApp, c.id, graph?.accepted ?? []) : outcome(t as TestApp, c.id));
    for (const c of campaigns) {
      const result = await resultOf(c);
      expect(result.total).toBe(RECIPIENTS);
      expect(result.duplicates).toBe(0);
      expect(result.pending).toBe(0);
      expect(result.sentMissingFromOutbox).toBe(0);
      expect(result.sent + result.unknown).toBe(RECIPIENTS);
      // Only the killed worker's lanes (of toko-a) can leave a send in doubt: one per lane.
      expect(result.unknown).toBeLessThanOrEqual(c.account === 'toko-a' ? LANES : 0);
      expect((await app.campaigns.get(c.id)).status).toBe('completed');
    }
    // The Cloud campaign went out through the Cloud API as its template, nothing of it to the outbox.
    const cloud = campaigns.find((c) => c.account === CLOUD) as Campaign;
    expect(t.outbox().filter((l) => l.campaignId === cloud.id)).toHaveLength(0);
    expect(graph.accepted.every((m) => m.template?.name === 'order_update')).toBe(true);
    // Each account paced on its own counter: today's count of each account is its own campaign's sends (for the
    // Cloud number, the unique customers of its 24-hour window: each recipient once).
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: app.config.SCHEDULE_TIMEZONE }).format(new Date());
    for (const c of campaigns) {
      const key = `${app.prefix}:pace:account:${c.account}`;
      const counted = c.account === CLOUD ? await app.engine.redis.zcard(`${key}:recipients-24h`) : Number(await app.engine.redis.get(`${key}:day:${day}`));
      const result = await resultOf(c);
      expect(counted).toBeGreaterThanOrEqual(result.sent);
      expect(counted).toBeLessThanOrEqual(result.sent + result.unknown + LANES);
    }
  }, 240_000);
});
