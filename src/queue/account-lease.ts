/**
 * Which worker process sends for a sender account: a lease in Redis (SET NX PX, renewed every third of it) per
 * account. A worker takes the leases it can, up to WORKER_MAX_ACCOUNTS, and keeps trying the others, so when a
 * worker dies (SIGKILL, a lost machine) its leases expire and the other workers take its accounts within one
 * lease (WORKER_LOCK_MS). A Baileys account additionally has its socket lock (whatsapp/baileys/lock.ts), taken
 * by the sender this lease's owner creates.
 */
import type { Redis } from 'ioredis';

// Renews the lease when it is still ours, or takes it back when it expired and nobody else took it.
const RENEW = `
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if not holder then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** The Redis key of an account's lease. */
export function leaseKey(prefix: string, account: string): string {
  return `${prefix.replace(/:+$/, '')}:account-owner:${account}`;
}

/** The worker instance holding the account's lease, or null when none does. */
export async function leaseOwner(redis: Redis, prefix: string, account: string): Promise<string | null> {
  return redis.get(leaseKey(prefix, account));
}

export class AccountLease {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly account: string,
    /** Who holds it (the worker's instance id, shown by `/whatsapp`). */
    private readonly owner: string,
    private readonly ttlMs: number,
  ) {
    this.key = leaseKey(prefix, account);
  }

  /** Takes the lease when nobody holds it. */
  async acquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** Keeps the lease; false when another worker holds it now. */
  async renew(): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.key, this.owner, String(this.ttlMs))) === 1;
  }

  /** Gives the lease up (only if still ours) so another worker takes the account at once. */
  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.owner);
  }
}
