/**
 * The words of a schedule's approval request and of its outcome, shared by Telegram and Slack (plain text; each
 * surface escapes it for its markup): who saved it, when it runs, its title, audience, preview and risk report.
 */
import { deciderName } from '../campaigns/approval-text.js';
import { describeRecipientSum } from '../campaigns/preview-counts.js';
import { describeRisk } from '../campaigns/risk-report.js';
import type { Audience, Locale } from '../campaigns/types.js';
import { formatNumber, t } from '../i18n/index.js';
import '../i18n/schedule-approval.js';
import type { ScheduleApprovalRequest } from './approval.js';
import { describeSchedule } from './describe.js';

function audienceText(locale: Locale, audience: Audience): string {
  if (audience.kind === 'all') return t(locale, 'schedule.approval.audience.all');
  if (audience.kind === 'tags') return t(locale, 'schedule.approval.audience.tags', { tags: audience.tags.join(', ') });
  const count = audience.kind === 'list' ? audience.count : audience.phones.length;
  return t(locale, 'schedule.approval.audience.list', { count: formatNumber(locale, count) });
}

export function scheduleApprovalLines(locale: Locale, request: ScheduleApprovalRequest, clip: (text: string) => string = (x) => x): string[] {
  const { schedule, record } = request;
  const risk = record.risk;
  const sum = { total: risk.recipients, removed: { optedOut: risk.removed.optedOut, duplicate: risk.removed.duplicates, invalid: risk.removed.invalid } };
  return [
    t(locale, 'schedule.approval.request.header', {
      name: schedule.name,
      id: schedule.id,
      author: deciderName(record.author),
      total: formatNumber(locale, risk.recipients),
    }),
    t(locale, 'schedule.approval.request.when', { when: describeSchedule(schedule, locale).when }),
    t(locale, 'schedule.approval.request.title', { title: schedule.draft.title }),
    t(locale, 'schedule.approval.request.audience', { audience: audienceText(locale, schedule.draft.audience) }),
    describeRecipientSum(locale, sum),
    '───',
    clip(record.sample || schedule.draft.template),
    '───',
    ...describeRisk(locale, risk),
    t(locale, 'schedule.approval.request.note'),
  ];
}

/** The line the request gets once decided (its buttons go). */
export function scheduleOutcomeLine(locale: Locale, request: ScheduleApprovalRequest): string {
  const { record } = request;
  const decision = record.state === 'rejected' ? 'rejected' : 'approved';
  return t(locale, `approval.request.${decision}`, { by: deciderName(record.decidedBy), reason: record.reason ?? '' });
}

/** The notice for the schedule's author. */
export function scheduleApprovalNotice(locale: Locale, request: ScheduleApprovalRequest): string {
  const { schedule, record } = request;
  const decision = record.state === 'rejected' ? 'rejected' : 'approved';
  return t(locale, `schedule.approval.notice.${decision}`, {
    name: schedule.name,
    id: schedule.id,
    by: deciderName(record.decidedBy),
    reason: record.reason ?? '',
  });
}
