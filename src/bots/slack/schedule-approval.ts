/**
 * A schedule's two-person approval on Slack (issue 15): the request in SLACK_ADMIN_CHANNEL with Approve / Reject
 * buttons whose value is "<schedule id>:<content version>" (a request made before an edit never approves the new
 * content), a modal bound to both that asks the reason for a rejection, and the outcome: the request loses its
 * buttons and says who decided; a Slack author is told in the channel they saved it from.
 */
import type { WebClient } from '@slack/web-api';
import type { App } from '../../app-types.js';
import '../../i18n/approval.js';
import '../../i18n/schedule-approval.js';
import { shortVersion, type ScheduleApprovalRequest } from '../../schedules/approval.js';
import { scheduleApprovalLines, scheduleApprovalNotice, scheduleOutcomeLine } from '../../schedules/approval-text.js';
import type { ButtonArgs } from './actions.js';
import { postApprovalRequest, settleApprovalRequest } from './approval-request.js';
import { reasonModal, submitReason } from './reject-reason.js';
import { escapeMrkdwn } from './blocks.js';
import { slackErrorCode } from './client.js';
import { errorText, slackActor, tell, type SlackDeps } from './deps.js';
import { t } from './i18n.js';
import type { ViewArgs } from './wizard.js';

export const SCHEDULE_APPROVE_BUTTON = 'schedule_approval_approve';
export const SCHEDULE_REJECT_BUTTON = 'schedule_approval_reject';
export const SCHEDULE_REJECT_VIEW = 'schedule_approval_reject_reason';
const REQUESTS = 'slack.schedule-approval.requests';

const bound = (request: ScheduleApprovalRequest) => `${request.schedule.id}:${shortVersion(request.record.version)}`;

/** "<id>:<version>" of a button or modal. */
function unbind(value: string): { id: string; version: string } {
  const [id = '', version = ''] = value.split(':');
  return { id, version };
}

export class SlackScheduleApprovalNotices {
  constructor(
    private readonly app: App,
    private readonly client: WebClient,
  ) {}

  async request(request: ScheduleApprovalRequest): Promise<void> {
    const value = bound(request);
    await postApprovalRequest(this.app, this.client, {
      namespace: REQUESTS,
      key: value,
      lines: (locale, clipLine) => scheduleApprovalLines(locale, request, clipLine),
      blockId: `schedule-approval:${value}`,
      approveAction: SCHEDULE_APPROVE_BUTTON,
      rejectAction: SCHEDULE_REJECT_BUTTON,
      value,
      log: { scheduleId: request.schedule.id },
      what: 'a schedule approval request',
    });
  }

  async decided(request: ScheduleApprovalRequest): Promise<void> {
    const where = { namespace: REQUESTS, key: bound(request), log: { scheduleId: request.schedule.id }, what: 'a schedule approval request' };
    await settleApprovalRequest(this.app, this.client, where, (locale) => scheduleOutcomeLine(locale, request));
    const { record, schedule } = request;
    if (record.author.surface !== 'slack') return;
    const by = schedule.createdBy;
    const channel = by.surface === 'slack' && by.userId === record.author.userId && by.chatId ? by.chatId : record.author.userId;
    const text = escapeMrkdwn(scheduleApprovalNotice(by.locale ?? this.app.config.BOT_LOCALE, request));
    await this.client.chat.postMessage({ channel, text }).catch((error: unknown) => {
      this.app.logger.warn({ platform: 'slack', code: slackErrorCode(error), scheduleId: schedule.id }, 'could not tell the author of a schedule approval');
    });
  }
}

/** Approve: another admin's press approves this version; the author's own press or a stale one is refused. */
export async function onScheduleApproveButton(deps: SlackDeps, { ack, body, action }: ButtonArgs): Promise<void> {
  await ack();
  const { id, version } = unbind(action.value ?? '');
  const locale = await deps.locales.of(body.user.id);
  const actor = slackActor(body.user, body.channel?.id, locale);
  if (!(await deps.access.allows(body.user.id)) || !deps.schedules) {
    await deps.access.refuse(actor, 'slack.button.schedule_approve', id || null, locale);
    return;
  }
  const key = `slack:${body.channel?.id ?? body.user.id}:${body.message?.ts ?? body.container.message_ts ?? ''}:approve:${id}:${version}`;
  try {
    await deps.schedules().approve(id, actor, { version, key });
    await tell(deps, actor, t(locale, 'approval.done.approved'));
  } catch (error) {
    await tell(deps, actor, errorText(deps, error, locale));
  }
}

/** Reject: opens a modal bound to the schedule and its version that asks the reason. */
export async function onScheduleRejectButton(deps: SlackDeps, { ack, body, action }: ButtonArgs): Promise<void> {
  await ack();
  const { id, version } = unbind(action.value ?? '');
  const locale = await deps.locales.of(body.user.id);
  const actor = slackActor(body.user, body.channel?.id, locale);
  if (!(await deps.access.allows(body.user.id)) || !deps.schedules) {
    await deps.access.refuse(actor, 'slack.button.schedule_reject', id || null, locale);
    return;
  }
  try {
    const schedule = await deps.schedules().get(id);
    await deps.client.views.open({ trigger_id: body.trigger_id, view: reasonModal({
        callbackId: SCHEDULE_REJECT_VIEW,
        title: t(locale, 'schedule.approval.modalTitle'),
        heading: `${schedule.name} (${schedule.id})`,
        metadata: { id: schedule.id, version, channel: body.channel?.id ?? '' },
        locale,
      }),
    });
  } catch (error) {
    await tell(deps, actor, errorText(deps, error, locale));
  }
}

/** The reason modal submitted: reject this version through the use case (idempotent per modal), confirm. */
export function submitScheduleReject(deps: SlackDeps, args: ViewArgs): Promise<void> {
  const schedules = deps.schedules;
  return submitReason<{ id?: string; version?: string; channel?: string }>(deps, args, {
    action: 'slack.schedule_approval.reject',
    permitted: schedules !== undefined,
    reject: (meta, actor, reason, key) =>
      schedules!().reject(meta.id ?? '', actor, reason, { ...(meta.version ? { version: meta.version } : {}), key }),
  });
}
