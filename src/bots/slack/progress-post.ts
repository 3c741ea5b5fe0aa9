/**
 * Posts a new campaign's progress message where the command ran — or as a DM when the app is not in that
 * channel — and registers it with the campaign so the ticker edits it.
 */
import type { Campaign, Locale } from '../../campaigns/types.js';
import { context, progressMessage } from './blocks.js';
import { slackErrorCode } from './client.js';
import type { SlackDeps } from './deps.js';
import { t } from './i18n.js';

/** Errors that mean "the app cannot post in that channel", so the user gets a DM instead. */
const NOT_THERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'access_denied']);

/** Posts the progress message and attaches it to the campaign; returns where it went. */
export async function postProgressMessage(
  deps: SlackDeps,
  campaign: Campaign,
  channel: string,
  userId: string,
  locale: Locale,
): Promise<{ channel: string; ts: string }> {
  const { app, client } = deps;
  const message = progressMessage(await app.campaigns.view(campaign), locale);
  let posted: { channel: string; ts: string };
  try {
    const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    posted = { channel: result.channel ?? channel, ts: requireTs(result.ts) };
  } catch (error) {
    const code = slackErrorCode(error);
    if (!code || !NOT_THERE.has(code)) throw error;
    app.logger.info({ platform: 'slack', channel, code, campaignId: campaign.id }, 'app cannot post there; sending the progress as a DM');
    const dm = await client.conversations.open({ users: userId });
    const dmChannel = dm.channel?.id;
    if (!dmChannel) throw new Error('conversations.open returned no channel id; check the im:write scope');
    const result = await client.chat.postMessage({
      channel: dmChannel,
      text: message.text,
      blocks: [...message.blocks, context(t(locale, 'slack.dm.notice'))],
    });
    posted = { channel: result.channel ?? dmChannel, ts: requireTs(result.ts) };
  }
  await app.campaigns.attachProgressMessage(campaign.id, { surface: 'slack', chatId: posted.channel, messageId: posted.ts });
  await deps.notifier.posted(posted.channel, posted.ts, message.text);
  // The campaign kept sending (or even finished) while we posted: bring the message up to date.
  await deps.notifier.refresh(campaign.id);
  return posted;
}

function requireTs(ts: string | undefined): string {
  if (!ts) throw new Error('chat.postMessage returned no message ts');
  return ts;
}
