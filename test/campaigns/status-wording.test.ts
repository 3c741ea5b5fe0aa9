import { describe, expect, it } from 'vitest';
import { progressMessage, summaryMessage } from '../../src/bots/slack/blocks.js';
import { progressMessageText } from '../../src/bots/telegram/progress.js';
import { TerminalNotifier } from '../../src/bots/console/terminal-notifier.js';
import { StateError } from '../../src/campaigns/errors.js';
import { buildProgressView, renderProgressLine, renderProgressText, renderSummaryText } from '../../src/campaigns/progress-view.js';
import { failureReason, formatPercent, STATUS_WORDING, statusHeader, statusLine, statusSummary } from '../../src/campaigns/status-wording.js';
import type { Campaign, CampaignStatus, Locale } from '../../src/campaigns/types.js';
import { t } from '../../src/i18n/index.js';
import { PassThrough } from 'node:stream';
import { Announcer, NotifierList } from '../../src/campaigns/announcer.js';
import { noopObserver, type Store } from '../../src/campaigns/ports.js';
import { createLogger } from '../../src/logging/logger.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';

const STATUSES: CampaignStatus[] = ['pending', 'processing', 'paused', 'completed', 'cancelled', 'failed'];
const LOCALES: Locale[] = ['id', 'en'];
const SENDING = { id: /Sedang mengirim|sedang dikirim/i, en: /Sending messages|being sent/i };

function campaign(status: CampaignStatus, over: Partial<Campaign> = {}): Campaign {
  const reason = status === 'paused' ? 'daily_cap' : status === 'failed' ? 'whatsapp_logged_out' : null;
  return {
    id: 'k7m2q9xa',
    account: 'default',
    title: 'Flash Sale',
    template: 'x',
    media: null,
    audience: { kind: 'all' },
    status,
    counts: { total: 100, sent: 60, failed: 3, skipped: 0, unknown: 0, delivered: 0, read: 0 },
    origin: { surface: 'cli', userId: 'u' },
    progressMessages: [],
    statusReason: reason,
    retryOf: null,
    scheduleId: null,
    idempotencyKey: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    startedAt: new Date('2026-01-01T00:00:00Z'),
    sentAt: null,
    updatedAt: new Date('2026-01-01T00:01:00Z'),
    ...over,
  };
}

const view = (status: CampaignStatus, rate = 120) => buildProgressView(campaign(status), rate, { pacePerMinute: 120 });
const summary = (status: CampaignStatus) => ({ campaign: campaign(status), retryOfTitle: null, scheduleName: null, durationMs: 60_000, failures: [] });

describe('status wording table', () => {
  it('has a header, a line and a summary for every status, in both languages', () => {
    for (const status of STATUSES) {
      for (const locale of LOCALES) {
        const c = campaign(status);
        for (const text of [statusHeader(c, locale), statusLine(c, locale), statusSummary(c, locale)]) {
          expect(text, `${status}/${locale}`).not.toMatch(/wording\.|\{/);
        }
        expect(statusHeader(c, locale)).toContain("'Flash Sale'");
        expect(statusSummary(c, locale)).toContain("'Flash Sale'");
        expect(statusLine(c, locale)).toContain('Progress: 63% (60 + 3 / 100)');
      }
      expect(STATUS_WORDING[status].title === null).toBe(!['completed', 'cancelled', 'failed'].includes(status));
    }
  });

  it('says "sending" only while the campaign is sending, on every surface', () => {
    for (const locale of LOCALES) {
      for (const status of STATUSES) {
        const v = view(status);
        const texts = [
          progressMessageText(v, locale),
          progressMessage(v, locale).text,
          renderProgressText(v, locale),
          renderProgressLine(v, locale),
        ];
        for (const text of texts) {
          if (status === 'processing') expect(text, `${status}/${locale}`).toMatch(SENDING[locale]);
          else expect(text, `${status}/${locale}`).not.toMatch(SENDING[locale]);
          if (status !== 'processing') expect(text).not.toContain('⏳');
        }
        if (status !== 'processing') expect(renderProgressText(v, locale)).not.toMatch(/pesan\/menit|msgs\/min|sisa|left/);
      }
    }
  });

  it('gives each status its own header: paused is not "being sent", cancelled is not "finished"', () => {
    expect(progressMessageText(view('paused'), 'id').split('\n')[0]).toMatch(/^⏸ Broadcast Dijeda/);
    expect(progressMessageText(view('paused'), 'id')).toContain('⏸ Dijeda (batas harian tercapai). Progress: 63% (60 + 3 / 100)');
    expect(progressMessageText(view('paused'), 'en')).toContain('⏸ Paused (the daily cap was reached). Progress: 63%');
    const cancelled = progressMessageText(view('cancelled'), 'id');
    expect(cancelled.split('\n')[0]).toBe("🛑 Broadcast Dibatalkan — Campaign 'Flash Sale' dibatalkan; 37 dari 100 penerima tidak dikirimi.");
    expect(cancelled).not.toMatch(/selesai/i);
    expect(progressMessageText(view('cancelled'), 'en')).not.toMatch(/finished/i);
    expect(progressMessageText(view('completed'), 'en').split('\n')[0]).toBe(
      "✅ Broadcast Finished — Campaign 'Flash Sale' was sent to 100 recipients.",
    );
    expect(progressMessageText(view('failed'), 'id')).toContain('❌ Gagal (WhatsApp keluar (logout); tautkan ulang)');
    expect(progressMessageText(view('pending'), 'en')).toContain('🕒 Waiting to start... Progress: 63%');
  });

  it('titles the summary by how the campaign ended', () => {
    expect(renderSummaryText(summary('completed'), 'id')).toMatch(
      /^📢 Broadcast WhatsApp Selesai — Campaign 'Flash Sale' selesai dikirim\. Berhasil: 60, Gagal: 3/,
    );
    expect(renderSummaryText(summary('cancelled'), 'id')).toMatch(/^🛑 Broadcast WhatsApp Dibatalkan — Campaign 'Flash Sale' dibatalkan\./);
    expect(renderSummaryText(summary('cancelled'), 'en')).not.toMatch(/Finished/);
    expect(renderSummaryText(summary('failed'), 'en')).toMatch(/^❌ WhatsApp Broadcast Failed — Campaign 'Flash Sale' failed\./);
    expect(summaryMessage(summary('cancelled'), 'en').text).toMatch(/^🛑 WhatsApp Broadcast Cancelled/);
  });

  it('writes the success rate the way the locale writes numbers', () => {
    const c = campaign('completed', { counts: { total: 1000, sent: 683, failed: 317, skipped: 0, unknown: 0, delivered: 0, read: 0 } });
    const base = { campaign: c, retryOfTitle: null, scheduleName: null, durationMs: 1000, failures: [] };
    expect(renderSummaryText(base, 'id')).toContain('Tingkat keberhasilan: 68,3%');
    expect(renderSummaryText(base, 'en')).toContain('Success rate: 68.3%');
    expect(formatPercent('id', 0.5)).toBe('50%');
  });

  it('prints the terminal line and summary in the configured language', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const running = campaign('processing');
    await new TerminalNotifier(out, 'id').updateProgress(running, buildProgressView(running, 100, { pacePerMinute: 120 }));
    expect(text).toContain('⏳ Sedang mengirim pesan... Progress: 63% (60 + 3 / 100) · 100 pesan/menit · sisa ±22 d');
    expect(text).not.toMatch(/ETA|\/min\b/);
  });
});

describe('rate and time left', () => {
  it('never shows a rate above the configured pace (the first tick measured 331 a minute)', () => {
    const v = buildProgressView(campaign('processing'), 331, { pacePerMinute: 120 });
    expect(v.ratePerMinute).toBe(120);
    expect(renderProgressText(v, 'id')).toContain('🚀 120 pesan/menit · sisa waktu ±19 d');
    // Before the ticker has two samples it passes 0: the pace, not the burst since start, is the estimate.
    const first = buildProgressView(campaign('processing'), 0, { pacePerMinute: 120, overallPerMinute: 331 });
    expect(first.ratePerMinute).toBe(120);
  });

  it('estimates the time left right after a resume from the pace, not from the rate diluted by the pause', () => {
    // 63 done in an hour of which 59 minutes were paused: the overall rate says ~1 a minute.
    const resumed = buildProgressView(campaign('processing'), 0, { pacePerMinute: 120, overallPerMinute: 63 / 60 });
    expect(resumed.etaMs).toBe((37 / 120) * 60_000);
    expect(renderProgressText(resumed, 'en')).toContain('about 19s left');
  });

  it('edits the message when a stall begins even though the counts did not move', async () => {
    const notifier = new RecordingNotifier('cli');
    const notifiers = new NotifierList();
    notifiers.register(notifier);
    const last = new Map<string, string>();
    const announcer = new Announcer({
      store: {} as Store,
      notifiers,
      observer: noopObserver,
      logger: createLogger({ level: 'silent' }),
      locale: 'en',
      once: async () => true,
      swap: async (key, value) => {
        const previous = last.get(key) ?? null;
        last.set(key, value);
        return previous;
      },
    });
    const c = campaign('processing', { progressMessages: [{ surface: 'cli', chatId: 'x', messageId: '1' }] });
    await announcer.progress(c, buildProgressView(c, 120, { pacePerMinute: 120, sinceProgressMs: 500 }));
    await announcer.progress(c, buildProgressView(c, 120, { pacePerMinute: 120, sinceProgressMs: 600 }));
    await announcer.progress(c, buildProgressView(c, 120, { pacePerMinute: 120, sinceProgressMs: 9_000 }));
    expect(notifier.progressFor(c.id).map((v) => v.stalled)).toEqual([false, true]);
  });

  it('shows no time left while paused or stalled in a retry back-off', () => {
    expect(view('paused').etaMs).toBeNull();
    expect(view('pending').etaMs).toBeNull();
    const stalled = buildProgressView(campaign('processing', { counts: { total: 10, sent: 9, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 } }), 60, {
      pacePerMinute: 120,
      sinceProgressMs: 9_000,
    });
    expect(stalled.stalled).toBe(true);
    expect(stalled.etaMs).toBeNull();
    const en = renderProgressText(stalled, 'en');
    expect(en).not.toMatch(/left$|about 1s/m);
    expect(en).toContain('⌛ Waiting for the next send slot or a retry; time left cannot be estimated yet.');
    expect(renderProgressLine(stalled, 'id')).toContain('· menunggu');
    // A normal gap between two paced sends is not a stall.
    const moving = buildProgressView(campaign('processing'), 120, { pacePerMinute: 120, sinceProgressMs: 500 });
    expect(moving.stalled).toBe(false);
  });
});

describe('state errors', () => {
  it('carry the raw status and read naturally once translated', () => {
    const error = new StateError('k7m2q9xa', 'processing', 'resume');
    expect(error.params.status).toBe('processing');
    expect(t('id', error.messageKey, error.params)).toBe('Campaign k7m2q9xa sedang dikirim; tidak bisa dilanjutkan.');
    expect(t('en', error.messageKey, error.params)).toBe('Campaign k7m2q9xa is being sent; it cannot be resumed.');
    const paused = new StateError('x', 'paused', 'pause');
    expect(t('id', paused.messageKey, paused.params)).toBe('Campaign x sedang dijeda; tidak bisa dijeda.');
    const done = new StateError('x', 'completed', 'cancel');
    expect(t('en', done.messageKey, done.params)).toBe('Campaign x has completed; it cannot be cancelled.');
  });
});

describe('failure reasons in Details', () => {
  it('are written in the reader’s language when the code is known, without the sender’s English detail', () => {
    expect(failureReason('id', 'not_on_whatsapp', 'the number is not on WhatsApp (404)')).toBe('nomor tidak terdaftar di WhatsApp');
    expect(failureReason('id', 'timeout', 'WhatsApp did not answer in time (boom)')).toBe('WhatsApp tidak menjawab tepat waktu');
    expect(failureReason('en', 'rate_limited', 'x')).toBe('WhatsApp rate-limited the number');
    // An unknown code keeps the sender's own words: they are all there is.
    expect(failureReason('id', 'whatsapp_463', 'WhatsApp answered with error 463')).toBe('whatsapp_463: WhatsApp answered with error 463');
    expect(failureReason('id', null, null)).toBe('—');
  });
});
