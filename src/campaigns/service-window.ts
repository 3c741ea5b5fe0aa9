/**
 * WhatsApp's customer service window for the admins' answers (issue 16): a Cloud API number may send free text to a
 * customer only within 24 hours of the customer's last message to it (only the customer's messages open and refresh
 * the window; ours never do). Outside it Meta refuses the text (error 131047), so the answer is refused before it is
 * queued and the admin is told to send a template campaign. Baileys and dry-run numbers have no such window.
 */
import type { App } from '../app-types.js';
import { t } from '../i18n/index.js';
import '../i18n/replies.js';
import { driverOf } from '../whatsapp/accounts.js';
import type { Locale } from './types.js';

export const SERVICE_WINDOW_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;

/** A closed window: the number, and when the customer last wrote to it (null: never, as far as we know). */
export interface ClosedWindow {
  account: string;
  lastAt: Date | null;
}

/** Null when `account` may send `phone` free text at `now`; else why not. */
export async function closedServiceWindow(app: Pick<App, 'store' | 'sender'>, account: string, phone: string, now = new Date()): Promise<ClosedWindow | null> {
  if ((await driverOf(app.store, app.sender.driver, account)) !== 'cloud') return null;
  const lastAt = await app.store.conversations.lastCustomerMessage(account, phone);
  if (lastAt && now.getTime() - lastAt.getTime() < SERVICE_WINDOW_MS) return null;
  return { account, lastAt };
}

/** The admin's explanation: who, when they last wrote (in hours under two days, else days), what to do instead. */
export function closedWindowText(locale: Locale, closed: ClosedWindow, customer: { phone: string; name: string | null }, now = new Date()): string {
  const name = customer.name?.trim() || t(locale, 'reply.forward.unnamed');
  if (!closed.lastAt) return t(locale, 'reply.answer.windowNever', { name, phone: customer.phone, account: closed.account });
  const hours = Math.floor((now.getTime() - closed.lastAt.getTime()) / HOUR_MS);
  const ago = hours < 48 ? t(locale, 'reply.answer.agoHours', { n: hours }) : t(locale, 'reply.answer.agoDays', { n: Math.floor(hours / 24) });
  return t(locale, 'reply.answer.windowClosed', { name, phone: customer.phone, ago });
}
