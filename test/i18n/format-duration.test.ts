/** Durations as admins read them: a Cloud API number sends a small campaign in well under a second. */
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/i18n/index.js';

describe('formatDuration', () => {
  it('says "<1s" / "<1 d" for a moment, not "0s", and keeps 0 for nothing at all', () => {
    expect(formatDuration('en', 38)).toBe('<1s');
    expect(formatDuration('id', 38)).toBe('<1 d');
    expect(formatDuration('en', 0)).toBe('0s');
    expect(formatDuration('en', 4 * 60_000)).toBe('4m 0s');
    expect(formatDuration('id', 3_725_000)).toBe('1 j 2 m');
  });
});
