/**
 * The request message of a two-person approval in a Telegram chat, shared by campaign and schedule approvals:
 * sent with Approve / Reject buttons and remembered, then settled: the buttons go and the outcome is appended.
 */
import { GrammyError, InlineKeyboard, type Api } from 'grammy';
import type { App } from '../../app-types.js';
import type { Locale } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';
import '../../i18n/approval.js';

const KEEP_MS = 30 * 24 * 3600_000;

interface PostedRequest {
  chatId: string;
  messageId: string;
  locale: Locale;
  text: string;
}

export interface RequestMessage {
  /** The key-value namespace the sent message is remembered in, and its key there. */
  namespace: string;
  key: string;
  /** The request's text, in BOT_LOCALE. */
  text: (locale: Locale) => string;
  approveData: string;
  rejectData: string;
}

/** Where a sent request is remembered, with the log fields naming it and what it is in a log line ('an approval request'). */
export interface RequestRecord {
  namespace: string;
  key: string;
  log: Record<string, string>;
  what: string;
}

/** Sends the request with its buttons to `chatId` and remembers the message. */
export async function postApprovalRequest(app: App, api: Api, chatId: string, request: RequestMessage): Promise<void> {
  const locale = app.config.BOT_LOCALE;
  const text = request.text(locale);
  const keyboard = new InlineKeyboard()
    .text(t(locale, 'approval.button.approve'), request.approveData)
    .text(t(locale, 'approval.button.reject'), request.rejectData);
  const sent = await api.sendMessage(chatId, text, { reply_markup: keyboard });
  const posted: PostedRequest = { chatId, messageId: String(sent.message_id), locale, text };
  await app.store.kv.set(request.namespace, request.key, JSON.stringify(posted), KEEP_MS);
}

/** Takes the buttons off a sent request and appends the outcome line (in the request's language). */
export async function settleApprovalRequest(
  app: App,
  api: Api,
  where: RequestRecord,
  outcome: (locale: Locale) => string,
): Promise<void> {
  const raw = await app.store.kv.get(where.namespace, where.key);
  if (!raw) return;
  const posted = JSON.parse(raw) as PostedRequest;
  // Without reply_markup the request loses its buttons: nothing on it can be pressed again.
  await api.editMessageText(posted.chatId, Number(posted.messageId), `${posted.text}\n\n${outcome(posted.locale)}`).catch((error: unknown) => {
    if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
    app.logger.warn({ platform: 'telegram', err: error, ...where.log }, `could not settle ${where.what}`);
  });
}
