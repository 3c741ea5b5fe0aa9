import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { schedules } from '../../src/bots/console/commands/schedules.js';
import { UsageError, type CliContext } from '../../src/bots/console/context.js';
import { runCli } from '../../src/cli.js';
import { startTestApp, testEnv, type TestApp } from '../helpers/app.js';
import { seedCustomers } from '../helpers/seed.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { dropPrefix } from '../schedules/fixtures/redis-cleanup.js';
import { captureStream } from '../helpers/streams.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps) {
    await t.close();
    await dropPrefix(t.app.redis.url, t.app.prefix);
  }
  apps = [];
});

/** Runs `schedules …` against a test app (random Redis prefix), the way the CLI calls a command group. */
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
  const code = await schedules(ctx);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the real CLI entry in this process (exit code mapping included) with a fresh DATA_DIR. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runCli(['schedules', ...args], testEnv(makeTempDir(), env), { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('broadcast-bot schedules', () => {
  it('creates a recurring schedule, printing its id on a line of its own and the next 3 runs; list, pause, resume, delete', async () => {
    const t = await startTestApp({}, { withWorker: false });
    apps.push(t);
    await seedCustomers(t.app, 5, 'vip');

    const created = await run(t, ['create', '--title', 'Promo', '--message', 'Halo {{name}}', '--tag', 'VIP', '--cron', '0 9 * * 1', '--tz', 'Asia/Jakarta', '--name', 'Senin pagi']);
    expect(created.code).toBe(0);
    const id = /^schedule (\w+)$/m.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    const runs = created.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(runs).toHaveLength(3);
    for (const line of runs) expect(line).toMatch(/^ {2}Mon \d{4}-\d{2}-\d{2} 09:00 Asia\/Jakarta$/);
    expect(created.stderr).toContain('Recipients now: 5');
    expect(await t.app.store.schedules.get(id!)).toMatchObject({ name: 'Senin pagi', cron: '0 9 * * 1', draft: { audience: { kind: 'tags', tags: ['vip'] } } });

    const listed = await run(t, ['list']);
    expect(listed.stdout.split('\n')[0]).toBe('ID\tSTATUS\tWHEN\tNEXT\tLAST\tNAME');
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\tactive\\tevery Monday 09:00 \\(Asia/Jakarta\\)\\tMon .*09:00 Asia/Jakarta\\t-\\tSenin pagi$`, 'm'));

    expect((await run(t, ['pause', id!])).stdout).toBe(`⏸ Schedule ${id} paused.\n`);
    expect((await run(t, ['list'])).stdout).toMatch(new RegExp(`^${id}\\tpaused\\t`, 'm'));
    const resumed = await run(t, ['resume', id!]);
    expect(resumed.stdout.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(3);
    expect((await run(t, ['delete', id!])).stdout).toBe(`🗑 Schedule ${id} deleted.\n`);
    expect((await run(t, ['list'])).stdout).toBe('No schedules yet.\n');
  });

  it('creates a send-at from a wall-clock time read in --tz, in Indonesian when BOT_LOCALE=id', async () => {
    const t = await startTestApp({}, { withWorker: false });
    apps.push(t);
    await seedCustomers(t.app, 2);
    const created = await run(t, ['create', '--title', 'Jumat', '--message', 'Halo', '--all', '--at', '2099-06-05 18:00', '--tz', 'Asia/Makassar'], {
      BOT_LOCALE: 'id',
    });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^schedule \w+\nJadwal kirim berikutnya:\n {2}Jum 2099-06-05 18:00 Asia\/Makassar\n$/);
    const id = /^schedule (\w+)$/m.exec(created.stdout)?.[1];
    expect((await t.app.store.schedules.get(id!))?.at?.toISOString()).toBe('2099-06-05T10:00:00.000Z');
  });

  it('treats bad usage as a usage error', async () => {
    const t = await startTestApp({}, { withWorker: false });
    apps.push(t);
    for (const args of [
      [],
      ['frobnicate'],
      ['create', '--title', 'T', '--message', 'M', '--all'],
      ['create', '--title', 'T', '--message', 'M', '--all', '--tag', 'x', '--cron', '* * * * *'],
      ['create', '--title', 'T', '--message', 'M', '--all', '--cron', '* * * * *', '--at', '2099-01-01 10:00'],
      ['create', '--message', 'M', '--all', '--cron', '* * * * *'],
      ['create', '--title', 'T', '--message', 'M', '--all', '--cron', '* * * * *', '--bogus'],
      ['pause'],
    ]) {
      await expect(run(t, args), args.join(' ')).rejects.toBeInstanceOf(UsageError);
    }
  });

  it.each([
    [['--cron', '61 * * * *'], 'The cron expression "61 * * * *" is invalid: "61" cannot be the minute (0–59).'],
    [['--at', '2020-01-01 10:00'], 'The time Wed 2020-01-01 10:00 Asia/Jakarta is in the past. Choose a time in the future.'],
    [['--cron', '0 9 * * *', '--tz', 'Mars/Olympus'], 'The time zone "Mars/Olympus" is unknown.'],
    [['--at', 'next friday'], 'The time "next friday" is not understood.'],
  ])('exits 2 with a clear message for %j', async (when, message) => {
    const result = await cli(['create', '--title', 'T', '--message', 'Halo', '--all', ...when], { BOT_LOCALE: 'en' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 for an unknown schedule id and for bad usage', async () => {
    const missing = await cli(['pause', 'zzzzzzzz'], { BOT_LOCALE: 'en' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Schedule zzzzzzzz was not found.');
    const usage = await cli(['create', '--title', 'T']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--message is required');
  });

  it('the broadcast-bot binary exits 2 on an invalid cron expression', async () => {
    const env = { ...process.env, ...testEnv(makeTempDir(), { BOT_LOCALE: 'en' }) };
    const child = spawn(process.execPath, ['bin/broadcast-bot.js', 'schedules', 'create', '--title', 'T', '--message', 'M', '--all', '--cron', '*/0 * * * *'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toContain('The cron expression "*/0 * * * *" is invalid:');
    expect(code).toBe(2);
  }, 60_000);
});
