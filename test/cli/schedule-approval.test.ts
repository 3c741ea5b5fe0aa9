/** `schedules approve|reject` (issue 15): the author is refused with exit 2, another admin approves; reject pauses. */
import { afterEach, describe, expect, it } from 'vitest';
import { schedules } from '../../src/bots/console/commands/schedules.js';
import { UsageError, type CliContext } from '../../src/bots/console/context.js';
import { readScheduleApproval } from '../../src/schedules/approval.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedCustomers } from '../helpers/seed.js';
import { captureStream } from '../helpers/streams.js';
import { dropPrefix } from '../schedules/fixtures/redis-cleanup.js';

let apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps) {
    await t.close();
    await dropPrefix(t.app.redis.url, t.app.prefix);
  }
  apps = [];
});

/** Runs `schedules …` as the terminal user `user` (what BROADCAST_USER or the OS user name gives). */
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
  const code = await schedules(ctx);
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
  const created = await run(t, user, ['create', '--title', title, '--message', 'Halo {{name}}', '--all', '--cron', '0 9 * * 1']);
  expect(created.stderr).toContain('Waiting for approval by another admin; until then it does not run.');
  const id = /^schedule (\S+)\n/.exec(created.stdout)?.[1];
  expect(id).toBeDefined();
  return id as string;
}

describe('schedules approve / reject from the CLI (issue 15)', () => {
  it('lists it as awaiting approval; refuses its author (exit 2); another admin approves; reject pauses with the reason', async () => {
    const t = await startTestApp({ APPROVAL_MIN_RECIPIENTS: '2' }, { withWorker: false });
    apps.push(t);
    await seedCustomers(t.app, 2);
    const id = await createAs(t, 'ayu', 'Weekly');
    const listed = await run(t, 'ayu', ['list']);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\tawaiting approval\\t`, 'm'));

    expect(await refused(t, 'ayu', ['approve', id])).toBe(`You saved schedule ${id}; another admin must approve it.`);
    const approved = await run(t, 'budi', ['approve', id]);
    expect([approved.code, approved.stderr]).toEqual([0, `schedule ${id} approved; it runs as scheduled.\n`]);
    expect((await run(t, 'ayu', ['list'])).stdout).toMatch(new RegExp(`^${id}\\tactive\\t`, 'm'));
    expect(await refused(t, 'budi', ['approve', id])).toBe(`Schedule ${id} is already approved.`);

    const other = await createAs(t, 'ayu', 'Monthly');
    const rejected = await run(t, 'budi', ['reject', other, '--reason', 'too often']);
    expect(rejected.stderr).toBe(`schedule ${other} rejected and paused.\n`);
    expect((await t.app.store.schedules.get(other))?.enabled).toBe(false);
    expect(await readScheduleApproval(t.app, other)).toMatchObject({ state: 'rejected', reason: 'too often', decidedBy: { surface: 'cli', userId: 'budi' } });
    expect((await run(t, 'ayu', ['list'])).stdout).toMatch(new RegExp(`^${other}\\tpaused\\t`, 'm'));
  });
});
