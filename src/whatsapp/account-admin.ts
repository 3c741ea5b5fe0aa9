/**
 * The `/whatsapp` use cases for a named sender account, surface-neutral (Telegram, Slack, CLI): `default` is the
 * app's own sender, as before; another account uses the sender this process's worker runs for it (it holds the
 * account's socket lock), or a sender made for the command (closed by `close()`), which a worker elsewhere may
 * hold (then link and logout say so, as for `default`).
 */
import type { App } from '../app-types.js';
import type { Locale } from '../campaigns/types.js';
import { AccountsError, DEFAULT_ACCOUNT, listAccounts } from './accounts.js';
import { createWhatsAppAdmin, type WhatsAppAdmin } from './admin.js';
import { describeAccounts } from './account-status.js';
import { createAccountSender, senderDepsOf } from './sender-factory.js';
import { runningSender } from './running-senders.js';

type AdminApp = Pick<App, 'sender' | 'config' | 'store' | 'logger' | 'redis' | 'prefix' | 'makeSocket'>;

export interface AccountAdmin {
  admin: WhatsAppAdmin;
  /** Closes a sender made only for this command. */
  close(): Promise<void>;
}

/** The `/whatsapp` use cases of `account`; an unknown name fails naming the known ones. */
export async function accountAdmin(app: AdminApp, account: string): Promise<AccountAdmin> {
  if (account === DEFAULT_ACCOUNT) return { admin: createWhatsAppAdmin(app), close: async () => undefined };
  const accounts = await listAccounts(app.store, app.config);
  const found = accounts.find((a) => a.name === account);
  if (!found) throw new AccountsError('unknown', { name: account, known: accounts.map((a) => a.name).join(', ') });
  const own = runningSender(app.prefix, account);
  const sender = own ?? (await createAccountSender(found, senderDepsOf(app, 'send')));
  return {
    admin: createWhatsAppAdmin({ ...app, sender }, { account }),
    close: async () => {
      if (!own) await sender.close();
    },
  };
}

/** Whether `word` names a sender account other than `default` (so `/whatsapp link WORD` links that account). */
export async function isAccountName(app: Pick<App, 'store'>, word: string | undefined): Promise<boolean> {
  if (!word) return false;
  return (await app.store.accounts.get(word)) !== null;
}

/** The list of numbers to add under `/whatsapp` when there is more than one ('' otherwise). */
export async function accountsSection(app: Pick<App, 'store' | 'config' | 'prefix' | 'engine' | 'sender'>, locale: Locale): Promise<string> {
  if ((await app.store.accounts.list()).length === 0) return '';
  return describeAccounts(app, locale);
}
