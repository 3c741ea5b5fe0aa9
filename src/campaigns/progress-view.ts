/**
 * The progress view and the summary, computed from a campaign and rendered as text. Every surface uses
 * this text (Telegram as is, Slack inside Block Kit, the terminal on one line), so they all say the same.
 */
import { formatDuration, formatNumber, t } from '../i18n/index.js';
import type { CampaignSummary, ProgressView } from './ports.js';
import { FINAL_STATUSES, type Campaign, type Locale } from './types.js';

const BAR_WIDTH = 12;

/** Builds the view of a campaign; `ratePerMinute` comes from the engine's recent-rate tracker. */
export function buildProgressView(campaign: Campaign, ratePerMinute: number): ProgressView {
  const c = campaign.counts;
  const done = c.sent + c.failed + c.skipped + c.unknown;
  const percent = c.total === 0 ? 100 : Math.floor((done / c.total) * 100);
  const left = Math.max(0, c.total - done);
  const final = FINAL_STATUSES.includes(campaign.status);
  const etaMs =
    final || left === 0 ? 0 : campaign.status === 'processing' && ratePerMinute > 0 ? (left / ratePerMinute) * 60_000 : null;
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
    done,
    percent,
    ratePerMinute: Math.round(ratePerMinute),
    etaMs,
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

/** Translates a machine reason code when the catalogue knows it. */
export function reasonText(locale: Locale, reason: string): string {
  const key = `reason.${reason}`;
  const text = t(locale, key);
  return text === key ? reason : text;
}

/** The progress message text, e.g. "⏳ Sedang mengirim pesan... Progress: 45% (23 + 2 / 50)". */
export function renderProgressText(view: ProgressView, locale: Locale): string {
  const n = (v: number) => formatNumber(locale, v);
  const lines = [
    `📢 ${view.title}`,
    `${view.bar} ${view.percent}%`,
    t(locale, 'progress.line', { percent: view.percent, sent: n(view.sent), failed: n(view.failed), total: n(view.total) }),
    t(locale, 'progress.counts', { sent: n(view.sent), failed: n(view.failed), skipped: n(view.skipped) }),
  ];
  if (view.unknown > 0) lines.push(t(locale, 'progress.unknown', { unknown: n(view.unknown) }));
  if (view.delivered > 0 || view.read > 0) {
    lines.push(t(locale, 'progress.receipts', { delivered: n(view.delivered), read: n(view.read) }));
  }
  if (!view.final && view.status === 'processing') {
    lines.push(
      view.etaMs === null
        ? t(locale, 'progress.rateNoEta', { rate: n(view.ratePerMinute) })
        : t(locale, 'progress.rate', { rate: n(view.ratePerMinute), eta: formatDuration(locale, view.etaMs) }),
    );
  }
  lines.push(t(locale, 'progress.status', { status: t(locale, `status.${view.status}`) }));
  if (view.statusReason && view.status !== 'completed') {
    lines.push(t(locale, 'progress.reason', { reason: reasonText(locale, view.statusReason) }));
  }
  return lines.join('\n');
}

/** The completion summary, e.g. "📢 Broadcast WhatsApp Selesai — Campaign 'Promo Ramadan' selesai dikirim. Berhasil: 95, Gagal: 5". */
export function renderSummaryText(summary: CampaignSummary, locale: Locale): string {
  const { campaign } = summary;
  const c = campaign.counts;
  const n = (v: number) => formatNumber(locale, v);
  const left = Math.max(0, c.total - c.sent - c.failed - c.skipped - c.unknown);
  const bodyKey =
    campaign.status === 'cancelled' ? 'summary.bodyCancelled' : campaign.status === 'failed' ? 'summary.bodyFailed' : 'summary.body';
  const attempted = c.sent + c.failed + c.unknown;
  const successRate = attempted === 0 ? 0 : Math.round((c.sent / attempted) * 1000) / 10;
  const lines = [
    `${t(locale, 'summary.title')} — ${t(locale, bodyKey, { title: campaign.title, sent: n(c.sent), failed: n(c.failed), left: n(left) })}`,
    t(locale, 'summary.extra', {
      skipped: n(c.skipped),
      unknown: n(c.unknown),
      successRate: String(successRate),
      duration: formatDuration(locale, summary.durationMs),
    }),
  ];
  if (c.delivered > 0 || c.read > 0) lines.push(t(locale, 'progress.receipts', { delivered: n(c.delivered), read: n(c.read) }));
  if (summary.retryOfTitle) lines.push(t(locale, 'summary.retryOf', { title: summary.retryOfTitle }));
  if (summary.scheduleName) lines.push(t(locale, 'summary.schedule', { name: summary.scheduleName }));
  if (campaign.status === 'failed' && campaign.statusReason) {
    lines.push(t(locale, 'progress.reason', { reason: reasonText(locale, campaign.statusReason) }));
  }
  return lines.join('\n');
}

/** One-line progress for terminals: "[▓▓▓░░░] 45% (23 + 2 / 50) 120/min ETA 12s". */
export function renderProgressLine(view: ProgressView, locale: Locale): string {
  const eta = view.etaMs === null || view.final ? '' : ` ETA ${formatDuration(locale, view.etaMs)}`;
  return `[${view.bar}] ${view.percent}% (${view.sent} + ${view.failed} / ${view.total}) ${view.ratePerMinute}/min${eta} ${t(locale, `status.${view.status}`)}`;
}
