/**
 * `/whatsapp` with several numbers: every sender account with its driver, the worker that sends for it (its lease)
 * and that worker's published connection state. Surface-neutral: Telegram, Slack and the CLI show these lines.
 */
import type { App } from '../app-types.js';
import type { Account, Locale } from '../campaigns/types.js';
import { reasonText } from '../campaigns/progress-view.js';
import { t } from '../i18n/index.js';
import '../i18n/accounts.js';
import { leaseOwner } from '../queue/account-lease.js';
import { readPaceFacts } from '../queue/account-pace.js';
import { DEFAULT_ACCOUNT, listAccounts } from './accounts.js';
import { effectivePace, type EffectivePace } from './account-pacing.js';
import { cloudSenderOf } from './cloud/sender.js';

export interface AccountLine {
  name: string;
  driver: string;
  /** The worker instance sending for it, or null when none holds it (no worker runs, or all are full). */
  owner: string | null;
  /** The pace and cap it sends at, with where each comes from. */
  pace: EffectivePace;
}

type PaceApp = Pick<App, 'config' | 'prefix' | 'engine' | 'sender'>;

/** The pace and cap `account` sends at. */
async function paceOfAccount(app: PaceApp, account: Account): Promise<EffectivePace> {
  // `default` is this app's sender: its tier is known here; the others' come from the worker holding them.
  const facts =
    account.name === DEFAULT_ACCOUNT
      ? { tierLimit: cloudSenderOf(app.sender)?.lastPhoneInfo()?.dailyLimit ?? null, isNew: false }
      : await readPaceFacts(app.engine.redis, app.prefix, account.name);
  return effectivePace(account, app.config, facts);
}

/** Each account with the worker that owns it now. */
export async function accountLines(app: PaceApp & Pick<App, 'store'>): Promise<AccountLine[]> {
  const accounts = await listAccounts(app.store, app.config);
  return Promise.all(
    accounts.map(async (a) => ({
      name: a.name,
      driver: a.driver,
      owner: await leaseOwner(app.engine.redis, app.prefix, a.name),
      pace: await paceOfAccount(app, a),
    })),
  );
}

/** The pace line of the account `name` (for `whatsapp status --account`); '' for an unknown name. */
export async function describeAccountPace(app: PaceApp & Pick<App, 'store'>, locale: Locale, name: string): Promise<string> {
  const account = (await listAccounts(app.store, app.config)).find((a) => a.name === name);
  return account ? describePace(locale, await paceOfAccount(app, account), account.driver) : '';
}

/** An account's pace and daily cap as one line of text, each figure with where it comes from. */
export function describePace(locale: Locale, pace: EffectivePace, driver: string): string {
  const from = (source: string) => t(locale, `accounts.pace.from.${source}`);
  const perSecond = driver === 'cloud' && pace.ratePerMinute % 60 === 0;
  const rate =
    pace.ratePerMinute === 0
      ? t(locale, 'accounts.pace.unpaced', { from: from(pace.from.rate) })
      : t(locale, perSecond ? 'accounts.pace.perSecond' : 'accounts.pace.perMinute', {
          n: perSecond ? pace.ratePerMinute / 60 : pace.ratePerMinute,
          from: from(pace.from.rate),
        });
  const jitter = pace.ratePerMinute > 0 && pace.jitterMs > 0 ? t(locale, 'accounts.pace.jitter', { ms: pace.jitterMs, from: from(pace.from.jitter) }) : '';
  const cap =
    pace.dailyCap === 0
      ? t(locale, 'accounts.pace.noCap', { from: from(pace.from.dailyCap) })
      : t(locale, 'accounts.pace.cap', { n: pace.dailyCap, from: from(pace.from.dailyCap) });
  return t(locale, 'accounts.pace.line', { rate, jitter, cap });
}

/** The account list as chat / terminal text. */
export async function describeAccounts(app: Pick<App, 'store' | 'config' | 'prefix' | 'engine' | 'sender'>, locale: Locale): Promise<string> {
  const lines = await accountLines(app);
  const out = [t(locale, 'accounts.list.header')];
  for (const line of lines) {
    // A Baileys `default` is held through its socket lock (no lease): its state is the app sender's.
    const state = app.sender.state();
    const defaultSocket = line.name === DEFAULT_ACCOUNT && app.sender.driver === 'baileys';
    const status = defaultSocket ? (state.status === 'connected' ? t(locale, 'accounts.state.connected') : reasonText(locale, state.reason ?? 'starting')) : null;
    const text = line.owner
      ? t(locale, 'accounts.state.owned', { owner: line.owner, status: status ?? t(locale, 'accounts.state.connected') })
      : (status ?? t(locale, 'accounts.state.unowned'));
    out.push(t(locale, 'accounts.list.line', { name: line.name, driver: t(locale, `accounts.driver.${line.driver}`), state: text }));
    out.push(`  ${describePace(locale, line.pace, line.driver)}`);
  }
  // Only a Baileys number is linked (a dry-run or Cloud API one has nothing to link).
  if (lines.length > 1 && lines.some((line) => line.driver === 'baileys')) out.push(t(locale, 'accounts.link_hint'));
  return out.join('\n');
}
