import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomPrefix } from '../../src/app.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exited } from '../helpers/child.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
let t: TestApp | null = null;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await t?.close();
  t = null;
});

/** Runs `broadcast-bot start` and resolves once it says it is running, with everything it printed so far. */
async function startCli(env: Record<string, string>, roles: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['bin/broadcast-bot.js', 'start', '--roles', roles], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('broadcast-bot is running')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}: ${output}`));
    });
  });
  return { child, output: () => output };
}

describe('broadcast-bot start', () => {
  it('starts with no chat token, says which surfaces are off, and a SIGTERM mid-campaign exits within 10 s; a restart completes it without duplicates', async () => {
    const prefix = randomPrefix('start');
    t = await startTestApp({ DRY_RUN_LATENCY_MS: '3' }, { withWorker: false, prefix });
    const env = { ...t.env, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', REDIS_URL: inject('redisUrl') };
    await seedCustomers(t.app, 2000);
    const first = await startCli(env, 'worker,scheduler');
    expect(first.output()).toContain('surfaces: telegram off (TELEGRAM_BOT_TOKEN not set), slack off');
    const campaign = await t.app.campaigns.create({ title: 'restart', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await expect.poll(async () => (await t!.app.campaigns.get(campaign.id)).counts.sent, { timeout: 20_000 }).toBeGreaterThan(50);
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    const stopMs = Date.now() - signalled;
    expect(stopMs).toBeLessThan(10_000);
    expect(first.output()).toMatch(/stopped in \d+ ms/);
    expect((await t.app.campaigns.get(campaign.id)).counts.sent).toBeLessThan(2000);

    const second = await startCli(env, 'worker');
    await t.waitForCampaign(campaign.id, ['completed'], 60_000);
    const lines = t.outbox().filter((l) => l.campaignId === campaign.id);
    expect(lines).toHaveLength(2000);
    expect(new Set(lines.map((l) => l.recipientId)).size).toBe(2000);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  }, 120_000);

  it('rejects an unknown role with exit code 2', async () => {
    const child = spawn(process.execPath, ['bin/broadcast-bot.js', 'start', '--roles', 'worker,coffee'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', REDIS_URL: inject('redisUrl'), DATA_DIR: '/tmp/bb-start-roles' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited(child)).toBe(2);
    expect(stderr).toContain('Unknown role(s): coffee.');
  });
});
