import { afterEach, describe, expect, it } from 'vitest';
import { campaigns } from '../../src/bots/console/commands/campaigns.js';
import { UsageError, type CliContext } from '../../src/bots/console/context.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { CLI_ACTOR, phoneAt, seedCustomers } from '../helpers/seed.js';
import { dropPrefix } from '../schedules/fixtures/redis-cleanup.js';
import { captureStream } from '../helpers/streams.js';

let apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps) {
    await t.close();
    await dropPrefix(t.app.redis.url, t.app.prefix);
  }
  apps = [];
});

/** Runs `campaigns …` against a test app, the way the CLI calls a command group. */
async function run(t: TestApp, args: string[], env: Record<string, string> = {}) {
  const stdout = captureStream();
  const stderr = captureStream();
  const ctx: CliContext = {
    args,
    env: { ...t.env, ...env },
    stdout: stdout.stream,
    stderr: stderr.stream,
    actor: { surface: 'cli', userId: 'tester' },
    openApp: async () => t.app,
    openStore: async () => t.app,
  };
  const code = await campaigns(ctx);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The message of the UsageError a refused command throws. */
async function refusal(t: TestApp, args: string[], env: Record<string, string> = {}): Promise<string> {
  const error = await run(t, args, env).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

describe('campaigns pause/resume/cancel/retry speak the terminal’s language (issue 11)', () => {
  it('with BOT_LOCALE=id, refusals and the retry lines are Indonesian; the `campaign <id>` stdout line stays as scripts parse it', async () => {
    // Every send fails, so the finished campaign has a failed recipient to retry.
    const t = await startTestApp({ DRY_RUN_FAIL_RATE: '1', MAX_SEND_ATTEMPTS: '1' });
    apps.push(t);
    await seedCustomers(t.app, 1, 'vip');
    const original = await t.app.campaigns.create({ title: 'Promo', template: 'Halo {{name}}', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(original.id, ['completed', 'failed']);
    const finished = (await t.app.campaigns.get(original.id)).status;
    const id = { BOT_LOCALE: 'id' };

    const resumeId = await refusal(t, ['resume', original.id], id);
    const word = { completed: ['selesai', 'completed'], failed: ['gagal', 'failed'] }[finished as 'completed' | 'failed'];
    expect(resumeId).toBe(`campaigns resume: campaign ${original.id} berstatus ${word[0]}; yang bisa dilakukan sekarang: retry.`);
    const resumeEn = await refusal(t, ['resume', original.id], { BOT_LOCALE: 'en' });
    expect(resumeEn).toBe(`campaigns resume: campaign ${original.id} is ${word[1]}; allowed now: retry.`);

    const first = await run(t, ['retry', original.id], id);
    const retryId = /^campaign (\S+)\n$/.exec(first.stdout)?.[1];
    expect(retryId).toBeDefined();
    expect(first.stderr).toBe(`retry: campaign ${retryId} mengirim ulang ke 1 penerima\n`);

    const again = await run(t, ['retry', original.id], id);
    expect(again.stdout).toBe(`campaign ${retryId}\n`);
    expect(again.stderr).toMatch(new RegExp(`^retry: campaign ${retryId} sudah mengirim ulang campaign ${original.id} \\(.+\\); tidak ada campaign baru\\n$`));
    expect(again.stderr).not.toMatch(/already|no new one|processing|pending|completed/);

  });

  it('create prints `campaign <id>` for scripts and the queued count in the terminal’s language', async () => {
    const t = await startTestApp();
    apps.push(t);
    await seedCustomers(t.app, 2, 'vip');
    const created = await run(t, ['create', '--title', 'Promo', '--message', 'Halo', '--all'], { BOT_LOCALE: 'id' });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^campaign \S+\n$/);
    expect(created.stderr).toBe('2 penerima masuk antrean.\n');
  });

  it('refuses retry of a campaign without failures in the terminal’s language', async () => {
    const t = await startTestApp();
    apps.push(t);
    const clean = await t.app.campaigns.create({ title: 'Bersih', template: 'Halo', audience: { kind: 'phones', phones: [phoneAt(0)] } }, CLI_ACTOR);
    await t.waitForCampaign(clean.id, ['completed']);
    expect(await refusal(t, ['retry', clean.id], { BOT_LOCALE: 'id' })).toBe(
      `campaigns retry: campaign ${clean.id} tidak punya penerima yang gagal; tidak ada yang bisa dilakukan sekarang.`,
    );
    expect(await refusal(t, ['pause', clean.id])).toBe(
      `campaigns pause: campaign ${clean.id} is completed; nothing can be done to it now.`,
    );
  });
});

describe('campaigns create warns about empty variables like the chat previews (issue 11)', () => {
  async function withNameless(): Promise<TestApp> {
    const t = await startTestApp({}, { withWorker: false });
    apps.push(t);
    await seedCustomers(t.app, 3);
    await t.app.store.customers.upsertMany([{ phone: phoneAt(50), name: null, tags: ['vip'], attributes: { kota: 'Depok' } }]);
    return t;
  }

  it('prints the warning in the terminal’s language and still creates the campaign', async () => {
    const t = await withNameless();
    const id = await run(t, ['create', '--title', 'Halo', '--message', 'Halo {{name}} dari {{kota}}!', '--all'], { BOT_LOCALE: 'id' });
    expect(id.code).toBe(0);
    expect(id.stdout).toMatch(/^campaign \w+\n$/);
    expect(id.stderr).toContain('⚠️ 1 dari 4 penerima tidak punya {{name}}; di pesan mereka bagian itu kosong. Saran: {{name|Pelanggan}}\n');
    const en = await run(t, ['create', '--title', 'Hi', '--message', 'Hi {{name}}!', '--all'], { BOT_LOCALE: 'en' });
    expect(en.stderr).toContain('⚠️ 1 of 4 recipients have no {{name}}; their message has a gap there. Suggested: {{name|Customer}}\n');
    expect(await t.app.store.campaigns.list()).toHaveLength(2);
    // A fallback answers it: no warning.
    const fine = await run(t, ['create', '--title', 'Ok', '--message', 'Hi {{name|Customer}}!', '--all'], { BOT_LOCALE: 'en' });
    expect(fine.stderr).not.toContain('⚠️');
  });

  it('--strict refuses (exit 2 through the CLI) and creates nothing', async () => {
    const t = await withNameless();
    expect(await refusal(t, ['create', '--title', 'Halo', '--message', 'Halo {{name}}!', '--all', '--strict'], { BOT_LOCALE: 'en' })).toBe(
      'Campaign not created (--strict): give the empty variables a fallback, e.g. {{name|Customer}}, or run without --strict.',
    );
    expect(await t.app.store.campaigns.list()).toHaveLength(0);
  });
});
