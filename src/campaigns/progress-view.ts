/**
 * The progress view and the summary, computed from a campaign and rendered as text. Every surface uses
 * this text (Telegram as is, Slack inside Block Kit, the terminal on one line), so they all say the same;
 * the words per status come from the status wording table (status-wording.ts).
 */
import { formatDuration, formatNumber, t } from '../i18n/index.js';
import type { CampaignSummary, ProgressView } from './ports.js';
import {
  compactRate,
  displayedRate,
  formatPercent,
  isStalled,
  rateLine,
  reasonText,
  statusLine,
  statusSummary,
  summaryTitle,
} from './status-wording.js';
import { FINAL_STATUSES, type Campaign, type Locale } from './types.js';

export { reasonText } from './status-wording.js';

const BAR_WIDTH = 12;

/** What the caller knows beyond the campaign: the pace in force and how long nothing moved. */
export interface ProgressHints {
  /** The pacer's average rate (0 or absent = unpaced): the rate shown never exceeds it. */
  pacePerMinute?: number;
  /** The overall rate, used when `ratePerMinute` is 0 (no recent samples yet) and there is no pace. */
  overallPerMinute?: number;
  /** Milliseconds since the counts last moved, when the caller tracks it (the ticker does). */
  sinceProgressMs?: number | null;
}

/** Builds the view of a campaign; `ratePerMinute` comes from the engine's recent-rate tracker (0 = not known yet). */
export function buildProgressView(campaign: Campaign, ratePerMinute: number, hints: ProgressHints = {}): ProgressView {
  const c = campaign.counts;
  const done = c.sent + c.failed + c.skipped + c.unknown;
  const percent = c.total === 0 ? 100 : Math.floor((done / c.total) * 100);
  const left = Math.max(0, c.total - done);
  const final = FINAL_STATUSES.includes(campaign.status);
  const rate = displayedRate({
    recentPerMinute: ratePerMinute,
    overallPerMinute: hints.overallPerMinute ?? ratePerMinute,
    pacePerMinute: hints.pacePerMinute ?? 0,
  });
  const sending = campaign.status === 'processing';
  const stalled = sending && left > 0 && isStalled(hints.sinceProgressMs ?? null, rate);
  // No time left while paused, pending or stalled: it would be a guess that looks like a promise.
  const etaMs = final || left === 0 ? 0 : sending && !stalled && rate > 0 ? (left / rate) * 60_000 : null;
  const filled = Math.round((percent / 100) * BAR_WIDTH);
  return {
    campaignId: campaign.id,
    title: campaign.title,
    status: campaign.status,
    statusReason: campaign.statusReason,
    total: c.total,
    sent: c.sent,
    failed: c.failed,
    skipped: c.skipped,
    unknown: c.unknown,
    delivered: c.delivered,
    read: c.read,
    replied: c.replied ?? 0,
    done,
    percent,
    ratePerMinute: Math.round(rate),
    etaMs,
    stalled,
    bar: '▓'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled),
    final,
  };
}

/** Messages per minute since the campaign started (0 before it starts). */
export function overallRatePerMinute(campaign: Campaign, now = Date.now()): number {
  const c = campaign.counts;
  const minutes = campaign.startedAt ? (now - campaign.startedAt.getTime()) / 60_000 : 0;
  return minutes > 0 ? (c.sent + c.failed + c.skipped + c.unknown) / minutes : 0;
}

function subjectOf(view: ProgressView) {
  return { title: view.title, status: view.status, statusReason: view.statusReason, counts: view };
}

/** The progress message text, e.g. "⏳ Sedang mengirim pesan... Progress: 45% (23 + 2 / 50)" while sending. */
export function renderProgressText(view: ProgressView, locale: Locale): string {
  const n = (v: number) => formatNumber(locale, v);
  const lines = [
    `📢 ${view.title}`,
    `${view.bar} ${view.percent}%`,
    statusLine(subjectOf(view), locale),
    t(locale, 'progress.counts', { sent: n(view.sent), failed: n(view.failed), skipped: n(view.skipped) }),
  ];
  if (view.unknown > 0) lines.push(t(locale, 'progress.unknown', { unknown: n(view.unknown) }));
  if (view.delivered > 0 || view.read > 0) {
    lines.push(t(locale, 'progress.receipts', { delivered: n(view.delivered), read: n(view.read) }));
  }
  // Customers answer after the messages went out: the count joins the message once the campaign is done.
  if (view.final && (view.replied ?? 0) > 0) lines.push(t(locale, 'progress.replied', { replied: n(view.replied ?? 0) }));
  const rate = rateLine(view, locale);
  if (rate) lines.push(rate);
  lines.push(t(locale, 'progress.status', { status: t(locale, `status.${view.status}`) }));
  // Paused and failed lines already carry their reason; a pending campaign's reason (e.g. preparing) does not.
  if (view.statusReason && (view.status === 'pending' || view.status === 'processing' || view.status === 'cancelled')) {
    lines.push(t(locale, 'progress.reason', { reason: reasonText(locale, view.statusReason) }));
  }
  return lines.join('\n');
}

/** The completion summary, e.g. "📢 Broadcast WhatsApp Selesai — Campaign 'Promo Ramadan' selesai dikirim. Berhasil: 95, Gagal: 5". */
export function renderSummaryText(summary: CampaignSummary, locale: Locale): string {
  const { campaign } = summary;
  const c = campaign.counts;
  const n = (v: number) => formatNumber(locale, v);
  const attempted = c.sent + c.failed + c.unknown;
  const lines = [
    `${summaryTitle(campaign, locale)} — ${statusSummary(campaign, locale)}`,
    t(locale, 'summary.extra', {
      skipped: n(c.skipped),
      unknown: n(c.unknown),
      successRate: formatPercent(locale, attempted === 0 ? 0 : c.sent / attempted),
      duration: formatDuration(locale, summary.durationMs),
    }),
  ];
  if (c.delivered > 0 || c.read > 0) lines.push(t(locale, 'progress.receipts', { delivered: n(c.delivered), read: n(c.read) }));
  if ((c.replied ?? 0) > 0) lines.push(t(locale, 'progress.replied', { replied: n(c.replied ?? 0) }));
  if (summary.retryOfTitle) lines.push(t(locale, 'summary.retryOf', { title: summary.retryOfTitle }));
  if (summary.scheduleName) lines.push(t(locale, 'summary.schedule', { name: summary.scheduleName }));
  if (campaign.status === 'failed' && campaign.statusReason) {
    lines.push(t(locale, 'progress.reason', { reason: reasonText(locale, campaign.statusReason) }));
  }
  return lines.join('\n');
}

/** One line for terminals: "[▓▓▓░░░] ⏳ Sedang mengirim pesan... Progress: 45% (23 + 2 / 50) · 120 pesan/menit · sisa ±12 d". */
export function renderProgressLine(view: ProgressView, locale: Locale): string {
  const rate = compactRate(view, locale);
  return `[${view.bar}] ${statusLine(subjectOf(view), locale)}${rate ? ` · ${rate}` : ''}`;
}

/** The last line of `campaigns create --wait` and similar: the status's one-sentence summary. */
export function renderStatusSummary(campaign: Campaign, locale: Locale): string {
  return statusSummary(campaign, locale);
}
