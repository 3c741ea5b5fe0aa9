/**
 * The pace of a named sender account as any process sees it: its settings (store + configuration, see
 * whatsapp/account-pacing.ts), the facts the worker holding it publishes (a Cloud number's tier, a Baileys
 * number's "newly linked"), and today's use, read from the very key the account's Pacer counts in. The preview
 * and the risk report use it, so they show the chosen account's figures rather than `default`'s.
 */
import type { Redis } from 'ioredis';
import type { PacingInfo } from '../campaigns/service.js';
import type { Store } from '../campaigns/ports.js';
import type { AccountDriver } from '../campaigns/types.js';
import type { Config } from '../config/env.js';
import { accountControlOf } from '../whatsapp/account.js';
import { runningSender } from '../whatsapp/running-senders.js';
import { effectivePace, NO_FACTS, type EffectivePace, type PaceFacts } from '../whatsapp/account-pacing.js';
import { AccountsError } from '../whatsapp/accounts.js';
import { cloudPacing, tierQuota } from '../whatsapp/cloud/limits.js';
import { Pacer, type PacingSettings } from './pacer.js';

/** The key a named account's pacing slots and daily counter live under (`default` uses its linked number). */
export function paceKeyOf(account: string): string {
  return `account:${account}`;
}

/** The facts outlive a worker's restart; a stale "new" flag only errs on the safe side (the lower cap). */
const FACTS_TTL_S = 2 * 86_400;

function factsKey(prefix: string, account: string): string {
  return `${prefix}:pace:${paceKeyOf(account)}:facts`;
}

/** Called by the worker holding `account` whenever it learns its tier or link age. */
export async function publishPaceFacts(redis: Redis, prefix: string, account: string, facts: PaceFacts): Promise<void> {
  await redis.set(factsKey(prefix, account), JSON.stringify(facts), 'EX', FACTS_TTL_S);
}

/** The facts last published for `account` (none known: no tier, not new). */
export async function readPaceFacts(redis: Redis, prefix: string, account: string): Promise<PaceFacts> {
  const raw = await redis.get(factsKey(prefix, account));
  if (!raw) return NO_FACTS;
  try {
    const parsed = JSON.parse(raw) as Partial<PaceFacts>;
    return { tierLimit: typeof parsed.tierLimit === 'number' ? parsed.tierLimit : null, isNew: parsed.isNew === true };
  } catch {
    // Written by this module only; an unreadable value is treated as unknown rather than failing a preview.
    return NO_FACTS;
  }
}

/**
 * The Pacer's settings of an effective pace. A Cloud number's start from `cloudPacing`, so whatever else that sets
 * for Cloud numbers (how the tier is counted) applies to named Cloud numbers as to a Cloud `default`.
 */
export function pacerSettings(pace: EffectivePace, driver: AccountDriver): PacingSettings {
  const base = driver === 'cloud' ? cloudPacing(pace.ratePerMinute / 60, { dailyLimit: pace.dailyCap }, pace.timeZone) : {};
  return { ...base, ratePerMinute: pace.ratePerMinute, jitterMs: pace.jitterMs, dailyCap: pace.dailyCap, timeZone: pace.timeZone };
}

export interface AccountPaceDeps {
  store: Pick<Store, 'accounts'>;
  config: Config;
  redis: Redis;
  prefix: string;
  clock?: () => Date;
}

/** The pace, cap, today's use and quota of the stored account `name` (not `default`: the app's pacer has those). */
export async function accountPacingInfo(deps: AccountPaceDeps, name: string): Promise<PacingInfo> {
  const account = await deps.store.accounts.get(name);
  if (!account) throw new AccountsError('unknown', { name, known: '' });
  const facts = await readPaceFacts(deps.redis, deps.prefix, name);
  const pace = effectivePace(account, deps.config, facts);
  // A Pacer with the account's settings reads the same daily key as the worker's (same prefix, key and day).
  const pacer = new Pacer(deps.redis, deps.prefix, pacerSettings(pace, account.driver), Math.random, deps.clock);
  const usedToday = () => pacer.usedToday(paceKeyOf(name));
  return {
    ratePerMinute: pacer.effectiveRatePerMinute,
    dailyCap: () => pace.dailyCap,
    capRolling: pacer.capMode === 'unique_recipients_24h',
    usedToday,
    newChatQuota: async () => {
      if (account.driver === 'cloud') return tierQuota({ dailyLimit: facts.tierLimit }, await usedToday());
      // WhatsApp tells a Baileys number's quota only to the process holding its socket.
      const sender = runningSender(deps.prefix, name);
      return (sender && (await accountControlOf(sender)?.quota())) ?? null;
    },
  };
}
