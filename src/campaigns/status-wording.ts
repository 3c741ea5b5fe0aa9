/**
 * The status wording table: for every campaign status, the header a chat shows above the progress message,
 * the progress line, and the one-sentence summary (plus the completion title for final statuses). Telegram,
 * Slack, the CLI and the terminal notifier all take their words from here, so a paused campaign never says
 * "sending" and a cancelled one never says "finished". The rules for the rate and the time left live here too:
 * the rate shown never exceeds the configured pace, and there is no time left while paused or stalled.
 */
import { formatDuration, formatNumber, t } from '../i18n/index.js';
// The Cloud API's reasons are reasons like any other.
import '../i18n/cloud.js';
import type { ProgressView } from './ports.js';
import type { CampaignCounts, CampaignStatus, Locale } from './types.js';

interface Wording {
  /** Above a chat's live progress message. */
  header: string;
  /** "⏳ Sedang mengirim pesan... Progress: 45% (23 + 2 / 50)" and its siblings. */
  line: string;
  /** One sentence: what happened so far, with the counts. */
  summary: string;
  /** The completion notification's title; only final statuses have one. */
  title: string | null;
}

/** Catalogue keys per status; the texts are in src/i18n/wording.ts. */
export const STATUS_WORDING: Readonly<Record<CampaignStatus, Wording>> = {
  awaiting_approval: {
    header: 'wording.awaiting_approval.header',
    line: 'wording.awaiting_approval.line',
    summary: 'wording.awaiting_approval.summary',
    title: null,
  },
  pending: { header: 'wording.pending.header', line: 'wording.pending.line', summary: 'wording.pending.summary', title: null },
  processing: {
    header: 'wording.processing.header',
    line: 'wording.processing.line',
    summary: 'wording.processing.summary',
    title: null,
  },
  paused: { header: 'wording.paused.header', line: 'wording.paused.line', summary: 'wording.paused.summary', title: null },
  completed: {
    header: 'wording.completed.header',
    line: 'wording.completed.line',
    summary: 'wording.completed.summary',
    title: 'wording.completed.title',
  },
  cancelled: {
    header: 'wording.cancelled.header',
    line: 'wording.cancelled.line',
    summary: 'wording.cancelled.summary',
    title: 'wording.cancelled.title',
  },
  failed: { header: 'wording.failed.header', line: 'wording.failed.line', summary: 'wording.failed.summary', title: 'wording.failed.title' },
};

/** Translates a machine reason code when the catalogue knows it (codes it does not know are shown as they are). */
export function reasonText(locale: Locale, reason: string): string {
  const key = `reason.${reason}`;
  const text = t(locale, key);
  return text === key ? reason : text;
}

/**
 * Why one recipient was not sent to, for the Details lists: the translated reason when the code is known (the
 * sender's English detail is then left out), else the code with the sender's own words.
 * @example failureReason('id', 'not_on_whatsapp', 'the number is not on WhatsApp (404)') // "nomor tidak terdaftar di WhatsApp"
 */
export function failureReason(locale: Locale, code: string | null, text: string | null): string {
  if (code && reasonText(locale, code) !== code) return reasonText(locale, code);
  return [code, text].filter(Boolean).join(': ') || '—';
}

/** What a campaign's words are filled from: its title, status, reason and counts. */
export interface WordingSubject {
  title: string;
  status: CampaignStatus;
  statusReason: string | null;
  counts: Pick<CampaignCounts, 'total' | 'sent' | 'failed' | 'skipped' | 'unknown'>;
}

function params(subject: WordingSubject, locale: Locale): Record<string, string> {
  const c = subject.counts;
  const n = (v: number) => formatNumber(locale, v);
  const done = c.sent + c.failed + c.skipped + c.unknown;
  const percent = c.total === 0 ? 100 : Math.floor((done / c.total) * 100);
  // A campaign paused by an admin may carry no code; say so instead of leaving the parentheses empty.
  const reasonCode = subject.statusReason ?? (subject.status === 'paused' ? 'user' : null);
  return {
    title: subject.title,
    total: n(c.total),
    sent: n(c.sent),
    failed: n(c.failed),
    left: n(Math.max(0, c.total - done)),
    percent: String(percent),
    reason: reasonCode ? reasonText(locale, reasonCode) : t(locale, 'wording.reason.unknown'),
  };
}

/** The header above a chat's progress message, e.g. "⏸ Broadcast Dijeda — Campaign 'X' berhenti sementara; …". */
export function statusHeader(subject: WordingSubject, locale: Locale): string {
  return t(locale, STATUS_WORDING[subject.status].header, params(subject, locale));
}

/** The progress line, e.g. "⏳ Sedang mengirim pesan... Progress: 45% (23 + 2 / 50)" while sending. */
export function statusLine(subject: WordingSubject, locale: Locale): string {
  return t(locale, STATUS_WORDING[subject.status].line, params(subject, locale));
}

/** One sentence with the counts, e.g. "Campaign 'X' selesai dikirim. Berhasil: 95, Gagal: 5". */
export function statusSummary(subject: WordingSubject, locale: Locale): string {
  return t(locale, STATUS_WORDING[subject.status].summary, params(subject, locale));
}

/** The completion title ("📢 Broadcast WhatsApp Selesai", "🛑 … Dibatalkan", "❌ … Gagal"); the header for others. */
export function summaryTitle(subject: WordingSubject, locale: Locale): string {
  const key = STATUS_WORDING[subject.status].title;
  return key ? t(locale, key) : statusHeader(subject, locale);
}

/** How fast a campaign is going, as far as the progress message can tell. */
export interface RateInputs {
  /** Measured over the recent window; 0 when there are not yet two samples. */
  recentPerMinute: number;
  /** Done since the campaign started, over the time since it started (pauses included). */
  overallPerMinute: number;
  /** The pace the pacer allows on average (0 = unpaced). */
  pacePerMinute: number;
}

/**
 * The rate to show and to estimate the time left with: the recent rate when known, else the pace (right after
 * a start or a resume the overall rate still counts the pause), else the overall rate; never above the pace.
 */
export function displayedRate(rate: RateInputs): number {
  const { recentPerMinute, overallPerMinute, pacePerMinute } = rate;
  const measured = recentPerMinute > 0 ? recentPerMinute : pacePerMinute > 0 ? pacePerMinute : overallPerMinute;
  return pacePerMinute > 0 ? Math.min(measured, pacePerMinute) : measured;
}

/** A stall is a gap without progress of at least this long, and of more than two expected send gaps. */
export const MIN_STALL_MS = 2_000;

/**
 * True when nothing moved for longer than the rate allows (a retry back-off, a shared account's queue, a
 * WhatsApp hiccup): the time left would then be a guess, so none is shown.
 */
export function isStalled(sinceProgressMs: number | null, ratePerMinute: number): boolean {
  if (sinceProgressMs === null) return false;
  const gap = ratePerMinute > 0 ? (60_000 / ratePerMinute) * 2 : 0;
  return sinceProgressMs > Math.max(MIN_STALL_MS, gap);
}

/** The rate line under a sending campaign; nothing for other statuses. */
export function rateLine(view: ProgressView, locale: Locale): string | null {
  if (view.status !== 'processing') return null;
  if (view.stalled) return t(locale, 'wording.stalled');
  const rate = formatNumber(locale, view.ratePerMinute);
  return view.etaMs === null
    ? t(locale, 'wording.rateNoEta', { rate })
    : t(locale, 'wording.rate', { rate, eta: formatDuration(locale, view.etaMs) });
}

/** The rate in a terminal line: "120 pesan/menit · sisa ±25 d"; nothing when not sending. */
export function compactRate(view: ProgressView, locale: Locale): string | null {
  if (view.status !== 'processing') return null;
  if (view.stalled) return t(locale, 'wording.compactStalled');
  const rate = t(locale, 'wording.compactRate', { rate: formatNumber(locale, view.ratePerMinute) });
  return view.etaMs === null ? rate : `${rate} · ${t(locale, 'wording.compactEta', { eta: formatDuration(locale, view.etaMs) })}`;
}

/** A share as the locale writes it: "68,3%" in Indonesian, "68.3%" in English (one decimal at most). */
export function formatPercent(locale: Locale, share: number): string {
  return new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}
