/**
 * Sender accounts: the WhatsApp numbers campaigns are sent from, surface-neutral (CLI, Telegram, Slack and
 * schedules call these). `default` is today's number: it needs no stored record (its driver comes from
 * WHATSAPP_DRIVER) and every campaign or schedule that names no account is sent from it, so data from before
 * accounts keeps working. A campaign is sent from ONE account: numbers are never rotated within a campaign.
 */
import type { Store } from '../campaigns/ports.js';
import type { RuleNumber } from '../campaigns/draft-rules.js';
import { ValidationError } from '../campaigns/errors.js';
import type { Account, AccountDriver, PaceOverrides } from '../campaigns/types.js';
import type { Config } from '../config/env.js';
import '../i18n/accounts.js';
import { NO_OVERRIDES, paceProblem, type PaceProblem } from './account-pacing.js';

export const DEFAULT_ACCOUNT = 'default';

/** Lower-case letters, digits and `-`: the name is part of queue names, Redis keys and session namespaces. */
export const ACCOUNT_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

export const ACCOUNT_DRIVERS: readonly AccountDriver[] = ['baileys', 'cloud', 'dry-run'];

/** Statuses of campaigns that still send (or may again): an account with any of them cannot be removed. */
const UNFINISHED = ['pending', 'processing', 'paused'] as const;

/** A bad account request (CLI exit code 2); `messageKey` is `accounts.error.<code>`. */
export class AccountsError extends ValidationError {
  constructor(
    code: 'bad_name' | 'exists' | 'unknown' | 'cloud_ids' | 'ids_cloud_only' | 'default' | 'in_use' | 'removed' | 'number_taken' | 'default_pace' | PaceProblem,
    params: Record<string, string | number>,
  ) {
    super(`account_${code}`, `accounts.error.${code}`, params, `account: ${code} ${JSON.stringify(params)}`);
    this.name = 'AccountsError';
  }
}

/** The `default` account as the configuration defines it (WHATSAPP_DRIVER=auto sends through Baileys once linked). */
export function configuredDefault(config: Pick<Config, 'WHATSAPP_DRIVER'>): Account {
  return {
    name: DEFAULT_ACCOUNT,
    // `cloud` once the Cloud driver is merged (WHATSAPP_DRIVER=cloud); `auto` sends through Baileys once linked.
    driver: config.WHATSAPP_DRIVER === 'dry-run' ? 'dry-run' : (config.WHATSAPP_DRIVER as string) === 'cloud' ? 'cloud' : 'baileys',
    phoneNumberId: null,
    wabaId: null,
    status: 'active',
    pace: NO_OVERRIDES,
    createdAt: new Date(0),
  };
}

/** Every account, `default` first. */
export async function listAccounts(store: Store, config: Pick<Config, 'WHATSAPP_DRIVER'>): Promise<Account[]> {
  const stored = await store.accounts.list();
  const others = stored.filter((a) => a.name !== DEFAULT_ACCOUNT);
  return [stored.find((a) => a.name === DEFAULT_ACCOUNT) ?? configuredDefault(config), ...others];
}

/** A sender account with the driver it sends with, as the template rule sees it. */
export type SendingNumber = RuleNumber;

/**
 * Every account with the driver it sends with, `default` first. `defaultDriver` is the app sender's driver:
 * `default` sends with it (dry-run while WHATSAPP_DRIVER=auto is unlinked, cloud with WHATSAPP_DRIVER=cloud).
 */
export async function sendingNumbers(store: Store, config: Pick<Config, 'WHATSAPP_DRIVER'>, defaultDriver: AccountDriver): Promise<SendingNumber[]> {
  return (await listAccounts(store, config)).map((a) => ({
    name: a.name,
    driver: a.name === DEFAULT_ACCOUNT ? defaultDriver : a.driver,
    active: a.status === 'active',
  }));
}

/** The driver `name` sends with (`default`: `defaultDriver`); an account that is not stored sends nothing: dry-run. */
export async function driverOf(store: Pick<Store, 'accounts'>, defaultDriver: AccountDriver, name: string): Promise<AccountDriver> {
  if (name === DEFAULT_ACCOUNT) return defaultDriver;
  return (await store.accounts.get(name))?.driver ?? 'dry-run';
}

/** The name of the account a campaign names (`default` when none); unknown names fail naming the known ones. */
export async function resolveAccountName(store: Pick<Store, 'accounts'>, name: string | undefined | null): Promise<string> {
  const wanted = name?.trim() || DEFAULT_ACCOUNT;
  if (wanted === DEFAULT_ACCOUNT) return wanted;
  const stored = await store.accounts.list();
  if (!stored.some((a) => a.name === wanted)) {
    const known = [DEFAULT_ACCOUNT, ...stored.map((a) => a.name).filter((n) => n !== DEFAULT_ACCOUNT)];
    throw new AccountsError('unknown', { name: wanted, known: known.join(', ') });
  }
  return wanted;
}

export interface AddAccountInput {
  name: string;
  driver: AccountDriver;
  phoneNumberId?: string | null;
  wabaId?: string | null;
  /** Its own pace and cap (absent or null: the configuration's). */
  pace?: Partial<PaceOverrides>;
}

/** Throws naming the first problem of `pace` for a number on `driver`. */
function checkPace(driver: AccountDriver, pace: PaceOverrides, value: (option: string) => string): void {
  const problem = paceProblem(driver, pace);
  if (problem) throw new AccountsError(problem.code, { option: problem.option, value: value(problem.option) });
}

function optionValue(pace: PaceOverrides) {
  return (option: string) => String(option === '--rate' ? pace.ratePerMinute : option === '--jitter-ms' ? pace.jitterMs : pace.dailyCap);
}

/**
 * Adds a sender account; workers take it within a lease period (see queue/account-owner.ts). A Cloud number
 * already used by another account (or by `default`, `defaultPhoneNumberId`) is refused: two accounts on one
 * number would each pace it to the full rate, and its webhooks could reach only one of them.
 */
export async function addAccount(store: Store, input: AddAccountInput, options: { defaultPhoneNumberId?: string | null } = {}): Promise<Account> {
  const name = input.name.trim();
  if (!ACCOUNT_NAME.test(name) || name === DEFAULT_ACCOUNT) {
    if (name === DEFAULT_ACCOUNT) throw new AccountsError('exists', { name });
    throw new AccountsError('bad_name', { name });
  }
  const phoneNumberId = input.phoneNumberId?.trim() || null;
  const wabaId = input.wabaId?.trim() || null;
  if (input.driver === 'cloud' && (!phoneNumberId || !wabaId)) throw new AccountsError('cloud_ids', {});
  if (input.driver !== 'cloud' && (phoneNumberId || wabaId)) throw new AccountsError('ids_cloud_only', {});
  const pace = { ...NO_OVERRIDES, ...input.pace };
  checkPace(input.driver, pace, optionValue(pace));
  if (phoneNumberId) {
    const holder =
      phoneNumberId === options.defaultPhoneNumberId?.trim() ? DEFAULT_ACCOUNT : (await store.accounts.list()).find((a) => a.phoneNumberId === phoneNumberId)?.name;
    if (holder) throw new AccountsError('number_taken', { phoneNumberId, name: holder });
  }
  const created = await store.accounts.create({ name, driver: input.driver, phoneNumberId, wabaId, pace });
  if (!created) throw new AccountsError('exists', { name });
  const account = await store.accounts.get(name);
  if (!account) throw new AccountsError('unknown', { name, known: '' });
  return account;
}

/** The error for an unknown account name, naming the known ones. */
async function unknownAccount(store: Pick<Store, 'accounts'>, name: string): Promise<AccountsError> {
  const known = (await store.accounts.list()).map((a) => a.name).filter((n) => n !== DEFAULT_ACCOUNT);
  return new AccountsError('unknown', { name, known: [DEFAULT_ACCOUNT, ...known].join(', ') });
}

/** Removes an account that no unfinished campaign and no enabled schedule uses; `default` stays. */
export async function removeAccount(store: Store, name: string): Promise<void> {
  if (name === DEFAULT_ACCOUNT) throw new AccountsError('default', {});
  const account = await store.accounts.get(name);
  if (!account) throw await unknownAccount(store, name);
  const campaigns = await store.campaigns.list({ account: name, status: [...UNFINISHED], limit: 1000 });
  const schedules = (await store.schedules.list({ enabled: true })).filter((s) => (s.draft.account ?? DEFAULT_ACCOUNT) === name);
  const inUse = campaigns.length + schedules.length;
  if (inUse > 0) throw new AccountsError('in_use', { name, count: inUse });
  await store.accounts.remove(name);
}

/**
 * Changes an account's own pace and cap (a null value goes back to the configuration's). Workers apply it when
 * the account's lanes next start or continue (see queue/account-runner.ts). `default` follows the configuration.
 */
export async function setAccountPace(store: Store, name: string, changes: Partial<PaceOverrides>): Promise<Account> {
  if (name === DEFAULT_ACCOUNT) throw new AccountsError('default_pace', {});
  const account = await store.accounts.get(name);
  if (!account) throw await unknownAccount(store, name);
  const pace = { ...account.pace, ...changes };
  checkPace(account.driver, pace, optionValue(pace));
  if (!(await store.accounts.setPace(name, pace))) throw new AccountsError('unknown', { name, known: '' });
  return { ...account, pace };
}
