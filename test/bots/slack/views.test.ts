import { describe, expect, it } from 'vitest';
import { buttonsFor, detailsView, progressMessage, summaryMessage } from '../../../src/bots/slack/blocks.js';
import { checkCompose, composeView, previewView, readCompose } from '../../../src/bots/slack/modal.js';
import { alertText } from '../../../src/bots/slack/notifier.js';
import { scheduleView } from '../../../src/bots/slack/schedules.js';
import { helpText } from '../../../src/bots/slack/commands.js';
import type { CampaignPreview } from '../../../src/campaigns/use-cases.js';
import { emptyVariableWarnings } from '../../../src/campaigns/empty-variables.js';
import type { ProgressView } from '../../../src/campaigns/ports.js';
import type { Campaign, Locale } from '../../../src/campaigns/types.js';
import { composeValues } from './slack-client.js';

const LOCALES: Locale[] = ['id', 'en'];

const view = (over: Partial<ProgressView> = {}): ProgressView => ({
  campaignId: 'c1',
  title: 'Promo <b>&',
  status: 'processing',
  statusReason: null,
  total: 50,
  sent: 23,
  failed: 2,
  skipped: 0,
  unknown: 0,
  delivered: 0,
  read: 0,
  done: 25,
  percent: 50,
  ratePerMinute: 120,
  etaMs: 12_000,
  stalled: false,
  bar: '▓▓▓▓▓▓░░░░░░',
  final: false,
  ...over,
});

const preview = (over: Partial<CampaignPreview> = {}): CampaignPreview => ({
  sample: 'Halo <Budi> & co',
  firstRecipient: '+6281234567890',
  total: 40,
  removed: { optedOut: 1, duplicate: 2, invalid: 0 },
  missingVariables: [],
  estimatedDurationMs: 240_000,
  ratePerMinute: 10,
  dailyCap: 200,
  sentToday: 190,
  overDailyCap: true,
  newChatQuota: null,
  overNewChatQuota: false,
  risk: {
    recipients: 40,
    removed: { optedOut: 1, duplicates: 2, invalid: 0 },
    cold: 0,
    unchecked: 0,
    recentlyMessaged: 0,
    emptyVariables: 0,
    etaMs: 240_000,
    daysAtCap: 1,
    newChatsRemaining: null,
    message: { noVariables: false, hasLink: false, noOptOutHint: false },
    cloudApi: false,
    level: 'low',
    reasons: [],
  },
  ...over,
});

describe('Slack views', () => {
  it('the preview warns about empty variables with the shared text (one wording for every surface)', () => {
    const empties = [{ name: 'name', count: 1_234 }, { name: 'kota', count: 8 }];
    for (const locale of LOCALES) {
      const section = previewView(preview({ total: 6_000, emptyVariables: empties }), 'P', 'd', locale).blocks[0] as { text: { text: string } };
      const lines = section.text.text.split('\n');
      const shared = emptyVariableWarnings(empties, 6_000, locale);
      expect(shared).toHaveLength(2);
      for (const line of shared) expect(lines).toContain(line);
    }
  });

  it('builds the compose modal within Slack limits, in both languages, with every word translated', () => {
    for (const locale of LOCALES) {
      const tags = Array.from({ length: 150 }, (_, i) => ({ tag: `tag${i}`, count: i }));
      const modal = composeView({ locale, customerCount: 1234, tags, defaultCountry: 'ID', channelId: 'C1' });
      expect(modal.title.text.length).toBeLessThanOrEqual(24);
      expect(modal.submit?.text.length).toBeLessThanOrEqual(24);
      const json = JSON.stringify(modal);
      expect(json).not.toMatch(/"slack\.[a-z]/);
      const tagBlock = modal.blocks.find((b) => b.block_id === 'tags') as { element: { options: unknown[] } };
      expect(tagBlock.element.options).toHaveLength(100);
      expect(json).toContain(locale === 'id' ? 'Semua pelanggan (1.234)' : 'All customers (1,234)');
      expect(JSON.parse(modal.private_metadata ?? '{}')).toEqual({ channel: 'C1' });
    }
    const noTags = composeView({ locale: 'en', customerCount: 0, tags: [], defaultCountry: 'ID', channelId: 'C1' });
    expect(noTags.blocks.some((b) => b.block_id === 'tags')).toBe(false);
  });

  it('keeps every modal title and button within 24 characters, translated', () => {
    for (const locale of LOCALES) {
      const details = detailsView({ campaign: {} as Campaign, view: view(), failures: [] }, locale, false);
      for (const modal of [previewView(preview(), 'P', 'd', locale), scheduleView('d', locale, 'Asia/Jakarta'), details]) {
        for (const text of [modal.title, modal.submit, modal.close]) {
          if (text) expect(text.text.length, text.text).toBeLessThanOrEqual(24);
        }
        expect(JSON.stringify(modal)).not.toMatch(/"slack\.[a-z]/);
      }
    }
  });

  it('refills the form after a late error, with the error on top', () => {
    const modal = composeView({
      locale: 'en',
      customerCount: 3,
      tags: [{ tag: 'vip', count: 3 }],
      defaultCountry: 'ID',
      channelId: 'C1',
      initial: { title: 'T', kind: 'tags', tags: ['vip'], message: 'Hi' },
      banner: 'No recipients',
    });
    const json = JSON.stringify(modal);
    expect(json).toContain('"initial_value":"T"');
    expect(json).toContain('"initial_options":[{"text"');
    expect(json).toContain('No recipients');
  });

  it('checks the form: title, empty message, tags, invalid numbers by line', () => {
    const read = (input: Parameters<typeof composeValues>[0]) => readCompose(composeValues(input) as never);
    const lines = Array.from({ length: 12 }, (_, i) => `bad${i}`).join('\n');
    const result = checkCompose(read({ title: ' ', kind: 'phones', phones: `+6281234567890\n${lines}`, message: '\n' }), 'en', 'ID', true);
    expect('errors' in result && result.errors).toMatchObject({
      title: 'The title is empty.',
      message: 'The message is empty.',
    });
    const phones = 'errors' in result ? (result.errors.phones ?? '') : '';
    expect(phones.split('\n')[0]).toBe('Line 2: "bad0" — contains letters');
    expect(phones).toContain('…and 4 more invalid numbers');

    const noTag = checkCompose(read({ title: 'T', kind: 'tags', message: 'Hi' }), 'id', 'ID', false);
    expect('errors' in noTag && noTag.errors.audience).toContain('Belum ada tag');

    const ok = checkCompose(read({ title: 'T', kind: 'phones', phones: '0812-3456-7890, 0812 3456 7890', message: 'Hi' }), 'en', 'ID', true);
    expect(ok).toEqual({ audience: { kind: 'phones', phones: ['+6281234567890'] } });
  });

  it('shows the preview with removed counts, duration, the daily-cap warning and an escaped sample', () => {
    const modal = previewView(preview(), 'Promo', 'draft-1', 'en');
    const json = JSON.stringify(modal.blocks);
    expect(modal.private_metadata).toBe('draft-1');
    // Defect 11: the figures add up (selected − removed = recipients), in the same words as Telegram.
    expect(json).toContain('*Sending to:* 43 selected − 1 opted out − 2 duplicates = 40 recipients');
    expect(json).toContain('about 4m 0s (10 msgs/min)');
    expect(json).toContain('Over the daily cap: 190');
    expect(json).toContain('>Halo &lt;Budi&gt; &amp; co');
    const calm = JSON.stringify(previewView(preview({ overDailyCap: false, removed: { optedOut: 0, duplicate: 0, invalid: 0 } }), 'P', 'd', 'id').blocks);
    expect(calm).not.toContain('batas harian');
    expect(calm).toContain('*Dikirim ke:* 40 penerima');
    expect(calm).not.toContain('dipilih');
    // Under a second the duration is "<1 d": escaped, as the risk line's copy of it is.
    const quick = JSON.stringify(previewView(preview({ estimatedDurationMs: 40 }), 'P', 'd', 'id').blocks);
    expect(quick).toContain('±&lt;1 d (10 pesan/menit)');
    expect(quick).not.toContain('±<1 d');
  });

  it('words the over-cap warning of a Cloud number as its 24-hour limit, with no "tomorrow"', () => {
    const json = JSON.stringify(previewView(preview({ dailyCap: 50, sentToday: 45, dailyCapRolling: true }), 'P', 'd', 'en').blocks);
    expect(json).toContain("Over Meta's 24-hour limit: 45 unique customers got a message in the last 24 hours, the limit is 50.");
    expect(json).toContain('continues automatically as soon as it frees up');
    expect(json).not.toContain('tomorrow');
  });

  it('renders progress with the shared text and the buttons that fit the status', () => {
    const message = progressMessage(view(), 'id');
    expect(message.text).toContain('⏳ Sedang mengirim pesan... Progress: 50% (23 + 2 / 50)');
    // The title sits in a plain_text header (no markup to escape); the body is mrkdwn.
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '📢 Promo <b>&', emoji: true } });
    expect(JSON.stringify(message.blocks[1])).not.toContain('Promo');
    expect(buttonsFor(view())).toEqual(['pause', 'cancel']);
    expect(buttonsFor(view({ status: 'paused' }))).toEqual(['resume', 'cancel']);
    expect(buttonsFor(view({ status: 'completed', final: true, failed: 0 }))).toEqual(['details']);
    expect(buttonsFor(view({ status: 'completed', final: true }))).toEqual(['details', 'retry']);
    const cancel = (message.blocks.at(-1) as { elements: { action_id: string; confirm?: unknown }[] }).elements[1];
    expect(cancel?.action_id).toBe('campaign_cancel');
    expect(cancel?.confirm).toBeTruthy();
  });

  it('renders the summary, the Details modal, alerts and help in both languages', () => {
    const campaign = {
      id: 'c9',
      title: 'Promo Ramadan',
      status: 'completed',
      statusReason: null,
      counts: { total: 100, sent: 95, failed: 5, skipped: 0, unknown: 0, delivered: 0, read: 0 },
      progressMessages: [],
    } as unknown as Campaign;
    const summary = summaryMessage({ campaign, retryOfTitle: null, scheduleName: null, durationMs: 60_000, failures: [] }, 'id');
    expect(summary.text).toContain("📢 Broadcast WhatsApp Selesai — Campaign 'Promo Ramadan' selesai dikirim. Berhasil: 95, Gagal: 5");
    const details = detailsView(
      {
        campaign,
        view: view({ final: true, status: 'completed' }),
        failures: [{ phone: '+628111', errorCode: 'not_on_whatsapp', errorText: null } as never],
      },
      'en',
      true,
    );
    expect(JSON.stringify(details.blocks)).toContain('+628111 — the number is not on WhatsApp');
    expect(alertText({ kind: 'campaign_paused', campaignId: 'c9', reason: 'daily_cap' }, campaign, 'en')).toContain(
      "Campaign 'Promo Ramadan' paused itself: the daily cap was reached",
    );
    expect(alertText({ kind: 'whatsapp_connected', reason: 'x-unknown-kind', detail: 'linked' }, null, 'en')).toContain('linked');
    for (const locale of LOCALES) expect(helpText(locale)).not.toMatch(/slack\./);
  });

  it("shows WhatsApp's new-chat quota in the preview, with a warning when the campaign would exceed it", () => {
    const quota = { total: 250, used: 240, remaining: 10, cappingStatus: 'NONE', cycleEndsAt: null };
    const over = JSON.stringify(previewView(preview({ newChatQuota: quota, overNewChatQuota: true }), 'P', 'd', 'en').blocks);
    expect(over).toContain(':warning:');
    expect(over).toContain('240');
    const none = JSON.stringify(previewView(preview({ newChatQuota: null }), 'P', 'd', 'en').blocks);
    expect(none).not.toContain(':warning:');
  });
});
