/**
 * Shared pieces of the fault suite: worker processes, a private redis-server the test may kill, and the one
 * outcome check every scenario ends with (nobody twice, nobody lost, `unknown` only for sends that started).
 * `FAULTS_LONG=1` (npm run test:faults) selects the long variants.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp } from '../helpers/app.js';
import { exited, spawnReady } from '../helpers/child.js';
import { freePort } from '../helpers/global-redis.js';
import { sleep, waitUntil as pollUntil } from '../helpers/wait.js';

/** True under `npm run test:faults`: the long variants of each scenario. */
export const LONG = process.env.FAULTS_LONG === '1';

/** Starts a worker process on the test app's store and queue. */
export async function spawnWorker(app: TestApp, children: ChildProcess[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = await spawnReady('test/helpers/worker-child.ts', { ...app.env, TEST_PREFIX: app.app.prefix, ...env });
  children.push(child);
  return child;
}

/** Kills every child still running (afterEach). */
export async function killAll(children: ChildProcess[]): Promise<void> {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
}

export interface Outcome {
  total: number;
  sent: number;
  unknown: number;
  pending: number;
  duplicates: number;
  sentMissingFromOutbox: number;
  /** `unknown` recipients the sender never got (with a 0 ms dry-run sender: not in the outbox). */
  unknownNeverHanded: number;
  outboxLines: number;
}

/** Compares the store with the dry-run outbox. */
export async function outcome(t: TestApp, campaignId: string): Promise<Outcome> {
  const lines = t.outbox().filter((l) => l.campaignId === campaignId);
  const perRecipient = new Map<string, number>();
  for (const l of lines) perRecipient.set(l.recipientId ?? '', (perRecipient.get(l.recipientId ?? '') ?? 0) + 1);
  return compare(await recipientsOf(t, campaignId), perRecipient, lines.length);
}

/**
 * Compares the store with what a Cloud API number's fake accepted (`accepted`: the fake's records, every one of them
 * for this campaign): "the outbox" is the fake's list, matched to recipients by number.
 */
export async function cloudOutcome(t: TestApp, campaignId: string, accepted: { to: string }[]): Promise<Outcome> {
  const all = await recipientsOf(t, campaignId);
  const idOf = new Map(all.map((r) => [r.phone, r.id]));
  const perRecipient = new Map<string, number>();
  for (const m of accepted) {
    const id = idOf.get(m.to) ?? `stranger:${m.to}`;
    perRecipient.set(id, (perRecipient.get(id) ?? 0) + 1);
  }
  return compare(all, perRecipient, accepted.length);
}

async function recipientsOf(t: TestApp, campaignId: string) {
  const all = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await t.app.store.recipients.list(campaignId, { limit: 2000, ...(afterId ? { afterId } : {}) });
    if (page.length === 0) break;
    all.push(...page);
    afterId = page[page.length - 1]!.id;
  }
  return all;
}

function compare(all: Awaited<ReturnType<typeof recipientsOf>>, perRecipient: Map<string, number>, lines: number): Outcome {
  const sent = all.filter((r) => r.status === 'sent');
  const unknown = all.filter((r) => r.status === 'unknown');
  return {
    total: all.length,
    sent: sent.length,
    unknown: unknown.length,
    pending: all.filter((r) => r.status === 'pending').length,
    duplicates: [...perRecipient.values()].filter((n) => n > 1).length,
    sentMissingFromOutbox: sent.filter((r) => !perRecipient.has(r.id)).length,
    unknownNeverHanded: unknown.filter((r) => !perRecipient.has(r.id)).length,
    outboxLines: lines,
  };
}

/** A redis-server of the test's own, which it may kill and restart (with or without its AOF). */
export class PrivateRedis {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(dir: string): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), dir);
    mkdirSync(dir, { recursive: true });
    await redis.launch(true);
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server; `aof` false starts it empty with persistence off (every queue key gone). */
  async launch(aof: boolean): Promise<void> {
    const dir = aof ? this.dir : join(this.dir, `empty-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--maxmemory-policy', 'noeviction'];
    args.push(...(aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    const { Redis } = await import('ioredis');
    const deadline = Date.now() + 15_000;
    for (;;) {
      const client = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await client.connect();
        // Loading an AOF answers LOADING until done.
        if ((await client.ping()) === 'PONG') {
          client.disconnect();
          return;
        }
      } catch (error) {
        if (Date.now() > deadline) throw error;
      } finally {
        client.disconnect();
      }
      await sleep(100);
    }
  }

  /** SIGKILL, as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await exited(child);
  }
}

/** Polls `check` every `everyMs` until it returns true; throws with `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  // The polling itself lives once in test/helpers; fault tests only name what they wait for first.
  await pollUntil(check, { what, timeoutMs, everyMs });
}
