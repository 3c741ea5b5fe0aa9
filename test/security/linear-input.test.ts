/**
 * Issue 13, findings 1 and 2: nothing an outsider or admin can send may stall the event loop. Every parser that
 * reads user text gets 100 KB adversarial strings (and the shorter shapes that hurt backtracking regexes most).
 * Speed is measured by `npm run bench` (`hostile_input_max_ms`, against the 50 ms bound), never by a timed
 * assertion here; this test is a hang guard: a backtracking regex takes seconds to minutes on these inputs (the old
 * code: 27-94 s per input), a linear parser a few ms, so HANG_GUARD_MS (best of three) tells them apart on any load.
 */
import { describe, expect, it } from 'vitest';
import { adversarialInputs, fastestMs, parsers } from '../../bench/hostile-input.js';
import { normalizeKeyword } from '../../src/whatsapp/listeners.js';

const HANG_GUARD_MS = 2_000;

describe('hostile input is handled in linear time', () => {
  const inputs = adversarialInputs();
  for (const [parser, run] of Object.entries(parsers)) {
    it(`${parser}: no adversarial input stalls it (hang guard ${HANG_GUARD_MS} ms)`, () => {
      const slow: string[] = [];
      for (const [name, text] of Object.entries(inputs)) {
        const ms = fastestMs(() => run(text), HANG_GUARD_MS);
        if (ms >= HANG_GUARD_MS) slow.push(`${name}: ${ms.toFixed(0)} ms`);
      }
      expect(slow).toEqual([]);
    });
  }

  it('a long message is never an opt-out keyword, a short one still is', () => {
    expect(normalizeKeyword(`STOP${' '.repeat(100)}`)).toBeNull();
    expect(normalizeKeyword(`${'!'.repeat(70)}stop`)).toBeNull();
    expect(normalizeKeyword('  stop! ')).toBe('STOP');
    expect(normalizeKeyword('🛑 berhenti 🛑')).toBe('BERHENTI');
  });
});
