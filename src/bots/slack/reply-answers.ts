/**
 * An admin answers a customer by writing in the thread of the customer's forwarded reply (Events API `message` with a
 * `thread_ts`). The shared use case (src/campaigns/replies.ts) decides who it goes to and queues it once per Slack
 * message; the worker adds ✓ once it went out. Users outside SLACK_ALLOWED_USERS are refused and nothing is sent.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerReply, isReplyThread } from '../../campaigns/replies.js';
import { escapeSlackText } from './escape.js';
import { slackActor, tell, type SlackDeps } from './deps.js';
import { t } from './i18n.js';

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** Bolt listener for `message` events: a plain message in a thread the bot forwarded a customer's reply to. */
export async function onThreadReply(deps: SlackDeps, { event }: MessageArgs): Promise<void> {
  // Edits, deletions, bot posts and file shares have a subtype; thread roots have no thread_ts (or their own ts).
  if (event.subtype !== undefined || !('thread_ts' in event) || !event.thread_ts || event.thread_ts === event.ts) return;
  if (!event.user || ('bot_id' in event && event.bot_id)) return;
  const { app } = deps;
  const locale = await deps.locales.of(event.user);
  const actor = slackActor({ id: event.user }, event.channel, locale);
  const answer = {
    surface: 'slack' as const,
    thread: { chatId: event.channel, messageId: event.thread_ts },
    messageId: event.ts,
    text: event.text ?? '',
    actor,
    locale,
  };
  if (!(await deps.access.allows(event.user))) {
    // Only threads that carry customers' replies concern us; elsewhere a stranger's chatter is none of our business.
    if (await isReplyThread(app.store.kv, 'slack', answer.thread)) await deps.access.refuse(actor, 'slack.reply.answer', null, locale);
    return;
  }
  const outcome = await answerReply(app, answer);
  if (outcome.kind === 'ambiguous') await tell(deps, actor, escapeSlackText(t(locale, 'reply.answer.ambiguous', { phone: outcome.example })));
  if (outcome.kind === 'empty') await tell(deps, actor, t(locale, 'reply.answer.empty'));
  if (outcome.kind === 'window_closed') await tell(deps, actor, escapeSlackText(outcome.text));
}
