/** What every Slack handler receives, and the small helpers they share (actor, replies, error texts). */
import type { App } from '../../app-types.js';
import { DomainError } from '../../campaigns/errors.js';
import type { Actor, Locale } from '../../campaigns/types.js';
import type { ScheduleUseCases } from '../../schedules/use-cases.js';
import type { SlackAccess, SlackLocales } from './access.js';
import { slackErrorCode, type WebClient } from './client.js';
import { t } from './i18n.js';
import type { SlackNotifier } from './notifier.js';

export interface SlackDeps {
  app: App;
  /** The listener client (Bolt's): it waits out 429s itself. */
  client: WebClient;
  notifier: SlackNotifier;
  access: SlackAccess;
  locales: SlackLocales;
  /** The schedule use cases, when this process offers scheduling (the "Schedule…" step). */
  schedules?: () => ScheduleUseCases;
}

/** The actor of a Slack interaction, for use cases and audit events. */
export function slackActor(user: { id: string; name?: string; username?: string }, chatId: string | undefined, locale: Locale): Actor {
  const userName = user.name ?? user.username;
  return {
    surface: 'slack',
    userId: user.id,
    ...(userName ? { userName } : {}),
    ...(chatId ? { chatId } : {}),
    locale,
  };
}

/** A use-case error in the user's language; anything unexpected is logged and named only vaguely. */
export function errorText(deps: SlackDeps, error: unknown, locale: Locale): string {
  if (error instanceof DomainError) return t(locale, error.messageKey, error.params);
  deps.app.logger.error({ err: error, platform: 'slack', code: slackErrorCode(error) }, 'Slack handler failed');
  return t(locale, 'slack.error.generic');
}

/** Tells one user something only they see: ephemeral in the channel, else in their DM with the app. */
export async function tell(deps: SlackDeps, actor: Actor, text: string): Promise<void> {
  try {
    if (actor.chatId) {
      await deps.client.chat.postEphemeral({ channel: actor.chatId, user: actor.userId, text });
      return;
    }
  } catch (error) {
    deps.app.logger.info({ code: slackErrorCode(error) }, 'ephemeral reply failed; replying in a DM instead');
  }
  try {
    await deps.client.chat.postMessage({ channel: actor.userId, text });
  } catch (error) {
    deps.app.logger.warn({ code: slackErrorCode(error), userId: actor.userId }, 'could not reply to a Slack user');
  }
}
