import { afterEach, describe, expect, it } from 'vitest';
import { campaigns } from '../../src/bots/console/commands/campaigns.js';
import { UsageError, type CliContext } from '../../src/bots/console/context.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedCustomers } from '../helpers/seed.js';
import { dropPrefix } from '../schedules/fixtures/redis-cleanup.js';
import { captureStream } from '../helpers/streams.js';
import { EXPECTED_RISK, RISK_ENV, RISK_MESSAGE, seedRiskStore } from '../campaigns/fixtures/risk-seed.js';

let apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps) {
    await t.close();
    await dropPrefix(t.app.redis.url, t.app.prefix);
  }
  apps = [];
});

/** Runs `campaigns …` as the terminal user `user` (what BROADCAST_USER or the OS user name gives). */
async function run(t: TestApp, user: string, args: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const ctx: CliContext = {
    args,
    env: { ...t.env, BOT_LOCALE: 'en' },
    stdout: stdout.stream,
    stderr: stderr.stream,
    actor: { surface: 'cli', userId: user },
    openApp: async () => t.app,
    openStore: async () => t.app,
  };
  const code = await campaigns(ctx);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function refused(t: TestApp, user: string, args: string[]): Promise<string> {
  const error = await run(t, user, args).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

async function createAs(t: TestApp, user: string, title: string): Promise<string> {
  const created = await run(t, user, ['create', '--title', title, '--message', 'Halo {{name}}', '--all']);
  const id = /^campaign (\S+)\n$/.exec(created.stdout)?.[1];
  expect(id).toBeDefined();
  return id as string;
}

describe('two-person approval from the CLI (issue 15)', () => {
  it('waits for another admin: the author is refused (exit 2), another admin approves and it sends; show lists the approver', async () => {
    const t = await startTestApp({ APPROVAL_MIN_RECIPIENTS: '3' });
    apps.push(t);
    await seedCustomers(t.app, 3, 'vip');
    const id = await createAs(t, 'ayu', 'Promo');
    expect((await t.app.campaigns.get(id)).status).toBe('awaiting_approval');
    const waiting = await run(t, 'ayu', ['create', '--title', 'Promo 2', '--message', 'Halo', '--all']);
    expect(waiting.stderr).toBe('3 recipients; waiting for approval by another admin (campaigns approve ID).\n');

    expect(await refused(t, 'ayu', ['approve', id])).toBe(`You created campaign ${id}; another admin must approve it.`);
    expect((await t.app.campaigns.get(id)).status).toBe('awaiting_approval');
    expect(t.outbox()).toHaveLength(0);

    const approved = await run(t, 'budi', ['approve', id]);
    expect(approved.code).toBe(0);
    expect(approved.stderr).toBe(`campaign ${id} approved; sending to 3 recipients.\n`);
    await t.waitForCampaign(id, ['completed']);
    expect(t.outbox()).toHaveLength(3);
    const shown = await run(t, 'ayu', ['show', id]);
    expect(shown.stdout).toMatch(/Approved by budi \(cli\) at \d{4}-/);
    // Approving again is refused: it is no longer waiting.
    await refused(t, 'budi', ['approve', id]);

    const actions = (await t.app.store.audit.list({ limit: 50 })).filter((e) => e.target === id).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['campaign.approval.request:ok', 'campaign.approve:refused', 'campaign.approve:ok']));
  });

  it('a smaller campaign is queued at once; reject cancels with the reason; an unapproved one expires', async () => {
    const t = await startTestApp({ APPROVAL_MIN_RECIPIENTS: '3', APPROVAL_TTL_HOURS: '1' });
    apps.push(t);
    await seedCustomers(t.app, 2, 'vip');
    const small = await createAs(t, 'ayu', 'Small');
    await t.waitForCampaign(small, ['completed']);

    await seedCustomers(t.app, 1, 'vip', 2);
    const rejected = await createAs(t, 'ayu', 'Wrong price');
    const answer = await run(t, 'budi', ['reject', rejected, '--reason', 'the price is wrong']);
    expect(answer.stderr).toBe(`campaign ${rejected} rejected.\n`);
    const after = await t.app.campaigns.get(rejected);
    expect([after.status, after.statusReason]).toEqual(['cancelled', 'approval_rejected']);
    expect((await run(t, 'ayu', ['show', rejected])).stdout).toMatch(/Rejected by budi \(cli\) at .+: the price is wrong/);

    const stale = await createAs(t, 'ayu', 'Forgotten');
    expect(await t.app.campaigns.sweepApprovals(new Date(Date.now() + 30 * 60_000))).toBe(0);
    expect(await t.app.campaigns.sweepApprovals(new Date(Date.now() + 61 * 60_000))).toBe(1);
    const expired = await t.app.campaigns.get(stale);
    expect([expired.status, expired.statusReason]).toEqual(['cancelled', 'approval_expired']);
    expect((await t.app.store.audit.list({ action: 'campaign.approval.expire' })).map((e) => e.target)).toEqual([stale]);
    expect(t.outbox()).toHaveLength(2);
  });

  it('APPROVAL_ON_HIGH_RISK holds a high-risk campaign; `campaigns preview --json` prints the seeded report and creates nothing', async () => {
    const t = await startTestApp({ ...RISK_ENV, APPROVAL_ON_HIGH_RISK: 'true' }, { withWorker: false });
    apps.push(t);
    await seedRiskStore(t.app);
    const before = (await t.app.store.campaigns.list()).length;
    const preview = await run(t, 'ayu', ['preview', '--tag', 'vip', '--message', RISK_MESSAGE, '--json']);
    const json = JSON.parse(preview.stdout) as Record<string, unknown> & { reasons: { code: string }[] };
    const { codes, ...figures } = EXPECTED_RISK;
    expect(json).toMatchObject(figures);
    expect(json.reasons.map((r) => r.code)).toEqual(codes);
    expect((await t.app.store.campaigns.list()).length).toBe(before);

    const human = await run(t, 'ayu', ['preview', '--tag', 'vip', '--message', RISK_MESSAGE]);
    expect(human.stdout).toContain('🔴 High risk');
    expect(human.stdout).toContain('10 selected − 1 opted out = 9 recipients');

    const risky = await run(t, 'ayu', ['create', '--title', 'Risky', '--message', RISK_MESSAGE, '--tag', 'vip']);
    const id = /^campaign (\S+)/.exec(risky.stdout)?.[1] ?? '';
    expect((await t.app.campaigns.get(id)).status).toBe('awaiting_approval');
    expect((await t.app.campaigns.approval(id))?.risk.level).toBe('high');
  });
});
