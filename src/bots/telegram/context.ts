/**
 * What every Telegram handler knows about the update it handles: the user's language, the actor for
 * audit events and use cases, and how to say a use case's error in that language.
 */
import type { Context } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { App } from '../../app-types.js';
import { DomainError } from '../../campaigns/errors.js';
import type { Actor, Locale } from '../../campaigns/types.js';
import { pickLocale, t } from '../../i18n/index.js';
import '../../i18n/telegram.js';
import { FileDownloadError } from './files.js';

/** Context of the outside middleware tree (the wizard runs on plain `Context`). */
export type BotContext = ConversationFlavor<Context>;

/** The user's language when it is Indonesian or English, else BOT_LOCALE. */
export function localeOf(ctx: Context, fallback: Locale): Locale {
  return pickLocale(ctx.from?.language_code, fallback);
}

/** The actor of this update, for use cases and audit events. */
export function actorOf(ctx: Context, locale: Locale): Actor {
  const from = ctx.from;
  const actor: Actor = { surface: 'telegram', userId: String(from?.id ?? 'unknown'), locale };
  const name = from?.username ? `@${from.username}` : from?.first_name;
  if (name) actor.userName = name;
  if (ctx.chat) actor.chatId = String(ctx.chat.id);
  return actor;
}

/** A translator bound to one locale. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}

/**
 * Turns a thrown error into words for the chat: use-case errors are translated with their own key and
 * params; anything else is logged and shown as a generic failure (never with internals).
 */
export function describeError(app: App, locale: Locale, error: unknown, context: Record<string, unknown> = {}): string {
  if (error instanceof DomainError) return t(locale, error.messageKey, error.params);
  if (error instanceof FileDownloadError)
    return t(locale, error.reason === 'too_big' ? 'tg.file.tooBig' : 'tg.file.unavailable');
  app.logger.error({ err: error, platform: 'telegram', ...context }, 'telegram handler failed');
  return t(locale, 'tg.error.unexpected');
}

/** The campaign id argument of a command, lower-cased as ids are; null when missing. */
export function idArgument(ctx: Context): string | null {
  const text = ctx.message?.text ?? ctx.message?.caption ?? '';
  const arg = text.split(/\s+/).slice(1).join(' ').trim();
  return arg === '' ? null : arg.toLowerCase();
}

/** The text after the command, as typed (phones keep their `+`). */
export function rawArgument(ctx: Context): string {
  const text = ctx.message?.text ?? ctx.message?.caption ?? '';
  return text.split(/\s+/).slice(1).join(' ').trim();
}

/** Telegram's limit for one message is 4096 characters; keep a margin for the layout around `text`. */
export function clip(text: string, max = 3500): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
