/**
 * Approved templates per sender account, surface-neutral (Telegram and Slack wizards, `campaigns create
 * --account NAME --template …`): the template picker and the template rule (cloud/template-draft.ts) use the
 * chosen account's Cloud sender, not the app's. A named account's sender is the one a worker in this process runs
 * for it, or one made for the question and closed after it (the Cloud API is stateless HTTP: no lease needed).
 */
import type { App } from '../app-types.js';
import { templateRuleError } from '../campaigns/draft-rules.js';
import { ValidationError } from '../campaigns/errors.js';
import type { WhatsAppSender } from '../campaigns/ports.js';
import type { AccountDriver } from '../campaigns/types.js';
import '../i18n/cloud.js';
import { runningSender } from './running-senders.js';
import { DEFAULT_ACCOUNT, driverOf, resolveAccountName, sendingNumbers } from './accounts.js';
import { approvedTemplates, templateDraft, type TemplateDraft } from './cloud/template-draft.js';
import type { ApprovedTemplate } from './cloud/templates.js';
import { createAccountSender, senderDepsOf } from './sender-factory.js';

type TemplatesApp = Pick<App, 'sender' | 'config' | 'store' | 'logger' | 'redis' | 'prefix'>;

/** The driver `account` sends with (`default`: the app sender's, e.g. dry-run while WHATSAPP_DRIVER=auto is unlinked). */
export async function accountDriver(app: Pick<App, 'sender' | 'store'>, account: string | undefined): Promise<AccountDriver> {
  return driverOf(app.store, app.sender.driver, await resolveAccountName(app.store, account));
}

/** Runs `use` with the Cloud sender of `account`; a non-Cloud account fails with the reason. */
async function withCloudSender<T>(app: TemplatesApp, account: string | undefined, use: (sender: WhatsAppSender) => Promise<T>): Promise<T> {
  const name = await resolveAccountName(app.store, account);
  // The shared template rule names the number and the ones that can send templates.
  const refused = templateRuleError(name, true, await sendingNumbers(app.store, app.config, app.sender.driver));
  if (refused) throw refused;
  if (name === DEFAULT_ACCOUNT) return use(app.sender);
  const found = await app.store.accounts.get(name);
  if (!found || found.driver !== 'cloud') throw new ValidationError('template_needs_cloud', 'error.template_needs_cloud');
  const running = runningSender(app.prefix, name);
  if (running) return use(running);
  const sender = await createAccountSender(found, senderDepsOf(app, 'observe'));
  try {
    return await use(sender);
  } finally {
    await sender.close();
  }
}

/** The approved templates of `account` (`default` when absent). */
export function accountTemplates(app: TemplatesApp, account: string | undefined): Promise<ApprovedTemplate[]> {
  return withCloudSender(app, account, approvedTemplates);
}

/** Checks a template choice against `account`'s approved templates (the one template rule). */
export function accountTemplateDraft(
  app: TemplatesApp,
  account: string | undefined,
  choice: { name: string; language: string; params: Record<string, string> },
): Promise<TemplateDraft> {
  return withCloudSender(app, account, (sender) => templateDraft(sender, choice));
}

/** One template offered by one or more Cloud accounts (a form that lists every Cloud account's templates). */
export interface OfferedTemplate {
  name: string;
  language: string;
  body: string;
  /** The active Cloud accounts that have it approved. */
  accounts: string[];
}

/**
 * The approved templates of every active Cloud account, one entry per name and language, with the accounts that
 * have it (a number whose templates cannot be read is left out, logged); `allCloud` says whether every active
 * account is a Cloud one (then a template must be picked).
 */
export async function cloudAccountsTemplates(app: TemplatesApp): Promise<{ templates: OfferedTemplate[]; allCloud: boolean }> {
  const drivers = (await sendingNumbers(app.store, app.config, app.sender.driver)).filter((a) => a.active);
  const cloud = drivers.filter((a) => a.driver === 'cloud').map((a) => a.name);
  const offered = new Map<string, OfferedTemplate>();
  for (const account of cloud) {
    // One number's trouble (an expired token) must not take the others' templates away: its own sends say why.
    const listed = await accountTemplates(app, account).catch((error: unknown) => {
      app.logger.warn({ err: error, account }, 'could not list the approved templates of a Cloud number');
      return [];
    });
    for (const tpl of listed) {
      const key = `${tpl.name}|${tpl.language}`;
      const entry = offered.get(key) ?? { name: tpl.name, language: tpl.language, body: tpl.body, accounts: [] };
      entry.accounts.push(account);
      offered.set(key, entry);
    }
  }
  return { templates: [...offered.values()], allCloud: cloud.length > 0 && cloud.length === drivers.length };
}
