/**
 * The words of an approval request and of its outcome, shared by Telegram and Slack (plain text; each surface
 * escapes it for its markup): who asks, how many recipients, the message, the risk report, when it expires.
 */
import { formatNumber, t } from '../i18n/index.js';
import '../i18n/approval.js';
import { describeRecipientSum } from './preview-counts.js';
import { describeRisk } from './risk-report.js';
import type { ApprovalDecision, ApprovalRequest, Decider } from './approval.js';
import type { Campaign, Locale } from './types.js';

/** Who someone is, as a chat shows it. */
export function deciderName(by: Decider | null): string {
  return by ? (by.userName ?? by.userId) : '—';
}

export function approvalRequestLines(locale: Locale, request: ApprovalRequest, clip: (text: string) => string = (x) => x): string[] {
  const { campaign, record } = request;
  const risk = record.risk;
  const sum = { total: risk.recipients, removed: { optedOut: risk.removed.optedOut, duplicate: risk.removed.duplicates, invalid: risk.removed.invalid } };
  return [
    t(locale, 'approval.request.header', {
      title: campaign.title,
      id: campaign.id,
      author: deciderName(record.author),
      total: formatNumber(locale, risk.recipients),
    }),
    describeRecipientSum(locale, sum),
    '───',
    clip(record.sample || campaign.template),
    '───',
    ...describeRisk(locale, risk),
    t(locale, 'approval.request.expires', { at: record.expiresAt.replace('T', ' ').slice(0, 16) + ' UTC' }),
  ];
}

/** The line the request gets once decided (its buttons go). */
export function approvalOutcomeLine(locale: Locale, decision: ApprovalDecision, by: Decider | null, reason: string | null): string {
  if (decision === 'expired') return t(locale, 'approval.request.expired');
  return t(locale, `approval.request.${decision}`, { by: deciderName(by), reason: reason ?? '' });
}

/** The notice in the author's chat. */
export function approvalNotice(locale: Locale, campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null, ttlHours: number): string {
  return t(locale, `approval.notice.${decision}`, {
    title: campaign.title,
    by: deciderName(by),
    reason: reason ?? '',
    hours: formatNumber(locale, ttlHours),
  });
}
