import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createLogger, silentLogger } from '../../src/logging/logger.js';
import { ensureRedis, RedisMissingError, RedisUnavailableError, type RedisHandle } from '../../src/ops/private-redis.js';
import { redisAnswers } from '../../src/ops/redis-url.js';
import { redisOptionsFromUrl } from '../../src/queue/redis.js';
import { freePort } from '../helpers/global-redis.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';

const tempDir = useTempDir('bb-ops-redis-');
const handles: RedisHandle[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  // Owned handles last, so reusers let go first.
  for (const handle of handles.splice(0).reverse()) await handle.stop();
});

async function ensure(dataDir: string, options?: Parameters<typeof ensureRedis>[2]): Promise<RedisHandle> {
  const handle = await ensureRedis(loadConfig({ DATA_DIR: dataDir }), silentLogger(), options);
  handles.push(handle);
  return handle;
}

async function withClient<T>(url: string, fn: (client: Redis) => Promise<T>): Promise<T> {
  const { url: _url, ...options } = redisOptionsFromUrl(url);
  const client = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

const configValue = (client: Redis, key: string) =>
  client.call('CONFIG', 'GET', key).then((reply) => (reply as string[])[1]);

function capturingLogger() {
  const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', pretty: false, destination }), lines };
}

/** Runs test/ops/fixtures/redis-starter.ts as a separate OS process on `dataDir`. */
async function startOtherProcess(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/redis-starter.ts'), dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the other process exited before reporting its Redis');
  const reported = JSON.parse(first.value) as { url: string; owned: boolean };
  return {
    ...reported,
    async stop() {
      child.stdin!.write('stop\n');
      const answer = await lines.next();
      expect(answer.value).toBe('stopped');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    },
  };
}

describe('private Redis (REDIS_URL unset)', () => {
  it('starts redis-server on a socket in DATA_DIR/redis with AOF and noeviction, reuses it, and stop() ends it', async () => {
    const dataDir = tempDir();
    const first = await ensure(dataDir);
    expect(first.owned).toBe(true);
    expect(first.url).toBe(`unix://${join(dataDir, 'redis', 'redis.sock')}`);

    await withClient(first.url, async (client) => {
      expect(await configValue(client, 'appendonly')).toBe('yes');
      expect(await configValue(client, 'appendfsync')).toBe('everysec');
      expect(await configValue(client, 'maxmemory-policy')).toBe('noeviction');
      expect(await configValue(client, 'save')).toBe('');
      expect(realpathSync(String(await configValue(client, 'dir')))).toBe(realpathSync(join(dataDir, 'redis')));
    });
    const owner = JSON.parse(readFileSync(join(dataDir, 'redis', 'owner.json'), 'utf8')) as { redisPid: number; url: string };
    expect(owner.url).toBe(first.url);
    expect(() => process.kill(owner.redisPid, 0)).not.toThrow();

    const second = await ensure(dataDir);
    expect(second).toMatchObject({ url: first.url, owned: false });
    await second.stop();
    expect(await redisAnswers(redisOptionsFromUrl(first.url))).toBe(true);

    await first.stop();
    expect(await redisAnswers(redisOptionsFromUrl(first.url))).toBe(false);
    expect(() => process.kill(owner.redisPid, 0)).toThrow();
    expect(existsSync(join(dataDir, 'redis', 'owner.json'))).toBe(false);
  });

  it('keeps queued data across a stop and a new start (append-only file)', async () => {
    const dataDir = tempDir();
    const first = await ensure(dataDir);
    await withClient(first.url, (client) => client.rpush('bull:test:wait', 'job-1', 'job-2'));
    await first.stop();

    const again = await ensure(dataDir);
    expect(again.owned).toBe(true);
    expect(await withClient(again.url, (client) => client.lrange('bull:test:wait', 0, -1))).toEqual(['job-1', 'job-2']);
  });

  it('is shared with another process: the last one out shuts it down', async () => {
    const dataDir = tempDir();
    const other = await startOtherProcess(dataDir);
    expect(other.owned).toBe(true);

    const mine = await ensure(dataDir);
    expect(mine).toMatchObject({ url: other.url, owned: false });

    // While this process still has a connection, the starter's stop() must leave the server alone.
    const { url: _url, ...options } = redisOptionsFromUrl(mine.url);
    const client = new Redis({ ...options, maxRetriesPerRequest: 1 });
    await client.set('still', 'here');
    await other.stop();
    expect(await client.get('still')).toBe('here');
    client.disconnect();

    // The starter is gone and nobody else is connected: this process turns it off.
    await mine.stop();
    expect(await redisAnswers(redisOptionsFromUrl(mine.url))).toBe(false);
  });

  it('starts exactly one server when two processes start at the same moment', async () => {
    const dataDir = tempDir();
    const [a, b] = await Promise.all([startOtherProcess(dataDir), startOtherProcess(dataDir)]);
    expect(a.url).toBe(b.url);
    expect([a.owned, b.owned].sort()).toEqual([false, true]);
    const reuser = a.owned ? b : a;
    const starter = a.owned ? a : b;
    await reuser.stop();
    expect(await redisAnswers(redisOptionsFromUrl(a.url))).toBe(true);
    await starter.stop();
    expect(await redisAnswers(redisOptionsFromUrl(a.url))).toBe(false);
  });

  it('replaces a server that died without cleaning up (stale owner.json)', async () => {
    const dataDir = tempDir();
    const first = await ensure(dataDir);
    const { redisPid } = JSON.parse(readFileSync(join(dataDir, 'redis', 'owner.json'), 'utf8')) as { redisPid: number };
    process.kill(redisPid, 'SIGKILL');
    await waitUntil(async () => !(await redisAnswers(redisOptionsFromUrl(first.url))), { what: 'the killed redis-server to stop answering' });

    const second = await ensure(dataDir);
    expect(second.owned).toBe(true);
    const { redisPid: newPid } = JSON.parse(readFileSync(join(dataDir, 'redis', 'owner.json'), 'utf8')) as { redisPid: number };
    expect(newPid).not.toBe(redisPid);
    expect(await withClient(second.url, (client) => client.ping())).toBe('PONG');
  });

  it('falls back to a loopback port when DATA_DIR is too long for a unix socket', async () => {
    const dataDir = join(tempDir(), 'a-rather-long-folder-name-for-data'.repeat(3));
    mkdirSync(dataDir, { recursive: true });
    const handle = await ensure(dataDir);
    expect(handle.owned).toBe(true);
    expect(handle.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    await withClient(handle.url, async (client) => {
      expect(await configValue(client, 'appendonly')).toBe('yes');
      expect(await configValue(client, 'bind')).toBe('127.0.0.1');
    });
    expect(await ensure(dataDir)).toMatchObject({ url: handle.url, owned: false });
  });

  it('says how to install Redis when redis-server is not on PATH', async () => {
    const emptyBin = tempDir();
    const attempt = ensureRedis(loadConfig({ DATA_DIR: tempDir(), BOT_LOCALE: 'en' }), silentLogger(), {
      searchPath: emptyBin,
    });
    await expect(attempt).rejects.toBeInstanceOf(RedisMissingError);
    await expect(attempt).rejects.toThrow(/sudo apt-get install redis-server/);
    await expect(attempt).rejects.toThrow(/brew install redis/);

    const inIndonesian = ensureRedis(loadConfig({ DATA_DIR: tempDir(), BOT_LOCALE: 'id' }), silentLogger(), {
      searchPath: emptyBin,
    });
    await expect(inIndonesian).rejects.toThrow(/tidak ditemukan di PATH[\s\S]*sudo apt-get install redis-server/);
  });

  it('makes `broadcast-bot start` exit 2 with the install hint when PATH has no redis-server', async () => {
    const dataDir = tempDir();
    const cli = join(import.meta.dirname, '../../bin/broadcast-bot.js');
    const child = spawn(process.execPath, [cli, 'start'], {
      env: { PATH: tempDir(), HOME: dataDir, DATA_DIR: dataDir, BOT_LOCALE: 'en', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toContain('sudo apt-get install redis-server');
    expect(stderr).toContain('brew install redis');
    expect(code).toBe(2);
    expect(existsSync(join(dataDir, 'redis', 'owner.json'))).toBe(false);
  });
});

describe('REDIS_URL set', () => {
  it('warns in one line naming the fix when maxmemory-policy is not noeviction', async () => {
    const dir = tempDir();
    const port = await freePort();
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--maxmemory-policy', 'allkeys-lru'],
      { stdio: 'ignore' },
    );
    children.push(server);
    const { logger, lines } = capturingLogger();
    const handle = await ensureRedis(loadConfig({ DATA_DIR: dir, REDIS_URL: `redis://127.0.0.1:${port}` }), logger);
    expect(handle).toMatchObject({ url: `redis://127.0.0.1:${port}`, owned: false });

    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('"allkeys-lru"');
    expect(warnings[0]?.msg).toContain('CONFIG SET maxmemory-policy noeviction');
    expect(warnings[0]?.msg).not.toContain('\n');
    await handle.stop();
    expect(await redisAnswers({ port, host: '127.0.0.1' })).toBe(true); // never stops a server it did not start
  });

  it('does not warn when the policy is noeviction', async () => {
    const { logger, lines } = capturingLogger();
    const url = inject('redisUrl');
    const handle = await ensureRedis(loadConfig({ DATA_DIR: tempDir(), REDIS_URL: url }), logger);
    expect(handle.url).toBe(url);
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
  });

  it('fails with a clear error, password hidden, when REDIS_URL does not answer', async () => {
    const port = await freePort();
    const config = loadConfig({ DATA_DIR: tempDir(), REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${port}`, BOT_LOCALE: 'en' });
    const attempt = ensureRedis(config, silentLogger(), { timeoutMs: 300 });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/does not answer .*Check REDIS_URL/);
    await expect(attempt).rejects.not.toThrow(/s3cret-pass/);
  });
});
