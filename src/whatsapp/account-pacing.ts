/**
 * The pace and daily cap a sender account sends at: its own settings where it has them, the configuration's
 * otherwise. Pure rules shared by the worker (which builds the account's Pacer from them), the preview and the
 * account list. `default` always follows the configuration (it has no stored settings; `accounts set default`
 * is refused and points at SEND_RATE_PER_MINUTE / DAILY_CAP).
 *
 * A Cloud number paces by CLOUD_SEND_PER_SECOND unless it has its own rate (at most 80 a second), sends without
 * jitter unless it has its own, and its messaging limit tier is its daily cap; its own cap applies when lower.
 * A Baileys number still newly linked gets NEW_ACCOUNT_DAILY_CAP when that is lower than its cap.
 */
import type { Account, PaceOverrides } from '../campaigns/types.js';
import type { Config } from '../config/env.js';
import { tierCap } from './cloud/limits.js';

/** Meta's maximum throughput for one Cloud API number: 80 messages a second. */
export const CLOUD_MAX_PER_MINUTE = 80 * 60;
/** The largest jitter an account may set (the same bound as SEND_JITTER_MS). */
export const MAX_JITTER_MS = 600_000;
/** The largest rate an account may set (the same bound as SEND_RATE_PER_MINUTE). */
export const MAX_RATE_PER_MINUTE = 100_000;

export const NO_OVERRIDES: PaceOverrides = { ratePerMinute: null, jitterMs: null, dailyCap: null };

/**
 * Where a figure comes from: the account's own setting, the configuration, the Cloud tier (or the safe cap while
 * the tier is not known yet), or the new-number cap.
 */
export type PaceSource = 'own' | 'config' | 'tier' | 'tier_unknown' | 'new';

/** What is known about the number at run time, beyond its stored settings. */
export interface PaceFacts {
  /** A Cloud number's messaging limit tier (unique customers a day; 0 = unlimited; null = not known: UNKNOWN_TIER_CAP). */
  tierLimit: number | null;
  /** A Baileys number linked less than NEW_ACCOUNT_DAYS ago. */
  isNew: boolean;
}

export const NO_FACTS: PaceFacts = { tierLimit: null, isNew: false };

export interface EffectivePace {
  ratePerMinute: number;
  jitterMs: number;
  dailyCap: number;
  timeZone: string;
  from: { rate: PaceSource; jitter: PaceSource; dailyCap: PaceSource };
}

type PaceConfig = Pick<
  Config,
  'SEND_RATE_PER_MINUTE' | 'SEND_JITTER_MS' | 'DAILY_CAP' | 'NEW_ACCOUNT_DAILY_CAP' | 'CLOUD_SEND_PER_SECOND' | 'SCHEDULE_TIMEZONE'
>;

/** The lower of two caps where 0 means none. */
function lowerCap(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}

/** The cap of a number: NEW_ACCOUNT_DAILY_CAP while it is newly linked, when that is lower. */
export function capForAge(cap: number, newAccountCap: number, isNew: boolean): number {
  return isNew && newAccountCap > 0 ? lowerCap(cap, newAccountCap) : cap;
}

/** The pace and cap `account` sends at, each with where it comes from. */
export function effectivePace(account: Pick<Account, 'name' | 'driver' | 'pace'>, config: PaceConfig, facts: PaceFacts = NO_FACTS): EffectivePace {
  // `default` follows the configuration even if a row was ever stored for it.
  const own = account.name === 'default' ? NO_OVERRIDES : account.pace;
  const timeZone = config.SCHEDULE_TIMEZONE;
  if (account.driver === 'cloud') {
    // While the tier is not known, Meta's starting limit rather than none (see UNKNOWN_TIER_CAP).
    const tier = tierCap(facts.tierLimit);
    // Meta enforces the tier whatever we set: an own cap only matters when it is lower.
    const dailyCap = own.dailyCap === null ? tier : lowerCap(own.dailyCap, tier);
    return {
      ratePerMinute: own.ratePerMinute ?? config.CLOUD_SEND_PER_SECOND * 60,
      jitterMs: own.jitterMs ?? 0,
      dailyCap,
      timeZone,
      from: {
        rate: own.ratePerMinute === null ? 'config' : 'own',
        jitter: own.jitterMs === null ? 'config' : 'own',
        dailyCap: own.dailyCap !== null && dailyCap === own.dailyCap ? 'own' : facts.tierLimit === null ? 'tier_unknown' : 'tier',
      },
    };
  }
  const base = own.dailyCap ?? config.DAILY_CAP;
  const dailyCap = capForAge(base, config.NEW_ACCOUNT_DAILY_CAP, facts.isNew);
  return {
    ratePerMinute: own.ratePerMinute ?? config.SEND_RATE_PER_MINUTE,
    jitterMs: own.jitterMs ?? config.SEND_JITTER_MS,
    dailyCap,
    timeZone,
    from: {
      rate: own.ratePerMinute === null ? 'config' : 'own',
      jitter: own.jitterMs === null ? 'config' : 'own',
      dailyCap: dailyCap !== base ? 'new' : own.dailyCap === null ? 'config' : 'own',
    },
  };
}

/** Why a pace setting is refused; each names an `accounts.error.<code>` message. */
export type PaceProblem = 'bad_pace' | 'cloud_rate' | 'rate_too_high' | 'jitter_too_high';

/** The first problem of `pace` for a number on `driver`, or null when it can be stored. */
export function paceProblem(driver: Account['driver'], pace: PaceOverrides): { code: PaceProblem; option: string } | null {
  const { ratePerMinute: rate, jitterMs, dailyCap } = pace;
  for (const [option, value] of [['--rate', rate], ['--jitter-ms', jitterMs], ['--daily-cap', dailyCap]] as const) {
    if (value !== null && (!Number.isSafeInteger(value) || value < 0)) return { code: 'bad_pace', option };
  }
  // Meta throttles a Cloud number above 80 a second, and an unpaced one would only meet 130429 errors.
  if (driver === 'cloud' && rate !== null && (rate < 1 || rate > CLOUD_MAX_PER_MINUTE)) return { code: 'cloud_rate', option: '--rate' };
  if (rate !== null && rate > MAX_RATE_PER_MINUTE) return { code: 'rate_too_high', option: '--rate' };
  if (jitterMs !== null && jitterMs > MAX_JITTER_MS) return { code: 'jitter_too_high', option: '--jitter-ms' };
  return null;
}

/**
 * One pace value as typed by an admin: `default` (null: follow the configuration) or a whole number; a rate may
 * be given per second (`20/s`) or per minute (`1200`, `1200/min`). Returns undefined for anything else.
 */
export function parsePaceValue(text: string, kind: 'rate' | 'count'): number | null | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'default') return null;
  const match = kind === 'rate' ? /^(\d{1,9})(\/s|\/min)?$/.exec(value) : /^(\d{1,9})$/.exec(value);
  if (!match) return undefined;
  const n = Number(match[1]);
  return match[2] === '/s' ? n * 60 : n;
}
