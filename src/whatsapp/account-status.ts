/**
 * `/whatsapp` with several numbers: every sender account with its driver, the worker that sends for it (its lease)
 * and that worker's published connection state. Surface-neutral: Telegram, Slack and the CLI show these lines.
 */
import type { App } from '../app-types.js';
import type { Locale } from '../campaigns/types.js';
import { reasonText } from '../campaigns/progress-view.js';
import { t } from '../i18n/index.js';
import '../i18n/accounts.js';
import { leaseOwner } from '../queue/account-lease.js';
import { DEFAULT_ACCOUNT, listAccounts } from './accounts.js';

export interface AccountLine {
  name: string;
  driver: string;
  /** The worker instance sending for it, or null when none holds it (no worker runs, or all are full). */
  owner: string | null;
}

/** Each account with the worker that owns it now. */
export async function accountLines(app: Pick<App, 'store' | 'config' | 'prefix' | 'engine'>): Promise<AccountLine[]> {
  const accounts = await listAccounts(app.store, app.config);
  return Promise.all(
    accounts.map(async (a) => ({ name: a.name, driver: a.driver, owner: await leaseOwner(app.engine.redis, app.prefix, a.name) })),
  );
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
  }
  if (lines.length > 1) out.push(t(locale, 'accounts.link_hint'));
  return out.join('\n');
}
