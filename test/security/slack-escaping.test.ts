/** Issue 13, finding 9: a title or customer value never reaches Slack as markup (`<!channel>` must not ping). */
import { describe, expect, it } from 'vitest';
import { progressMessage, summaryMessage } from '../../src/bots/slack/blocks.js';
import { escapeSlackText } from '../../src/bots/slack/escape.js';
import type { ProgressView } from '../../src/campaigns/ports.js';
import type { Campaign } from '../../src/campaigns/types.js';

const hostile = '<!channel> Promo & <https://evil.example|bank>';

const view: ProgressView = {
  campaignId: 'c1', title: hostile, status: 'processing', statusReason: null, total: 50, sent: 23, failed: 2, skipped: 0,
  unknown: 0, delivered: 0, read: 0, done: 25, percent: 50, ratePerMinute: 120, etaMs: 12_000, bar: '▓▓▓░░░', final: false, stalled: false,
};

describe('Slack text escaping', () => {
  it('escapes & < > so <!channel> and disguised links show literally', () => {
    expect(escapeSlackText(hostile)).toBe('&lt;!channel&gt; Promo &amp; &lt;https://evil.example|bank&gt;');
  });

  it('the progress and summary fallback texts carry no Slack markup from the title', () => {
    const campaign = {
      id: 'c9', title: hostile, status: 'completed', statusReason: null, progressMessages: [],
      counts: { total: 100, sent: 95, failed: 5, skipped: 0, unknown: 0, delivered: 0, read: 0 },
    } as unknown as Campaign;
    const texts = [
      progressMessage(view, 'en').text,
      summaryMessage({ campaign, retryOfTitle: null, scheduleName: null, durationMs: 60_000, failures: [] }, 'id').text,
    ];
    for (const text of texts) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<https://');
      expect(text).toContain('&lt;!channel&gt;');
    }
  });
});
