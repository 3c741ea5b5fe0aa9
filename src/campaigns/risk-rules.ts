/**
 * The risk rules, in one table: each rule says when it applies to a campaign's facts, how serious it is and
 * which words explain it. The level of a campaign is the most serious rule that applies (`low` when none does).
 * The README's "Pre-send risk report" section lists the same table; change both together.
 */
import { formatNumber, t } from '../i18n/index.js';
import '../i18n/approval.js';
import type { Locale } from './types.js';

export type RiskLevel = 'low' | 'medium' | 'high';
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

/** What the risk report found about a campaign before it is sent. */
export interface RiskFacts {
  recipients: number;
  /** Never sent anything from this number before. */
  cold: number;
  /** Not yet checked on WhatsApp (no cached answer). */
  unchecked: number;
  /** Sent something in the last 24 hours. */
  recentlyMessaged: number;
  /** Recipients with at least one variable (without a fallback) empty. */
  emptyVariables: number;
  /** Days the campaign needs at the daily cap (0 = no cap). */
  daysAtCap: number;
  /** WhatsApp's new-chat quota still left, when known. */
  newChatsRemaining: number | null;
  /** The same text for everyone (no variables). */
  noVariables: boolean;
  /** The message carries a link. */
  hasLink: boolean;
  /** The message tells nobody how to stop receiving (e.g. "balas STOP"). */
  noOptOutHint: boolean;
  /**
   * Sent from a WhatsApp Cloud API number: Meta's own route, where approved templates to customers who never
   * wrote are how business messaging starts, and numbers are not checked before sending. The rules about cold
   * and unchecked numbers protect a linked (Baileys) number from being banned and do not apply; Meta's limit on
   * new customers a day is the number's tier, counted by the daily cap (`several_days`).
   */
  cloudApi: boolean;
}

export interface RiskRule {
  code: string;
  level: Exclude<RiskLevel, 'low'>;
  applies(facts: RiskFacts): boolean;
}

/** The rules, most serious first (the README's table follows this order). */
export const RISK_RULES: readonly RiskRule[] = [
  { code: 'over_new_chat_quota', level: 'high', applies: (f) => f.newChatsRemaining !== null && f.cold > f.newChatsRemaining },
  { code: 'mostly_cold', level: 'high', applies: (f) => !f.cloudApi && f.recipients > 0 && f.cold * 2 >= f.recipients },
  { code: 'link_to_cold', level: 'high', applies: (f) => !f.cloudApi && f.hasLink && f.cold > 0 },
  { code: 'recently_messaged', level: 'medium', applies: (f) => f.recentlyMessaged > 0 },
  { code: 'no_opt_out_hint', level: 'medium', applies: (f) => f.noOptOutHint },
  { code: 'no_variables', level: 'medium', applies: (f) => f.noVariables && f.recipients > 1 },
  { code: 'empty_variables', level: 'medium', applies: (f) => f.emptyVariables > 0 },
  { code: 'several_days', level: 'medium', applies: (f) => f.daysAtCap > 1 },
  { code: 'mostly_unchecked', level: 'medium', applies: (f) => !f.cloudApi && f.recipients > 0 && f.unchecked * 2 > f.recipients },
];

export interface RiskReason {
  code: string;
  level: Exclude<RiskLevel, 'low'>;
}

/** The rules that apply, in table order, and the level they make. */
export function assess(facts: RiskFacts): { level: RiskLevel; reasons: RiskReason[] } {
  const reasons = RISK_RULES.filter((rule) => rule.applies(facts)).map(({ code, level }) => ({ code, level }));
  const level = reasons.some((r) => r.level === 'high') ? 'high' : reasons.length > 0 ? 'medium' : 'low';
  return { level, reasons };
}

/** One reason in words, with the facts' numbers. */
export function riskReasonText(locale: Locale, code: string, facts: RiskFacts): string {
  const n = (v: number | null) => formatNumber(locale, v ?? 0);
  return t(locale, `risk.reason.${code}`, {
    cold: n(facts.cold),
    recipients: n(facts.recipients),
    remaining: n(facts.newChatsRemaining),
    recent: n(facts.recentlyMessaged),
    empty: n(facts.emptyVariables),
    days: n(facts.daysAtCap),
    unchecked: n(facts.unchecked),
  });
}

/** A link in a message: a URL, `www.…`, or a bare domain such as bit.ly/x or toko.id. */
const LINK = /(?:https?:\/\/|www\.)\S+|\b[\w-]+\.(?:com|id|net|org|ly|me|io|co|link|shop|store)(?:\/\S*)?(?=\s|$|[.,!?)])/i;

export function hasLink(template: string): boolean {
  return LINK.test(template);
}

/**
 * True when the message names one of the opt-out keywords (OPTOUT_KEYWORDS, e.g. "balas STOP") as a word, or
 * says "unsubscribe": the reader learns how to stop receiving.
 */
export function hasOptOutHint(template: string, keywords: readonly string[]): boolean {
  const text = ` ${wordsOf(template).join(' ')} `;
  return ['unsubscribe', ...keywords].some((keyword) => {
    const words = wordsOf(keyword);
    return words.length > 0 && text.includes(` ${words.join(' ')} `);
  });
}

/** Lower-case words (letters and digits) of a text. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}
