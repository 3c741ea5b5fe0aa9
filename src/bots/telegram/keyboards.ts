/**
 * Inline keyboards and the callback data behind their buttons. Campaign buttons name the campaign
 * (`cmp:<action>:<id>`, well under Telegram's 64-byte limit) so every press is checked again on its own.
 */
import { InlineKeyboard } from 'grammy';
import { allowedActions, allowedActionsOfView, type ActionSubject, type ControlAction } from '../../campaigns/actions.js';
import type { ProgressView } from '../../campaigns/ports.js';
import type { Locale } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';

/** `cancel` asks first; `cancelok` is its confirmation and `keep` its "no". */
export const CAMPAIGN_ACTIONS = ['pause', 'resume', 'cancel', 'cancelok', 'keep', 'retry', 'details', 'show'] as const;
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

/** The control buttons allowedActions gives, in one row (no row at all when there is none). */
function controls(keyboard: InlineKeyboard, campaignId: string, actions: ControlAction[], locale: Locale): InlineKeyboard {
  for (const action of actions) keyboard.text(t(locale, `tg.button.${action}`), campaignData(action, campaignId));
  return keyboard;
}

/**
 * The buttons under a progress message: exactly the controls allowedActions gives for the status shown
 * (Pause + Cancel while sending, Resume + Cancel while paused, Retry failed at the end); none → no keyboard.
 */
export function progressKeyboard(view: Pick<ProgressView, 'campaignId' | 'status' | 'failed' | 'unknown'>, locale: Locale): InlineKeyboard | undefined {
  const actions = allowedActionsOfView(view);
  return actions.length > 0 ? controls(new InlineKeyboard(), view.campaignId, actions, locale) : undefined;
}

/** Details, and Retry failed when allowed, under a completion summary. */
export function summaryKeyboard(campaign: ActionSubject & { id: string }, locale: Locale): InlineKeyboard {
  const keyboard = new InlineKeyboard().text(t(locale, 'tg.button.details'), campaignData('details', campaign.id));
  return controls(keyboard, campaign.id, allowedActions(campaign), locale);
}

/** Buttons under `/campaign ID`: the controls that fit the status, then Details on its own row. */
export function campaignKeyboard(campaign: ActionSubject & { id: string }, locale: Locale): InlineKeyboard {
  const keyboard = controls(new InlineKeyboard(), campaign.id, allowedActions(campaign), locale);
  if (keyboard.inline_keyboard.some((row) => row.length > 0)) keyboard.row();
  return keyboard.text(t(locale, 'tg.button.details'), campaignData('details', campaign.id));
}

/** "Really cancel?": Yes cancels, No keeps sending (Telegram has no built-in confirmation like Slack). */
export function cancelConfirmKeyboard(campaignId: string, locale: Locale): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(locale, 'tg.button.cancelConfirm'), campaignData('cancelok', campaignId))
    .text(t(locale, 'tg.button.cancelKeep'), campaignData('keep', campaignId));
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
