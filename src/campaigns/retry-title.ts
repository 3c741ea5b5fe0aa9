/**
 * Names of retry campaigns: "Flash Sale 12.12 — kirim ulang 1" / "… — retry 1", so a retry is never mistaken
 * for its original in lists and summaries; and the idempotency key that numbers them.
 */
import { t } from '../i18n/index.js';
import '../i18n/rulebook.js';
import type { Campaign, Locale } from './types.js';

const MAX_TITLE = 200;
/** A suffix this module added before, in either language (a retry of a retry keeps one suffix). */
const SUFFIX = / — (?:kirim ulang|retry) (\d+)$/;

/** The idempotency key of the (one) retry of a campaign: a retry of it is keyed on the retry's own id. */
export function retryKey(campaignId: string): string {
  return `retry:${campaignId}`;
}

/** The title of the retry of `original` in `locale`: retry 1 of a campaign, retry n+1 of retry n. */
export function retryTitle(original: Pick<Campaign, 'title' | 'retryOf'>, locale: Locale): string {
  const match = original.retryOf ? SUFFIX.exec(original.title) : null;
  const base = match ? original.title.slice(0, match.index) : original.title;
  const n = match ? Number(match[1]) + 1 : 1;
  const suffix = ` — ${t(locale, 'campaign.retryTitle', { n })}`;
  return base.slice(0, MAX_TITLE - suffix.length) + suffix;
}
