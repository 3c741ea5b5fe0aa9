/**
 * The one table of what can be done to a campaign in each status. Telegram keyboards, Slack blocks, the
 * CLI's `campaigns pause|resume|cancel|retry` and the use cases all ask it, so no surface offers a button
 * that the use case would then refuse.
 */
import type { ProgressView } from './ports.js';
import type { CampaignStatus } from './types.js';

/** What the table needs to know about a campaign (a Campaign or its counts in a progress view). */
export interface ActionSubject {
  status: CampaignStatus;
  counts: { failed: number; unknown: number };
}

/** The controls a campaign can have (Details is always there and is not a control). */
export const CONTROL_ACTIONS = ['pause', 'resume', 'cancel', 'retry'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** The statuses a campaign can be retried from (when something failed). */
const RETRYABLE: readonly CampaignStatus[] = ['completed', 'failed', 'cancelled'];

/** True when a campaign in this status may be retried once it has failed recipients. */
export function isRetryableStatus(status: CampaignStatus): boolean {
  return RETRYABLE.includes(status);
}

/**
 * The controls allowed for this campaign now, in the order surfaces show them.
 * @example allowedActions({ status: 'paused', counts }) // ['resume', 'cancel']
 */
export function allowedActions(campaign: ActionSubject): ControlAction[] {
  switch (campaign.status) {
    // Approve / Reject are not controls: they go to other admins in the approval request (./approval.ts).
    case 'awaiting_approval':
      return ['cancel'];
    case 'pending':
    case 'processing':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'completed':
    case 'failed':
    case 'cancelled':
      return campaign.counts.failed + campaign.counts.unknown > 0 ? ['retry'] : [];
  }
}

/** allowedActions for the campaign a progress view shows (surfaces render buttons from views). */
export function allowedActionsOfView(view: Pick<ProgressView, 'status' | 'failed' | 'unknown'>): ControlAction[] {
  return allowedActions({ status: view.status, counts: { failed: view.failed, unknown: view.unknown } });
}
