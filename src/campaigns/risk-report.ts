/**
 * The pre-send risk report: one pass over a draft's audience (the same pass the preview makes) that also asks
 * the store which numbers were ever sent to, which in the last 24 hours, and which are not yet checked on
 * WhatsApp — one indexed look-up per audience page, never a scan of the recipients table. The rules that turn
 * the figures into a level live in ./risk-rules.ts.
 */
import { formatDuration, formatNumber, t } from '../i18n/index.js';
import '../i18n/approval.js';
import { createNumberCache, type NumberCache } from '../whatsapp/number-cache.js';
import type { Store } from './ports.js';
import { assess, hasLink, hasOptOutHint, riskReasonText, type RiskFacts, type RiskLevel, type RiskReason } from './risk-rules.js';
import { parseTemplate, type TemplateVariable } from './template.js';
import type { Locale, NewRecipient } from './types.js';

/** "Recently messaged": sent something within this window. */
export const RECENT_WINDOW_MS = 24 * 3600_000;

export interface RiskReport {
  recipients: number;
  removed: { optedOut: number; duplicates: number; invalid: number };
  cold: number;
  unchecked: number;
  recentlyMessaged: number;
  emptyVariables: number;
  /** The time at the pace, in milliseconds as the preview's duration line has it (so the two read the same); 0 unpaced. */
  etaMs: number;
  /** Days the campaign needs at the daily cap (0 when there is no cap). */
  daysAtCap: number;
  /** WhatsApp's new-chat quota left, when the driver can tell. */
  newChatsRemaining: number | null;
  message: { noVariables: boolean; hasLink: boolean; noOptOutHint: boolean };
  /** Sent from a Cloud API number (the cold and unchecked rules do not apply: see RiskFacts). */
  cloudApi: boolean;
  level: RiskLevel;
  reasons: RiskReason[];
}

/** What the report needs besides the audience: the pace, the cap and the quota now. */
export interface RiskContext {
  removed: { optedOut: number; duplicate: number; invalid: number };
  ratePerMinute: number;
  dailyCap: number;
  sentToday: number;
  newChatsRemaining: number | null;
  /** The campaign's number sends through the WhatsApp Cloud API. */
  cloudApi: boolean;
}

/** Collects the audience's figures page by page; `finish` adds the pace and applies the rules. */
export class RiskScan {
  private recipients = 0;
  private cold = 0;
  private unchecked = 0;
  private recent = 0;
  private empty = 0;
  private readonly variables: TemplateVariable[];
  private readonly cache: NumberCache;

  constructor(
    private readonly store: Store,
    private readonly template: string,
    private readonly optOutKeywords: readonly string[],
    private readonly now: Date = new Date(),
  ) {
    this.variables = parseTemplate(template).filter((v) => v.fallback === null);
    this.cache = createNumberCache(store.kv);
  }

  async see(page: NewRecipient[]): Promise<void> {
    const phones = page.map((r) => r.phone);
    const since = new Date(this.now.getTime() - RECENT_WINDOW_MS);
    const [history, checked] = await Promise.all([this.store.recipients.sendHistory(phones, since), this.cache.get(phones)]);
    this.recipients += page.length;
    for (const r of page) {
      if (!history.contacted.has(r.phone)) this.cold++;
      if (history.recent.has(r.phone)) this.recent++;
      if (!checked.has(r.phone)) this.unchecked++;
      if (this.variables.some((v) => !r.variables[v.name]?.trim())) this.empty++;
    }
  }

  finish(context: RiskContext): RiskReport {
    const { recipients } = this;
    const facts: RiskFacts = {
      recipients,
      cold: this.cold,
      unchecked: this.unchecked,
      recentlyMessaged: this.recent,
      emptyVariables: this.empty,
      daysAtCap: daysAtCap(recipients, context.dailyCap, context.sentToday),
      newChatsRemaining: context.newChatsRemaining,
      noVariables: parseTemplate(this.template).length === 0,
      hasLink: hasLink(this.template),
      noOptOutHint: !hasOptOutHint(this.template, this.optOutKeywords),
      cloudApi: context.cloudApi,
    };
    const { level, reasons } = assess(facts);
    return {
      recipients,
      removed: { optedOut: context.removed.optedOut, duplicates: context.removed.duplicate, invalid: context.removed.invalid },
      cold: facts.cold,
      unchecked: facts.unchecked,
      recentlyMessaged: facts.recentlyMessaged,
      emptyVariables: facts.emptyVariables,
      etaMs: context.ratePerMinute > 0 ? Math.round((recipients / context.ratePerMinute) * 60_000) : 0,
      daysAtCap: facts.daysAtCap,
      newChatsRemaining: facts.newChatsRemaining,
      message: { noVariables: facts.noVariables, hasLink: facts.hasLink, noOptOutHint: facts.noOptOutHint },
      cloudApi: facts.cloudApi,
      level,
      reasons,
    };
  }
}

/**
 * Days a campaign of `recipients` needs when at most `cap` go out per day and `sentToday` already went today:
 * today counts when some of its cap is left. 0 when there is no cap (or nobody to send to).
 */
export function daysAtCap(recipients: number, cap: number, sentToday: number): number {
  if (cap <= 0 || recipients === 0) return 0;
  const leftToday = Math.max(0, cap - sentToday);
  if (leftToday === 0) return Math.ceil(recipients / cap);
  return 1 + Math.ceil(Math.max(0, recipients - leftToday) / cap);
}

function factsOf(report: RiskReport): RiskFacts {
  return {
    recipients: report.recipients,
    cold: report.cold,
    unchecked: report.unchecked,
    recentlyMessaged: report.recentlyMessaged,
    emptyVariables: report.emptyVariables,
    daysAtCap: report.daysAtCap,
    newChatsRemaining: report.newChatsRemaining,
    ...report.message,
    cloudApi: report.cloudApi,
  };
}

/** The report as `campaigns preview --json` prints it (the shape issue 15 fixes), reasons in `locale`. */
export function riskJson(report: RiskReport, locale: Locale) {
  const facts = factsOf(report);
  return {
    recipients: report.recipients,
    removed: report.removed,
    cold: report.cold,
    unchecked: report.unchecked,
    recentlyMessaged: report.recentlyMessaged,
    emptyVariables: report.emptyVariables,
    etaSeconds: Math.ceil(report.etaMs / 1000),
    daysAtCap: report.daysAtCap,
    level: report.level,
    reasons: report.reasons.map((r) => ({ code: r.code, text: riskReasonText(locale, r.code, facts) })),
  };
}

/**
 * The report in a few plain-text lines for a chat preview or an approval request: the level, the figures,
 * then one line per reason. No markup, so every surface can escape and embed it.
 */
export function describeRisk(locale: Locale, report: RiskReport): string[] {
  const n = (v: number) => formatNumber(locale, v);
  const facts = factsOf(report);
  const figures = [
    t(locale, 'risk.figures', { cold: n(report.cold), unchecked: n(report.unchecked), recent: n(report.recentlyMessaged) }),
  ];
  if (report.daysAtCap > 1) figures.push(t(locale, 'risk.days', { days: n(report.daysAtCap) }));
  if (report.etaMs > 0) figures.push(t(locale, 'risk.eta', { eta: formatDuration(locale, report.etaMs) }));
  if (report.newChatsRemaining !== null) figures.push(t(locale, 'risk.quota', { remaining: n(report.newChatsRemaining) }));
  return [
    t(locale, `risk.level.${report.level}`),
    figures.join(' · '),
    ...report.reasons.map((r) => `• ${riskReasonText(locale, r.code, facts)}`),
  ];
}
