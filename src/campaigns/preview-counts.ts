/**
 * The one rule for the preview's recipient count on every surface: the numbers must add up. A preview that
 * said "58 customers", "2 opted out left out" and "58 to send" left the admin guessing which figure was the
 * selection; now it reads "60 dipilih − 2 berhenti langganan = 58 penerima" (selected − removed = recipients).
 */
import '../i18n/rulebook.js';
import { formatNumber, t } from '../i18n/index.js';
import type { CampaignPreview } from './use-cases.js';
import type { Locale } from './types.js';

/** One term of the sum: a catalogue key and how many numbers it counts. */
export interface CountTerm {
  key: string;
  count: number;
}

/** The preview's count as a sum: what the admin selected, what was removed (non-zero only), what is sent. */
export interface RecipientSum {
  selected: number;
  removed: CountTerm[];
  recipients: number;
}

/** Derives the sum from a preview: selected = recipients + every removal, so the line always adds up. */
export function recipientSum(preview: Pick<CampaignPreview, 'total' | 'removed'>): RecipientSum {
  const { optedOut, duplicate, invalid } = preview.removed;
  const removed = [
    { key: 'preview.counts.optedOut', count: optedOut },
    { key: 'preview.counts.duplicate', count: duplicate },
    { key: 'preview.counts.invalid', count: invalid },
  ].filter((term) => term.count > 0);
  const selected = preview.total + removed.reduce((sum, term) => sum + term.count, 0);
  return { selected, removed, recipients: preview.total };
}

/**
 * Renders the sum in the locale: "58 penerima" when nothing was removed, else
 * "60 dipilih − 2 berhenti langganan = 58 penerima". Plain text (no markup), so every surface can embed it.
 */
export function describeRecipientSum(locale: Locale, preview: Pick<CampaignPreview, 'total' | 'removed'>): string {
  const sum = recipientSum(preview);
  const n = (v: number) => formatNumber(locale, v);
  const term = (key: string, count: number) => t(locale, countKey(key, count), { count: n(count) });
  const recipients = term('preview.counts.recipients', sum.recipients);
  if (sum.removed.length === 0) return recipients;
  const terms = [term('preview.counts.selected', sum.selected)];
  for (const removed of sum.removed) terms.push(term(removed.key, removed.count));
  return `${terms.join(' − ')} = ${recipients}`;
}

/** English says "1 recipient" but "2 recipients": the `.one` form where the catalogue has one. */
function countKey(key: string, count: number): string {
  const one = `${key}.one`;
  return count === 1 && t('en', one) !== one ? one : key;
}
