/**
 * The one progress message of a campaign in a Telegram chat: its text (the shared renderer under a
 * header), and posting it when a campaign starts from Telegram (Send now, /retry).
 */
import type { Api } from 'grammy';
import type { App } from '../../app-types.js';
import type { ProgressView } from '../../campaigns/ports.js';
import { renderProgressText } from '../../campaigns/progress-view.js';
import { statusHeader } from '../../campaigns/status-wording.js';
import { FINAL_STATUSES, type Locale } from '../../campaigns/types.js';
import { progressKeyboard } from './keyboards.js';
import type { TelegramNotifier } from './notifier.js';

/** The status's header (e.g. "📢 Broadcast Sedang Diproses — Campaign 'X' sedang dikirim ke 100 penerima.") above the live counts. */
export function progressMessageText(view: ProgressView, locale: Locale): string {
  const header = statusHeader({ title: view.title, status: view.status, statusReason: view.statusReason, counts: view }, locale);
  return `${header}\n\n${renderProgressText(view, locale)}`;
}

/**
 * Sends the progress message of a new campaign to `chatId` and registers it, so the worker's ticker
 * edits it from now on. Returns the message id.
 */
export async function postProgressMessage(
  app: App,
  api: Api,
  notifier: TelegramNotifier,
  campaignId: string,
  chatId: number,
  locale: Locale,
): Promise<number> {
  const campaign = await app.campaigns.get(campaignId);
  const view = await app.campaigns.view(campaign);
  const text = progressMessageText(view, locale);
  const markup = progressKeyboard(view, locale);
  const message = await api.sendMessage(chatId, text, markup ? { reply_markup: markup } : {});
  notifier.remember(String(chatId), String(message.message_id), text, markup);
  await app.campaigns.attachProgressMessage(campaignId, {
    surface: 'telegram',
    chatId: String(chatId),
    messageId: String(message.message_id),
  });
  // A short campaign can finish before the message was attached, and its final edit would then go nowhere.
  const now = await app.campaigns.get(campaignId);
  if (FINAL_STATUSES.includes(now.status)) await notifier.updateProgress(now, await app.campaigns.view(now));
  return message.message_id;
}
