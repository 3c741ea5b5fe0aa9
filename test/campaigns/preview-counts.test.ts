import { describe, expect, it } from 'vitest';
import { describeRecipientSum, recipientSum } from '../../src/campaigns/preview-counts.js';

const removed = (optedOut: number, duplicate = 0, invalid = 0) => ({ optedOut, duplicate, invalid });

describe('the preview count (defect 11: "58 customers, 2 opted out removed, still 58 to send")', () => {
  it('reads selected − removed = recipients, and the figures add up', () => {
    expect(describeRecipientSum('id', { total: 58, removed: removed(2) })).toBe('60 dipilih − 2 berhenti langganan = 58 penerima');
    expect(describeRecipientSum('en', { total: 1200, removed: removed(2, 3, 1) })).toBe(
      '1,206 selected − 2 opted out − 3 duplicates − 1 invalid = 1,200 recipients',
    );
    const sum = recipientSum({ total: 58, removed: removed(2, 0, 5) });
    expect(sum.selected - sum.removed.reduce((s, term) => s + term.count, 0)).toBe(sum.recipients);
    expect(sum.removed.map((term) => term.key)).toEqual(['preview.counts.optedOut', 'preview.counts.invalid']);
  });

  it('shows only the recipients when nothing was removed', () => {
    expect(describeRecipientSum('id', { total: 58, removed: removed(0) })).toBe('58 penerima');
    expect(describeRecipientSum('en', { total: 1, removed: removed(0) })).toBe('1 recipient');
    expect(describeRecipientSum('en', { total: 2, removed: removed(0, 1) })).toBe('3 selected − 1 duplicate = 2 recipients');
  });
});
