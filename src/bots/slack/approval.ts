/**
 * Two-person approval on Slack: the request in SLACK_ADMIN_CHANNEL with Approve / Reject buttons (value = the
 * campaign id), a modal that asks the reason for a rejection, and the outcome: the request loses its buttons and
 * says who decided, the author's progress thread is told. Decisions go through the approve / reject use cases.
 */
import type { WebClient } from '@slack/web-api';
import type { App } from '../../app-types.js';
import type { ApprovalDecision, ApprovalRequest, Decider } from '../../campaigns/approval.js';
import { approvalNotice, approvalOutcomeLine, approvalRequestLines } from '../../campaigns/approval-text.js';
import type { Campaign, Locale } from '../../campaigns/types.js';
import '../../i18n/approval.js';
import { clip, escapeMrkdwn, plain, section, type Block, type ModalView } from './blocks.js';
import { slackErrorCode } from './client.js';
import { errorText, slackActor, tell, type SlackDeps } from './deps.js';
import { t } from './i18n.js';
import type { ButtonArgs } from './actions.js';
import type { ViewArgs } from './wizard.js';

export const APPROVE_BUTTON = 'approval_approve';
export const REJECT_BUTTON = 'approval_reject';
export const REJECT_VIEW = 'approval_reject_reason';
const REQUESTS = 'slack.approval.requests';
const KEEP_MS = 30 * 24 * 3600_000;

interface PostedRequest {
  channel: string;
  ts: string;
  locale: Locale;
  text: string;
}

/** The notifier's approval side: posts requests and tells the outcome. */
export class SlackApprovalNotices {
  constructor(
    private readonly app: App,
    private readonly client: WebClient,
  ) {}

  async request(request: ApprovalRequest): Promise<void> {
    const channel = this.app.config.SLACK_ADMIN_CHANNEL;
    if (!channel) {
      this.app.logger.warn({ platform: 'slack', campaignId: request.campaign.id }, 'no Slack channel for an approval request: set SLACK_ADMIN_CHANNEL');
      return;
    }
    const locale = this.app.config.BOT_LOCALE;
    const text = escapeMrkdwn(approvalRequestLines(locale, request, (x) => clip(x, 1500)).join('\n'));
    const id = request.campaign.id;
    const blocks: Block[] = [
      section(clip(text, 2900)),
      {
        type: 'actions',
        block_id: `approval:${id}`,
        elements: [
          { type: 'button', action_id: APPROVE_BUTTON, value: id, style: 'primary', text: plain(t(locale, 'approval.button.approve'), 75) },
          { type: 'button', action_id: REJECT_BUTTON, value: id, style: 'danger', text: plain(t(locale, 'approval.button.reject'), 75) },
        ],
      },
    ];
    const posted = await this.client.chat.postMessage({ channel, text, blocks, unfurl_links: false });
    if (!posted.ts) return;
    const record: PostedRequest = { channel, ts: posted.ts, locale, text };
    await this.app.store.kv.set(REQUESTS, id, JSON.stringify(record), KEEP_MS);
  }

  async decided(campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null): Promise<void> {
    const raw = await this.app.store.kv.get(REQUESTS, campaign.id);
    if (raw) {
      const posted = JSON.parse(raw) as PostedRequest;
      const text = `${posted.text}\n\n${escapeMrkdwn(approvalOutcomeLine(posted.locale, decision, by, reason))}`;
      // The buttons go: nothing on a decided request can be pressed again.
      await this.client.chat.update({ channel: posted.channel, ts: posted.ts, text, blocks: [section(clip(text, 2900))] }).catch((error: unknown) => {
        this.app.logger.warn({ platform: 'slack', code: slackErrorCode(error), campaignId: campaign.id }, 'could not settle an approval request');
      });
    }
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
    await deps.client.views.open({ trigger_id: body.trigger_id, view: rejectView(campaign, locale, body.channel?.id ?? '') });
  } catch (error) {
    await tell(deps, actor, errorText(deps, error, locale));
  }
}

function rejectView(campaign: Campaign, locale: Locale, channel: string): ModalView {
  return {
    type: 'modal',
    callback_id: REJECT_VIEW,
    private_metadata: JSON.stringify({ id: campaign.id, channel }),
    title: plain(t(locale, 'approval.modalTitle'), 24),
    submit: plain(t(locale, 'approval.modalSubmit'), 24),
    blocks: [
      section(escapeMrkdwn(`${campaign.title} (${campaign.id})`)),
      {
        type: 'input',
        block_id: 'reason',
        label: plain(t(locale, 'approval.reasonLabel'), 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}

/** The reason modal submitted: reject through the use case (idempotent per modal), close it, confirm. */
export async function submitReject(deps: SlackDeps, { ack, body, view }: ViewArgs): Promise<void> {
  const locale = await deps.locales.of(body.user.id);
  const meta = JSON.parse(view.private_metadata || '{}') as { id?: string; channel?: string };
  const actor = slackActor(body.user, meta.channel || undefined, locale);
  if (!(await deps.access.allows(body.user.id))) {
    await ack();
    await deps.access.refuse(actor, 'slack.approval.reject', meta.id ?? null, locale, false);
    return;
  }
  const reason = (view.state.values.reason?.value?.value ?? '').trim();
  if (!reason) {
    await ack({ response_action: 'errors', errors: { reason: t(locale, 'approval.reasonRequired') } });
    return;
  }
  await ack();
  try {
    await deps.app.campaigns.reject(meta.id ?? '', actor, reason, { key: `slack:reject:${view.id}` });
    await tell(deps, actor, t(locale, 'approval.done.rejected'));
  } catch (error) {
    await tell(deps, actor, errorText(deps, error, locale));
  }
}
