/**
 * Pacing per sender account, shared by every worker process through Redis: each send takes the next
 * slot, slots are at least 60000 / SEND_RATE_PER_MINUTE ms apart plus a random jitter, and a daily
 * counter enforces DAILY_CAP. Slots are handed out in request order, so campaigns sharing an account
 * take turns. With SEND_RATE_PER_MINUTE=0 and DAILY_CAP=0 the pacer does nothing (rehearsals, benchmarks).
 */
import type { Redis } from 'ioredis';

// Slots are kept in microseconds (Redis TIME's resolution), so a pace such as 80/s gets 12.5 ms slots rather than
// 13 ms ones (76.9/s); numbers are written with %.0f because Lua's default formatting would round them.
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local jitter = tonumber(ARGV[2]) * 1000
local cap = tonumber(ARGV[3])
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if cap > 0 and used >= cap then return {-1, used} end
local slot = now
if interval > 0 then
  local nextSlot = tonumber(redis.call('GET', KEYS[1]) or '0')
  if nextSlot > slot then slot = nextSlot end
  redis.call('SET', KEYS[1], string.format('%.0f', slot + interval + jitter), 'PX', math.ceil((interval + jitter) / 1000) + 3600000)
end
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 172800000)
return {math.ceil((slot - now) / 1000), used + 1}
`;

export interface PacingSettings {
  ratePerMinute: number;
  jitterMs: number;
  dailyCap: number;
  /** Time zone whose calendar day the daily cap counts (the schedules' zone). */
  timeZone: string;
}

export type SlotResult = { ok: true; waitMs: number; usedToday: number } | { ok: false; reason: 'daily_cap'; usedToday: number };

export class Pacer {
  /** The slot spacing in microseconds (the script's unit): 80/s is 12,500 µs, not 13 ms. */
  private readonly intervalUs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private settings: PacingSettings,
    private readonly random: () => number = Math.random,
    /** The clock whose calendar day the daily cap counts (tests move it past midnight). */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.intervalUs = settings.ratePerMinute > 0 ? Math.ceil(60_000_000 / settings.ratePerMinute) : 0;
    redis.defineCommand('bbTakeSlot', { numberOfKeys: 2, lua: TAKE_SLOT });
  }

  /** The cap in force (a newly linked account gets a lower one). */
  get dailyCap(): number {
    return this.settings.dailyCap;
  }

  /** Changes the daily cap, e.g. to NEW_ACCOUNT_DAILY_CAP while the linked account is new. */
  setDailyCap(cap: number): void {
    this.settings = { ...this.settings, dailyCap: cap };
  }

  /** True when pacing and the daily cap are both off, so sends need no Redis round trip. */
  get disabled(): boolean {
    return this.intervalUs === 0 && this.settings.dailyCap === 0;
  }

  /** Messages per minute used for estimates (0 = unpaced). */
  get effectiveRatePerMinute(): number {
    if (this.intervalUs === 0) return 0;
    return 60_000_000 / (this.intervalUs + (this.settings.jitterMs * 1000) / 2);
  }

  /** Reserves the next send slot of `account`; the caller waits `waitMs` and then sends. */
  async takeSlot(account: string): Promise<SlotResult> {
    if (this.disabled) return { ok: true, waitMs: 0, usedToday: 0 };
    const jitter = this.intervalUs > 0 ? Math.floor(this.random() * (this.settings.jitterMs + 1)) : 0;
    const command = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<[number, number]>>).bbTakeSlot;
    if (!command) throw new Error('pacing script is not loaded');
    const [wait, used] = await command.call(
      this.redis,
      this.key(account, 'next-us'),
      this.key(account, `day:${this.today()}`),
      this.intervalUs,
      jitter,
      this.settings.dailyCap,
    );
    if (wait < 0) return { ok: false, reason: 'daily_cap', usedToday: used };
    return { ok: true, waitMs: wait, usedToday: used };
  }

  /** Messages counted against today's cap so far. */
  async usedToday(account: string): Promise<number> {
    const value = await this.redis.get(this.key(account, `day:${this.today()}`));
    return value ? Number(value) : 0;
  }

  private key(account: string, suffix: string): string {
    return `${this.prefix}:pace:${account}:${suffix}`;
  }

  private today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.settings.timeZone }).format(this.now());
  }
}
