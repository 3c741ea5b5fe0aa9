/**
 * One WhatsApp account, one socket: a Redis lock (SET NX PX, renewed while held) decides which process
 * opens the account. A second socket on the same session makes WhatsApp close the first with 440
 * ("connection replaced"), and two processes reconnecting in turn would replace each other forever.
 * The owner also publishes its connection state here so other processes can show it.
 */
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { SenderState } from '../../campaigns/ports.js';
import type { Logger } from '../../logging/logger.js';

// Renews the lock and, with it, the published state (which lives twice as long as the lock). A lease that
// expired during a stall (GC, a blocked event loop) while nobody else took it is taken back.
const RENEW_SCRIPT = `
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then
  redis.call('pexpire', KEYS[2], ARGV[2] * 2)
  return redis.call('pexpire', KEYS[1], ARGV[2])
elseif not holder then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface AccountLockOptions {
  redis: RedisOptions & { url?: string };
  /** The deployment's key prefix (App.prefix). */
  prefix: string;
  account: string;
  ttlMs: number;
  logger: Logger;
}

export class AccountLock {
  readonly ttlMs: number;
  private readonly client: Redis;
  private readonly token = randomUUID();
  private readonly lockKey: string;
  private readonly stateKey: string;
  private held = false;
  private lastConfirmedAt = 0;
  private renewTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AccountLockOptions) {
    this.ttlMs = options.ttlMs;
    const { url: _url, ...connection } = options.redis;
    this.client = new Redis({ ...connection, connectionName: 'whatsapp-lock', maxRetriesPerRequest: 2 });
    this.client.on('error', (error: Error) => options.logger.warn({ err: error }, 'Redis error on the WhatsApp lock connection'));
    const base = options.prefix.replace(/:+$/, '');
    this.lockKey = `${base}:whatsapp:lock:${options.account}`;
    this.stateKey = `${base}:whatsapp:state:${options.account}`;
  }

  /** True while this process owns the account. */
  isHeld(): boolean {
    return this.held;
  }

  /** Takes the lock when nobody holds it; true on success. */
  async acquire(): Promise<boolean> {
    const result = await this.client.set(this.lockKey, this.token, 'PX', this.ttlMs, 'NX');
    this.held = result === 'OK';
    if (this.held) this.lastConfirmedAt = Date.now();
    return this.held;
  }

  /**
   * Keeps the lock alive every ttl/3. `onLost` runs once when the lock is gone (taken over after an expiry)
   * or could not be confirmed for a whole ttl (Redis unreachable): the socket must close at once then.
   */
  startRenewing(onLost: () => void): void {
    this.stopRenewing();
    const tick = async () => {
      try {
        const renewed = await this.client.eval(RENEW_SCRIPT, 2, this.lockKey, this.stateKey, this.token, String(this.ttlMs));
        if (Number(renewed) === 1) {
          this.lastConfirmedAt = Date.now();
          return;
        }
        this.options.logger.error('the WhatsApp account lock was taken over by another process; closing this socket');
      } catch (error) {
        if (Date.now() - this.lastConfirmedAt < this.ttlMs * 0.9) {
          this.options.logger.warn({ err: error }, 'could not renew the WhatsApp account lock; will retry');
          return;
        }
        this.options.logger.error({ err: error }, 'the WhatsApp account lock could not be renewed for a whole lease; closing this socket');
      }
      this.held = false;
      this.stopRenewing();
      onLost();
    };
    this.renewTimer = setInterval(() => void tick(), Math.max(50, Math.floor(this.ttlMs / 3)));
  }

  stopRenewing(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }

  /** Gives the lock up (only if still ours) so another process can take over at once. */
  async release(): Promise<void> {
    this.stopRenewing();
    if (!this.held) return;
    this.held = false;
    await this.client.eval(RELEASE_SCRIPT, 1, this.lockKey, this.token);
    await this.client.del(this.stateKey);
  }

  /** Publishes the owner's connection state for `whatsapp status` in other processes. */
  async publishState(state: SenderState): Promise<void> {
    if (!this.held) return;
    await this.client.set(this.stateKey, JSON.stringify(state), 'PX', this.ttlMs * 2);
  }

  /** The state the owning process published, or null when no process owns the account. */
  async readPublishedState(): Promise<SenderState | null> {
    const raw = await this.client.get(this.stateKey);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Omit<SenderState, 'since'> & { since: string | null };
    return { ...parsed, since: parsed.since ? new Date(parsed.since) : null };
  }

  /** Releases the lock and closes the Redis connection. */
  async close(): Promise<void> {
    try {
      await this.release();
    } finally {
      this.client.disconnect();
    }
  }
}
