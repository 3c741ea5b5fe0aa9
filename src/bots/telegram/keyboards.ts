/**
 * Inline keyboards and the callback data behind their buttons. Campaign buttons name the campaign
 * (`cmp:<action>:<id>`, well under Telegram's 64-byte limit) so every press is checked again on its own.
 */
import { InlineKeyboard } from 'grammy';
import type { CampaignStatus, Locale } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';

export const CAMPAIGN_ACTIONS = ['pause', 'resume', 'cancel', 'retry', 'details', 'show'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** Callback data of a campaign button. */
export function campaignData(action: CampaignAction, campaignId: string): string {
  return `cmp:${action}:${campaignId}`;
}

/** Parses `cmp:<action>:<id>`; null for anything else. */
export function parseCampaignData(data: string): { action: CampaignAction; campaignId: string } | null {
  const match = /^cmp:(\w+):([\w-]{1,40})$/.exec(data);
  if (!match) return null;
  const action = CAMPAIGN_ACTIONS.find((a) => a === match[1]);
  return action && match[2] ? { action, campaignId: match[2] } : null;
}

/** Callback data of a page of /campaigns. */
export function pageData(offset: number): string {
  return `cmps:${offset}`;
}

/** ⏸ Pause ▶ Resume ✖ Cancel under a running campaign's progress message. */
export function progressKeyboard(campaignId: string, locale: Locale): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(locale, 'tg.button.pause'), campaignData('pause', campaignId))
    .text(t(locale, 'tg.button.resume'), campaignData('resume', campaignId))
    .text(t(locale, 'tg.button.cancel'), campaignData('cancel', campaignId));
}

/** The Details button under a completion summary. */
export function summaryKeyboard(campaignId: string, locale: Locale): InlineKeyboard {
  return new InlineKeyboard().text(t(locale, 'tg.button.details'), campaignData('details', campaignId));
}

/** Buttons under `/campaign ID`: the controls that fit the status, then Details. */
export function campaignKeyboard(
  campaignId: string,
  status: CampaignStatus,
  failed: number,
  locale: Locale,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (status === 'processing' || status === 'pending')
    keyboard.text(t(locale, 'tg.button.pause'), campaignData('pause', campaignId));
  if (status === 'paused') keyboard.text(t(locale, 'tg.button.resume'), campaignData('resume', campaignId));
  if (status === 'processing' || status === 'pending' || status === 'paused') {
    keyboard.text(t(locale, 'tg.button.cancel'), campaignData('cancel', campaignId));
  }
  if ((status === 'completed' || status === 'failed' || status === 'cancelled') && failed > 0) {
    keyboard.text(t(locale, 'tg.button.retry'), campaignData('retry', campaignId));
  }
  return keyboard.row().text(t(locale, 'tg.button.details'), campaignData('details', campaignId));
}

/**
 * Wizard buttons carry the draft they were shown for and the step (with its version) they belong to:
 * `wz:<draftId>:<step>:<action>`. A press from an older wizard, or an older preview of this one, is then
 * recognised as stale and does nothing.
 */
export function wizardData(draftId: string, step: string, action: string): string {
  return `wz:${draftId}:${step}:${action}`;
}

/** Parses `wz:<draftId>:<step>:<action>`; null for anything else (older formats included). */
export function parseWizardData(data: string): { draftId: string; step: string; action: string } | null {
  const match = /^wz:(\w+):(\w+):(.+)$/.exec(data);
  return match && match[1] && match[2] && match[3] ? { draftId: match[1], step: match[2], action: match[3] } : null;
}
