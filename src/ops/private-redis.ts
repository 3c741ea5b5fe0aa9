/**
 * Where the queue's Redis comes from. With REDIS_URL set we use it (after checking it will not evict
 * BullMQ's keys); without it we run a private `redis-server` from PATH, data under DATA_DIR/redis, so a
 * fresh machine needs no Redis set-up.
 *
 * The sharing rule: the first process of a DATA_DIR starts the server and records it in owner.json; later
 * processes (other roles, CLI commands) reuse it. The server runs in its own process group, so Ctrl-C in a
 * terminal reaches broadcast-bot (which drains its work first) and not Redis. `stop()` shuts the server down
 * only when no other client is connected and either this process started it or its starter has exited;
 * otherwise it leaves it running for the processes still using it. The last one out turns it off; a
 * server left behind by a crash is simply reused by the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { Config } from '../config/env.js';
import { t } from '../i18n/index.js';
import '../i18n/ops.js';
import type { Logger } from '../logging/logger.js';
import { clearOwner, processAlive, readOwner, tryLock, writeOwner } from './redis-owner.js';
import { redisOptionsFromUrl } from '../queue/redis.js';
import { displayRedisUrl, pingProblem, redisAnswers, withAdminClient } from './redis-url.js';

export interface RedisHandle {
  /** Give this to the app: `unix:///…/redis.sock`, `redis://127.0.0.1:PORT`, or REDIS_URL itself. */
  url: string;
  /** True when this process started the private server. */
  owned: boolean;
  /** Call after closing this process's own Redis clients; see the sharing rule above. */
  stop(): Promise<void>;
}

export interface EnsureRedisOptions {
  /** Directories searched for redis-server (default: process.env.PATH). */
  searchPath?: string;
  /** `port` forces a loopback TCP port instead of a unix socket. */
  transport?: 'auto' | 'port';
  /** How long to wait for a server to answer PING (default 30 s: a large AOF takes a while to load). */
  timeoutMs?: number;
}

/** redis-server is not installed; the message gives the install commands. The CLI exits 2 on it. */
export class RedisMissingError extends Error {
  readonly code = 'redis_missing';
  readonly messageKey = 'ops.redis_missing';
  constructor(locale: Config['BOT_LOCALE'] = 'en') {
    super(t(locale, 'ops.redis_missing'));
    this.name = 'RedisMissingError';
  }
}

/** Redis could not be reached (REDIS_URL) or the private server did not come up. */
export class RedisUnavailableError extends Error {
  readonly code = 'redis_unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * Returns a Redis URL to use: REDIS_URL (checked for `noeviction`) or a private redis-server for DATA_DIR,
 * started here or reused from another process.
 * @example const redis = await ensureRedis(config, logger); app.onClose(() => redis.stop());
 */
export async function ensureRedis(config: Config, logger: Logger, options: EnsureRedisOptions = {}): Promise<RedisHandle> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (config.REDIS_URL) {
    await checkExternalRedis(config.REDIS_URL, logger, config.BOT_LOCALE, Math.min(timeoutMs, 10_000));
    return { url: config.REDIS_URL, owned: false, stop: async () => undefined };
  }
  const binary = findExecutable('redis-server', options.searchPath ?? process.env.PATH ?? '');
  if (!binary) throw new RedisMissingError(config.BOT_LOCALE);
  const dir = join(config.DATA_DIR, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = await reuseRunning(dir, logger);
    if (running) return running;
    const release = tryLock(dir);
    if (release) {
      try {
        // Someone may have finished starting one between our check and the lock.
        return (await reuseRunning(dir, logger)) ?? (await startPrivate(dir, binary, options.transport ?? 'auto', deadline, config, logger));
      } finally {
        release();
      }
    }
    if (Date.now() > deadline) {
      throw new RedisUnavailableError(
        `Another process is starting the private Redis in ${dir} and it has not come up. ` +
          `If no broadcast-bot is running, delete ${join(dir, 'start.lock')} and start again.`,
      );
    }
    await sleep(100);
  }
}

/** The path of `name` in one of the `searchPath` directories, if it is there and executable. */
export function findExecutable(name: string, searchPath: string): string | null {
  for (const folder of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder; keep looking.
    }
  }
  return null;
}

async function checkExternalRedis(url: string, logger: Logger, locale: Config['BOT_LOCALE'], timeoutMs: number): Promise<void> {
  const options = redisOptionsFromUrl(url);
  const deadline = Date.now() + timeoutMs;
  for (let problem = await pingProblem(options, 1000); problem !== null; problem = await pingProblem(options, 1000)) {
    if (Date.now() > deadline) {
      throw new RedisUnavailableError(t(locale, 'ops.redis_unreachable', { url: displayRedisUrl(url), detail: problem }));
    }
    await sleep(250);
  }
  let policy: string;
  try {
    policy = await withAdminClient(options, async (client) => configGet(client, 'maxmemory-policy'));
  } catch (error) {
    // Managed services often disable CONFIG; we cannot check, so say what to verify by hand.
    logger.warn(
      { err: error },
      'Could not read Redis maxmemory-policy (CONFIG GET refused); make sure it is "noeviction" or BullMQ may lose queued jobs.',
    );
    return;
  }
  if (policy !== 'noeviction') {
    logger.warn(
      { policy },
      `Redis maxmemory-policy is "${policy}", so Redis may evict BullMQ's keys and lose queued jobs; fix: redis-cli CONFIG SET maxmemory-policy noeviction (and set it in redis.conf).`,
    );
  }
}

async function configGet(client: { call(...args: string[]): Promise<unknown> }, key: string): Promise<string> {
  const reply = await client.call('CONFIG', 'GET', key);
  if (Array.isArray(reply) && typeof reply[1] === 'string') return reply[1];
  // RESP3 returns a map.
  if (reply && typeof reply === 'object' && key in reply) return String((reply as Record<string, unknown>)[key]);
  throw new Error(`unexpected CONFIG GET ${key} reply`);
}

/** A handle on the server owner.json describes, if it answers and really serves this DATA_DIR. */
async function reuseRunning(dir: string, logger: Logger): Promise<RedisHandle | null> {
  const owner = readOwner(dir);
  if (!owner) return null;
  const options = redisOptionsFromUrl(owner.url);
  let servedDir: string;
  try {
    servedDir = await withAdminClient(options, (client) => configGet(client, 'dir'), 1000);
  } catch {
    return null; // Stale record: the server is gone (crash, reboot); the caller starts a new one.
  }
  // On a TCP port a different Redis may have taken the port since; never adopt someone else's server.
  if (realpathSync(servedDir) !== realpathSync(dir)) return null;
  logger.info({ redis: owner.url, startedBy: owner.startedBy }, 'Reusing the private Redis another broadcast-bot process started');
  return { url: owner.url, owned: false, stop: once(() => stopIfLast(dir, owner.url, false, logger)) };
}

async function startPrivate(
  dir: string,
  binary: string,
  transport: 'auto' | 'port',
  deadline: number,
  config: Config,
  logger: Logger,
): Promise<RedisHandle> {
  const socketPath = join(dir, 'redis.sock');
  // sun_path holds 104-108 bytes depending on the OS; long DATA_DIRs fall back to a loopback port.
  const socketUsable = transport === 'auto' && process.platform !== 'win32' && Buffer.byteLength(socketPath) <= 100;
  if (socketUsable) {
    try {
      return await launch(dir, binary, { socket: socketPath }, deadline, config, logger);
    } catch (error) {
      if (error instanceof RedisUnavailableError && Date.now() < deadline) {
        logger.warn({ err: error }, 'The private Redis could not use a unix socket; trying a loopback port instead');
      } else {
        throw error;
      }
    }
  }
  return launch(dir, binary, { port: await freeLoopbackPort() }, deadline, config, logger);
}

async function launch(
  dir: string,
  binary: string,
  listen: { socket: string } | { port: number },
  deadline: number,
  config: Config,
  logger: Logger,
): Promise<RedisHandle> {
  const confPath = join(dir, 'redis.conf');
  const logPath = join(dir, 'redis.log');
  writeFileSync(confPath, redisConf(dir, listen, logPath), { mode: 0o600 });
  const url =
    'socket' in listen
      ? `unix://${listen.socket.split('/').map(encodeURIComponent).join('/')}`
      : `redis://127.0.0.1:${listen.port}`;
  // detached: its own process group, so a terminal's Ctrl-C does not kill Redis under a draining worker.
  const child = spawn(binary, [confPath], { cwd: dir, detached: true, stdio: 'ignore' });
  child.unref();
  const failure = (detail: string) =>
    new RedisUnavailableError(t(config.BOT_LOCALE, 'ops.redis_start_failed', { detail, log: logPath }));
  let spawnError: Error | null = null;
  child.once('error', (error) => (spawnError = error));
  const options = redisOptionsFromUrl(url);
  for (;;) {
    if (spawnError) throw failure((spawnError as Error).message);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw failure(`redis-server exited with ${child.exitCode ?? child.signalCode}: ${lastLines(logPath, 3)}`);
    }
    if (await redisAnswers(options, 500)) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw failure('no answer to PING in time');
    }
    await sleep(50);
  }
  const pid = child.pid ?? 0;
  writeOwner(dir, { url, redisPid: pid, startedBy: process.pid, startedAt: new Date().toISOString() });
  logger.info(
    { redis: url, redisPid: pid, dir },
    'Started a private Redis (data in DATA_DIR/redis, append-only file on, maxmemory-policy noeviction)',
  );
  return { url, owned: true, stop: once(() => stopIfLast(dir, url, true, logger, child)) };
}

/** redis.conf for the private server; rewritten on every start so edits do not linger. */
function redisConf(dir: string, listen: { socket: string } | { port: number }, logPath: string): string {
  const q = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = [
    '# Written by broadcast-bot each time it starts its private Redis; edits are overwritten.',
    'daemonize no',
    `dir ${q(dir)}`,
    ...('socket' in listen
      ? ['port 0', `unixsocket ${q(listen.socket)}`, 'unixsocketperm 700']
      : [`port ${listen.port}`, 'bind 127.0.0.1']),
    `pidfile ${q(join(dir, 'redis.pid'))}`,
    `logfile ${q(logPath)}`,
    // BullMQ needs every write kept: AOF fsynced each second, and errors instead of evictions when full.
    'appendonly yes',
    'appendfsync everysec',
    'save ""',
    'maxmemory-policy noeviction',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Shuts the server at `url` down when no other client is connected and either we started it or its
 * starter is gone; otherwise leaves it for the processes still using it.
 */
async function stopIfLast(dir: string, url: string, owned: boolean, logger: Logger, child?: ChildProcess): Promise<void> {
  const starter = readOwner(dir)?.startedBy;
  const starterGone = starter === undefined || (starter !== process.pid && !processAlive(starter));
  if (!owned && !starterGone) return; // Its starter still runs and will decide.
  let state: { others: string[]; pid: number };
  try {
    state = await withAdminClient(redisOptionsFromUrl(url), async (client) => {
      // Connections this process closed a moment ago may still be listed; give them a second to go.
      const deadline = Date.now() + CLIENTS_SETTLE_MS;
      let others = await otherClients(client);
      while (others.length > 0 && Date.now() < deadline) {
        await sleep(50);
        others = await otherClients(client);
      }
      const info = await client.info('server');
      return { others, pid: Number(/process_id:(\d+)/.exec(info)?.[1] ?? 0) };
    });
  } catch {
    clearOwner(dir, url); // Already gone.
    return;
  }
  if (state.others.length > 0) {
    logger.info(
      { redis: url, otherClients: state.others },
      'Leaving the private Redis running for the processes still using it',
    );
    return;
  }
  if (!state.pid) return;
  // SIGTERM makes Redis fsync the append-only file and exit cleanly (same as SHUTDOWN, without a dropped reply).
  process.kill(state.pid, 'SIGTERM');
  await waitForExit(state.pid, child, 10_000);
  clearOwner(dir, url);
  logger.info({ redis: url }, 'Stopped the private Redis');
}

const CLIENTS_SETTLE_MS = 1000;

/** Names (or addresses) of the clients connected besides the asking connection itself. */
async function otherClients(client: { call(...args: string[]): Promise<unknown> }): Promise<string[]> {
  const lines = String(await client.call('CLIENT', 'LIST'))
    .split('\n')
    .filter((line) => line.trim() !== '');
  const self = String(await client.call('CLIENT', 'ID'));
  return lines
    .filter((line) => !line.startsWith(`id=${self} `))
    .map((line) => /\bname=(\S+)/.exec(line)?.[1] || /\baddr=(\S+)/.exec(line)?.[1] || 'unnamed');
}

async function waitForExit(pid: number, child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exited = () => (child && child.pid === pid ? child.exitCode !== null || child.signalCode !== null : !processAlive(pid));
  while (!exited()) {
    if (Date.now() > deadline) {
      throw new RedisUnavailableError(`The private Redis (pid ${pid}) did not exit within ${timeoutMs} ms of SIGTERM.`);
    }
    await sleep(25);
  }
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function lastLines(path: string, count: number): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-count).join(' | ');
  } catch {
    return '(no log written)';
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= fn());
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
