/**
 * The campaign buttons: Pause / Resume / Cancel on the progress message, Details and Retry on the summary.
 * The button's value names the campaign; the presser is checked against the allowlist on every press.
 */
import { escapeSlackText } from './escape.js';
import { resumeAnswer } from '../../campaigns/daily-cap.js';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { FINAL_STATUSES, type Actor, type Locale } from '../../campaigns/types.js';
import { ACTIONS, type Block, type CampaignAction, detailsView, escapeMrkdwn } from './blocks.js';
import { slackErrorCode } from './client.js';
import { errorText, slackActor, tell, type SlackDeps } from './deps.js';
import { t } from './i18n.js';
import { postProgressMessage } from './progress-post.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Handles a press of one of the campaign buttons. */
export async function onCampaignButton(deps: SlackDeps, action: CampaignAction, { ack, body, action: button }: ButtonArgs): Promise<void> {
  await ack();
  const campaignId = button.value ?? '';
  const locale = await deps.locales.of(body.user.id);
  const actor = slackActor(body.user, body.channel?.id, locale);
  if (!(await deps.access.allows(body.user.id))) {
    await deps.access.refuse(actor, `slack.button.${action}`, campaignId || null, locale);
    return;
  }
  // A press is idempotent: the key names the message and the action, so a second press (Slack resends
  // slow answers, admins double-click) returns the first press's result instead of acting again.
  const key = `slack:${body.channel?.id ?? body.user.id}:${body.message?.ts ?? body.container.message_ts ?? ''}:${action}:${campaignId}`;
  try {
    switch (action) {
      case 'pause':
      case 'resume':
      case 'cancel': {
        const campaign = await deps.app.campaigns[action](campaignId, actor, { key });
        await deps.notifier.refresh(campaignId);
        // Resuming at the daily cap says when sending continues (the progress message alone would not).
        const answer = resumeAnswer(campaign, locale, deps.app.config.SCHEDULE_TIMEZONE);
        if (answer) await tell(deps, actor, answer);
        break;
      }
      case 'retry': {
        const { campaign, created } = await deps.app.campaigns.retry(campaignId, actor, { key });
        await dropRetryButton(deps, body, campaignId);
        if (created) await postProgressMessage(deps, campaign, body.channel?.id ?? body.user.id, body.user.id, locale);
        else {
          const key = FINAL_STATUSES.includes(campaign.status) ? 'slack.done.retryMade' : 'slack.done.retryRunning';
          await tell(deps, actor, t(locale, key, { title: escapeMrkdwn(campaign.title), id: campaign.id }));
        }
        break;
      }
      case 'details':
        await showDetails(deps, campaignId, body, actor, locale);
        break;
    }
  } catch (error) {
    await tell(deps, actor, errorText(deps, error, locale));
  }
}

/** Takes the used Retry button off the summary it was pressed on (the rest of the message stays). */
async function dropRetryButton(deps: SlackDeps, body: BlockAction<ButtonAction>, campaignId: string): Promise<void> {
  const channel = body.channel?.id;
  const ts = body.message?.ts;
  const blocks = body.message?.blocks as Block[] | undefined;
  if (!channel || !ts || !blocks) return;
  const kept = blocks
    .map((block) =>
      block.type === 'actions'
        ? { ...block, elements: block.elements.filter((e) => !('action_id' in e && e.action_id === ACTIONS.retry)) }
        : block,
    )
    .filter((block) => block.type !== 'actions' || block.elements.length > 0);
  try {
    await deps.client.chat.update({ channel, ts, text: String(body.message?.text ?? ''), blocks: kept });
  } catch (error) {
    deps.app.logger.info({ code: slackErrorCode(error), campaignId }, 'could not remove the used Retry button');
  }
}

/**
 * The Details modal (failures with reasons; a modal only its opener sees), then every recipient's status as a CSV
 * in a DM to the admin who asked: phone numbers never go into the channel, where non-admins may read them.
 */
async function showDetails(
  deps: SlackDeps,
  campaignId: string,
  body: BlockAction<ButtonAction>,
  actor: Actor,
  locale: Locale,
): Promise<void> {
  const details = await deps.app.campaigns.details(campaignId, 20);
  // The trigger expires after 3 s, so the modal opens before the (slower) CSV export.
  await deps.client.views.open({ trigger_id: body.trigger_id, view: detailsView(details, locale, true) });
  const chunks: string[] = [];
  for await (const chunk of deps.app.campaigns.exportCsv(campaignId)) chunks.push(chunk);
  const file = Buffer.from(chunks.join(''), 'utf8');
  const upload = {
    file,
    filename: `campaign-${campaignId}.csv`,
    title: t(locale, 'slack.details.csvTitle', { title: details.campaign.title }),
    initial_comment: t(locale, 'slack.details.csvComment', { title: escapeSlackText(details.campaign.title) }),
  };
  const dm = await deps.client.conversations.open({ users: actor.userId });
  if (!dm.channel?.id) throw new Error('conversations.open returned no channel id; check the im:write scope');
  await deps.client.filesUploadV2({ ...upload, channel_id: dm.channel.id });
}
