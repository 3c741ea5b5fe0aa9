/**
 * Issue 13, findings 1 and 2: the parsers that read user text, and the adversarial strings (100 KB, and the shapes
 * that hurt backtracking regexes most). `npm run bench` measures each parser's slowest input against the issue's
 * 50 ms bound (`hostile_input_max_ms`); test/security/linear-input.test.ts runs the same table with a hang guard.
 */
import { ValidationError } from '../src/campaigns/errors.js';
import { csvRow } from '../src/campaigns/csv.js';
import { mapColumns, readRow } from '../src/campaigns/customers/columns.js';
import { normalizePhone, parsePhoneList } from '../src/campaigns/phone.js';
import { parseTemplate, renderTemplate } from '../src/campaigns/template.js';
import { parseCron, parseScheduleInput, presetToCron } from '../src/schedules/when.js';
import { normalizeKeyword } from '../src/whatsapp/listeners.js';

/** The bound for one adversarial input (ms of wall-clock time, best of three). */
export const BOUND_MS = 50;
const KB100 = 100_000;

/** Strings built to make backtracking regexes explode, at 100 KB and at the sizes of the reproductions. */
export function adversarialInputs(): Record<string, string> {
  const inputs: Record<string, string> = {
    'issue: emoji run': `a${'😀'.repeat(32_000)}a`,
    'issue: bang run': `a${'!'.repeat(65_000)}a`,
    'issue: open braces then spaces (2 000)': `{{${' '.repeat(2_000)}`,
  };
  const shapes: Record<string, (n: number) => string> = {
    'emoji run': (n) => `a${'😀'.repeat(n / 2)}a`,
    'punctuation run': (n) => `a${'!'.repeat(n)}a`,
    'space run': (n) => `a${' '.repeat(n)}a`,
    'open braces then spaces': (n) => `{{${' '.repeat(n)}`,
    'open braces then bars': (n) => `{{a${'|'.repeat(n)}`,
    'repeated open braces': (n) => '{{ a |'.repeat(n / 6),
    'digits then letter': (n) => `${'1'.repeat(n)}x`,
    'extension-like': (n) => '1 x'.repeat(n / 3),
    'underscores then letter': (n) => `${'_'.repeat(n)}x`,
    'dashes then letter': (n) => `${'-'.repeat(n)}a`,
    'tabs then letter': (n) => `${'\t'.repeat(n)}x`,
    'preset with spaces': (n) => `every ${' '.repeat(n)}x`,
    'preset with words': (n) => `setiap ${'hari '.repeat(n / 5)}x`,
    'cron-like stars': (n) => '* '.repeat(n / 2),
    'quotes': (n) => '"'.repeat(n),
  };
  for (const [name, shape] of Object.entries(shapes)) {
    inputs[`${name} (100 KB)`] = shape(KB100);
    inputs[`${name} (2 KB)`] = shape(2_000);
  }
  return inputs;
}

/**
 * Runs `fn` up to three times and returns the fastest wall-clock time in ms; a first run ten times over the bound
 * is no hiccup, so it is not repeated.
 */
export function fastestMs(fn: () => void, bound = BOUND_MS): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt === 0 || (attempt < 3 && best >= bound && best < bound * 10); attempt++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Calls `fn`, accepting a ValidationError as the parser's clean refusal. */
function refusingCleanly(fn: (text: string) => unknown): (text: string) => void {
  return (text) => {
    try {
      fn(text);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
    }
  };
}

const columns = mapColumns(['phone', 'name', 'tags', 'kota']);
if (!columns) throw new Error('test header has no phone column');

export const parsers: Record<string, (text: string) => void> = {
  'opt-out keyword': (text) => void normalizeKeyword(text),
  'template parse': refusingCleanly(parseTemplate),
  'template render': (text) => void renderTemplate(text, { name: 'Budi' }),
  'phone number': (text) => void normalizePhone(text, 'ID'),
  'pasted phone list': (text) => void parsePhoneList(text, 'ID'),
  'CSV header cell': (text) => void mapColumns([text, 'phone']),
  'CSV row cells': (text) => void readRow(columns, [text, text, text, text], 'ID'),
  'CSV export cell': (text) => void csvRow([text, 'x']),
  'schedule input': (text) => void parseScheduleInput(text, 'en', 'Asia/Jakarta', new Date('2026-01-01T00:00:00Z')),
  'schedule preset': (text) => void presetToCron(text),
  'cron expression': refusingCleanly(parseCron),
};


/** The slowest adversarial input per parser, in ms (best of three per input). */
export function measureHostileInput(): Record<string, number> {
  const inputs = adversarialInputs();
  const out: Record<string, number> = {};
  for (const [parser, run] of Object.entries(parsers)) {
    let worst = 0;
    for (const text of Object.values(inputs)) worst = Math.max(worst, fastestMs(() => run(text)));
    out[parser] = Math.round(worst * 10) / 10;
  }
  return out;
}
