/**
 * Resuming at the daily cap: the sends would stop again at once (and the same alert would follow), so the
 * resume is kept as a promise instead: the campaign stays paused with `DAILY_CAP_WAIT` and the engine resumes
 * it by itself once the cap resets at midnight in the schedules' time zone. A campaign paused at the cap that nobody
 * touched (`daily_cap`) continues at the reset too (EngineControl.resumeAfterCapReset).
 */
import { t } from '../i18n/index.js';
import '../i18n/rulebook.js';
import type { Campaign, Locale } from './types.js';

/** statusReason of a campaign paused at the daily cap whose resume was asked for: it continues when the cap resets. */
export const DAILY_CAP_WAIT = 'daily_cap_wait';

/** Reasons of a pause at the daily cap (before and after someone asked to resume). */
const CAP_REASONS = new Set(['daily_cap', DAILY_CAP_WAIT]);

/** The local time the daily cap resets (a new calendar day in the schedules' time zone). */
export const CAP_RESET_TIME = '00:00';

/** True when `reason` is a pause at the daily cap. */
export function isCapReason(reason: string | null): boolean {
  return reason !== null && CAP_REASONS.has(reason);
}

/** What an alert about a pause at the cap names: when and in which time zone sending continues by itself. */
export function capResetParams(timeZone: string): { time: string; zone: string } {
  return { time: CAP_RESET_TIME, zone: timeZone };
}

/** True when `campaign` is paused because the daily cap was reached. */
export function pausedAtCap(campaign: Pick<Campaign, 'status' | 'statusReason'>): boolean {
  return campaign.status === 'paused' && isCapReason(campaign.statusReason);
}

/** True when the cap is on and today's sends have used it up. */
export function capReached(dailyCap: number, usedToday: number): boolean {
  return dailyCap > 0 && usedToday >= dailyCap;
}

/**
 * What a surface answers to a resume: the time sending continues when the campaign waits for the cap to
 * reset, else null (the surface's ordinary "resumed" answer).
 */
export function resumeAnswer(campaign: Pick<Campaign, 'status' | 'statusReason'>, locale: Locale, timeZone: string): string | null {
  if (campaign.status !== 'paused' || campaign.statusReason !== DAILY_CAP_WAIT) return null;
  return t(locale, 'campaign.resumeAtCap', capResetParams(timeZone));
}
