/**
 * Names of retry campaigns: "Flash Sale 12.12 — kirim ulang 1" / "… — retry 1", so a retry is never mistaken
 * for its original in lists and summaries; and the idempotency key that numbers them.
 */
import { t } from '../i18n/index.js';
import '../i18n/rulebook.js';
import type { Campaign, Locale } from './types.js';

const MAX_TITLE = 200;
/** A suffix this module added before, in either language (a retry of a retry keeps one suffix). */
const SUFFIX = / — (?:kirim ulang|retry) \d+$/;

/** The idempotency key of retry number `n` of a campaign. */
export function retryKey(campaignId: string, n: number): string {
  return `retry:${campaignId}:${n}`;
}

/** The title of retry number `n` of `original`, in `locale`. */
export function retryTitle(original: Pick<Campaign, 'title' | 'retryOf'>, n: number, locale: Locale): string {
  const base = original.retryOf ? original.title.replace(SUFFIX, '') : original.title;
  const suffix = ` — ${t(locale, 'campaign.retryTitle', { n })}`;
  return base.slice(0, MAX_TITLE - suffix.length) + suffix;
}
