/**
 * Pacing per sender account, shared by every worker process through Redis: each send takes the next
 * slot, slots are at least 60000 / SEND_RATE_PER_MINUTE ms apart plus a random jitter, and the account's daily
 * cap is counted in the same atomic step (pacing-scripts.ts): messages per calendar day for Baileys (DAILY_CAP),
 * unique recipients in a moving 24 hours for the Cloud API (the messaging limit tier). Slots are handed out in
 * request order, so campaigns sharing an account take turns. With SEND_RATE_PER_MINUTE=0 and DAILY_CAP=0 the
 * pacer does nothing (rehearsals, benchmarks).
 */
import type { Redis } from 'ioredis';
import { CAP_WINDOW_MS, TAKE_SLOT_PER_DAY, TAKE_SLOT_UNIQUE_24H, type CapMode } from './pacing-scripts.js';

export type { CapMode } from './pacing-scripts.js';

export interface PacingSettings {
  ratePerMinute: number;
  jitterMs: number;
  dailyCap: number;
  /** Time zone whose calendar day the daily cap counts (the schedules' zone); unused by a 24-hour window. */
  timeZone: string;
  /** How the cap counts; `messages_per_day` when absent. */
  capMode?: CapMode;
}

/**
 * What a slot is for: a campaign message to `to`, or (`answer`) an admin's answer to a customer who wrote in.
 * Under Meta's messaging limit an answer is inside the customer service window and never counts; under
 * DAILY_CAP every message counts, answers too.
 */
export interface SlotRequest {
  to: string;
  answer?: boolean;
}

/** Why a slot was refused: the calendar day's message cap, or the Cloud number's 24-hour messaging limit. */
export type CapReason = 'daily_cap' | 'tier_cap';

export type SlotResult = { ok: true; waitMs: number; usedToday: number } | { ok: false; reason: CapReason; usedToday: number };

type SlotCommand = (...args: unknown[]) => Promise<[number, number]>;

export class Pacer {
  /** The slot spacing in microseconds (the script's unit): 80/s is 12,500 µs, not 13 ms. */
  private readonly intervalUs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private settings: PacingSettings,
    private readonly random: () => number = Math.random,
    /** The clock whose calendar day (or 24-hour window) the cap counts (tests move it). */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.intervalUs = settings.ratePerMinute > 0 ? Math.ceil(60_000_000 / settings.ratePerMinute) : 0;
    redis.defineCommand('bbTakeSlot', { numberOfKeys: 2, lua: TAKE_SLOT_PER_DAY });
    redis.defineCommand('bbTakeSlotUnique', { numberOfKeys: 2, lua: TAKE_SLOT_UNIQUE_24H });
  }

  /** The cap in force (a newly linked account gets a lower one). */
  get dailyCap(): number {
    return this.settings.dailyCap;
  }

  /** How the cap counts: messages per calendar day, or unique recipients in a moving 24 hours. */
  get capMode(): CapMode {
    return this.settings.capMode ?? 'messages_per_day';
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

  /** Reserves the next send slot of `account` for `request`; the caller waits `waitMs` and then sends. */
  async takeSlot(account: string, request: SlotRequest): Promise<SlotResult> {
    if (this.disabled) return { ok: true, waitMs: 0, usedToday: 0 };
    const jitter = this.intervalUs > 0 ? Math.floor(this.random() * (this.settings.jitterMs + 1)) : 0;
    const common = [this.intervalUs, jitter, this.settings.dailyCap];
    const unique = this.capMode === 'unique_recipients_24h';
    const [wait, used] = unique
      ? await this.command('bbTakeSlotUnique').call(
          this.redis,
          this.key(account, 'next-us'),
          this.windowKey(account),
          ...common,
          this.now().getTime(),
          CAP_WINDOW_MS,
          request.to,
          request.answer ? '0' : '1',
        )
      : await this.command('bbTakeSlot').call(this.redis, this.key(account, 'next-us'), this.key(account, `day:${this.today()}`), ...common);
    if (wait < 0) return { ok: false, reason: unique ? 'tier_cap' : 'daily_cap', usedToday: used };
    return { ok: true, waitMs: wait, usedToday: used };
  }

  /** What counts against the cap now: today's messages, or the unique recipients of the last 24 hours. */
  async usedToday(account: string): Promise<number> {
    if (this.capMode === 'unique_recipients_24h') {
      return this.redis.zcount(this.windowKey(account), `(${this.now().getTime() - CAP_WINDOW_MS}`, '+inf');
    }
    const value = await this.redis.get(this.key(account, `day:${this.today()}`));
    return value ? Number(value) : 0;
  }

  private command(name: string): SlotCommand {
    const command = (this.redis as unknown as Record<string, SlotCommand>)[name];
    if (!command) throw new Error('pacing script is not loaded');
    return command;
  }

  private key(account: string, suffix: string): string {
    return `${this.prefix}:pace:${account}:${suffix}`;
  }

  private windowKey(account: string): string {
    return this.key(account, 'recipients-24h');
  }

  private today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.settings.timeZone }).format(this.now());
  }
}
