/**
 * Resuming at the daily cap: the sends would stop again at once (and the same alert would follow), so the
 * resume is kept as a promise instead: the campaign stays paused with a "wait" reason and the engine resumes it by
 * itself once the cap has room (EngineControl.resumeAfterCapReset, from the worker's sweep). A campaign paused at the
 * cap that nobody touched continues then too. Two caps, two kinds of reset:
 * - `daily_cap` (DAILY_CAP, Baileys): messages per calendar day; room comes back at midnight in the schedules' zone.
 * - `tier_cap` (a Cloud number's messaging limit): unique recipients in a moving 24 hours; room comes back as soon as
 *   the window lets earlier recipients go, at no fixed time, so nothing promises "00:00".
 */
import { t } from '../i18n/index.js';
import '../i18n/rulebook.js';
import type { Campaign, Locale } from './types.js';

/** statusReason of a campaign paused at the daily cap whose resume was asked for: it continues when the cap resets. */
export const DAILY_CAP_WAIT = 'daily_cap_wait';
/** statusReason of a campaign paused at a Cloud number's 24-hour limit whose resume was asked for. */
export const TIER_CAP_WAIT = 'tier_cap_wait';

const DAILY_REASONS = new Set(['daily_cap', DAILY_CAP_WAIT]);
const TIER_REASONS = new Set(['tier_cap', TIER_CAP_WAIT]);

/** The local time the daily cap resets (a new calendar day in the schedules' time zone). */
export const CAP_RESET_TIME = '00:00';

/** True when `reason` is a pause at a cap (the daily cap or a Cloud number's 24-hour limit; before and after a resume). */
export function isCapReason(reason: string | null): boolean {
  return reason !== null && (DAILY_REASONS.has(reason) || TIER_REASONS.has(reason));
}

/** True when `reason` is a pause at the calendar-day cap, which resets at CAP_RESET_TIME. */
export function isDailyCapReason(reason: string | null): boolean {
  return reason !== null && DAILY_REASONS.has(reason);
}

/** The reason a campaign paused at a cap waits with once its resume was asked for. */
export function capWaitReason(reason: string | null): string {
  return reason !== null && TIER_REASONS.has(reason) ? TIER_CAP_WAIT : DAILY_CAP_WAIT;
}

/** What an alert about a pause at the cap names: when and in which time zone sending continues by itself. */
export function capResetParams(timeZone: string): { time: string; zone: string } {
  return { time: CAP_RESET_TIME, zone: timeZone };
}

/** True when `campaign` is paused because a cap was reached. */
export function pausedAtCap(campaign: Pick<Campaign, 'status' | 'statusReason'>): boolean {
  return campaign.status === 'paused' && isCapReason(campaign.statusReason);
}

/** True when the cap is on and the sends counted against it have used it up. */
export function capReached(dailyCap: number, usedToday: number): boolean {
  return dailyCap > 0 && usedToday >= dailyCap;
}

/**
 * What a surface answers to a resume: when sending continues if the campaign waits for the cap to have room
 * again, else null (the surface's ordinary "resumed" answer).
 */
export function resumeAnswer(campaign: Pick<Campaign, 'status' | 'statusReason'>, locale: Locale, timeZone: string): string | null {
  if (campaign.status !== 'paused') return null;
  if (campaign.statusReason === DAILY_CAP_WAIT) return t(locale, 'campaign.resumeAtCap', capResetParams(timeZone));
  if (campaign.statusReason === TIER_CAP_WAIT) return t(locale, 'campaign.resumeAtTierCap');
  return null;
}
