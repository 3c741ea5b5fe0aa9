/**
 * Two-person approval on Slack: the request in SLACK_ADMIN_CHANNEL with Approve / Reject buttons (value = the
 * campaign id), a modal that asks the reason for a rejection, and the outcome: the request loses its buttons and
 * says who decided, the author's progress thread is told. Decisions go through the approve / reject use cases.
 */
import type { WebClient } from '@slack/web-api';
import type { App } from '../../app-types.js';
import type { ApprovalDecision, ApprovalRequest, Decider } from '../../campaigns/approval.js';
import { approvalNotice, approvalOutcomeLine, approvalRequestLines } from '../../campaigns/approval-text.js';
import type { Campaign } from '../../campaigns/types.js';
import '../../i18n/approval.js';
import { postApprovalRequest, settleApprovalRequest } from './approval-request.js';
import { reasonModal, submitReason } from './reject-reason.js';
import { escapeMrkdwn } from './blocks.js';
import { errorText, slackActor, tell, type SlackDeps } from './deps.js';
import { t } from './i18n.js';
import type { ButtonArgs } from './actions.js';
import type { ViewArgs } from './wizard.js';

export const APPROVE_BUTTON = 'approval_approve';
export const REJECT_BUTTON = 'approval_reject';
export const REJECT_VIEW = 'approval_reject_reason';
const REQUESTS = 'slack.approval.requests';

/** The notifier's approval side: posts requests and tells the outcome. */
export class SlackApprovalNotices {
  constructor(
    private readonly app: App,
    private readonly client: WebClient,
  ) {}

  async request(request: ApprovalRequest): Promise<void> {
    const id = request.campaign.id;
    await postApprovalRequest(this.app, this.client, {
      namespace: REQUESTS,
      key: id,
      lines: (locale, clipLine) => approvalRequestLines(locale, request, clipLine),
      blockId: `approval:${id}`,
      approveAction: APPROVE_BUTTON,
      rejectAction: REJECT_BUTTON,
      value: id,
      log: { campaignId: id },
      what: 'an approval request',
    });
  }

  async decided(campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null): Promise<void> {
    const where = { namespace: REQUESTS, key: campaign.id, log: { campaignId: campaign.id }, what: 'an approval request' };
    await settleApprovalRequest(this.app, this.client, where, (locale) => approvalOutcomeLine(locale, decision, by, reason));
    const progress = campaign.progressMessages.find((m) => m.surface === 'slack');
    const channel = progress?.chatId ?? (campaign.origin.surface === 'slack' ? campaign.origin.chatId : undefined);
    if (!channel) return;
    const locale = campaign.origin.locale ?? this.app.config.BOT_LOCALE;
    const text = escapeMrkdwn(approvalNotice(locale, campaign, decision, by, reason, this.app.config.APPROVAL_TTL_HOURS));
    await this.client.chat.postMessage({ channel, text, ...(progress ? { thread_ts: progress.messageId } : {}) });
  }
}

/** Approve: another admin's press queues the campaign; the author's press is refused (said only to them). */
export async function onApproveButton(deps: SlackDeps, { ack, body, action }: ButtonArgs): Promise<void> {
  await ack();
  const id = action.value ?? '';
  const locale = await deps.locales.of(body.user.id);
  const actor = slackActor(body.user, body.channel?.id, locale);
  if (!(await deps.access.allows(body.user.id))) {
    await deps.access.refuse(actor, 'slack.button.approve', id || null, locale);
    return;
  }
  const key = `slack:${body.channel?.id ?? body.user.id}:${body.message?.ts ?? body.container.message_ts ?? ''}:approve:${id}`;
  try {
    await deps.app.campaigns.approve(id, actor, { key });
    await tell(deps, actor, t(locale, 'approval.done.approved'));
  } catch (error) {
    await tell(deps, actor, errorText(deps, error, locale));
  }
}

/** Reject: opens a modal bound to the campaign that asks the reason. */
export async function onRejectButton(deps: SlackDeps, { ack, body, action }: ButtonArgs): Promise<void> {
  await ack();
  const id = action.value ?? '';
  const locale = await deps.locales.of(body.user.id);
  const actor = slackActor(body.user, body.channel?.id, locale);
  if (!(await deps.access.allows(body.user.id))) {
    await deps.access.refuse(actor, 'slack.button.reject', id || null, locale);
    return;
  }
  try {
    const campaign = await deps.app.campaigns.get(id);
    await deps.client.views.open({ trigger_id: body.trigger_id, view: reasonModal({
        callbackId: REJECT_VIEW,
        title: t(locale, 'approval.modalTitle'),
        heading: `${campaign.title} (${campaign.id})`,
        metadata: { id: campaign.id, channel: body.channel?.id ?? '' },
        locale,
      }),
    });
  } catch (error) {
    await tell(deps, actor, errorText(deps, error, locale));
  }
}

/** The reason modal submitted: reject through the use case (idempotent per modal), confirm. */
export function submitReject(deps: SlackDeps, args: ViewArgs): Promise<void> {
  return submitReason<{ id?: string; channel?: string }>(deps, args, {
    action: 'slack.approval.reject',
    permitted: true,
    reject: (meta, actor, reason, key) => deps.app.campaigns.reject(meta.id ?? '', actor, reason, { key }),
  });
}
