/**
 * Property-based fuzzing (fast-check) of everything that reads text from customers, admins and files: CSV files
 * and rows, phone numbers, templates and their variables, schedule inputs (cron, presets, relative words), and the
 * opt-out keyword check. Every input must end in an answer or a clean refusal (ValidationError / CsvSyntaxError /
 * a `{ ok: false }` result), never an unexpected exception.
 */
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvRow, neutralizeCell } from '../../src/campaigns/csv.js';
import { ValidationError } from '../../src/campaigns/errors.js';
import { mapColumns, readRow } from '../../src/campaigns/customers/columns.js';
import { CsvSyntaxError, readCsvRecords } from '../../src/campaigns/customers/csv-records.js';
import { normalizePhone, parsePhoneList } from '../../src/campaigns/phone.js';
import { parseTemplate, renderTemplate, VariableCoverage, variableMap } from '../../src/campaigns/template.js';
import { parseScheduleInput } from '../../src/schedules/when.js';
import { MAX_KEYWORD_LENGTH, normalizeKeyword } from '../../src/whatsapp/listeners.js';
import { fuzzParameters } from './settings.js';

/** Text biased towards the characters the parsers care about. */
const spicy = fc.string({
  unit: fc.oneof(
    fc.constantFrom('{', '}', '|', ' ', '\t', '\n', '\r', ',', ';', '"', '+', '-', '=', '@', '0', '8', '1', '*', ':', '.', '😀', '!', '_', 'x', 'ext'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
  ),
  maxLength: 80,
});

const phoneLike = fc.oneof(
  spicy,
  fc.tuple(fc.constantFrom('', '+', '0', '00', '62', '+62 ', 'tel:'), fc.stringMatching(/^[0-9 ()-]{0,18}$/), fc.constantFrom('', ' ext 12', ' x9')).map((parts) => parts.join('')),
);

const scheduleLike = fc.oneof(
  spicy,
  fc.tuple(
    fc.constantFrom('every day', 'setiap hari', 'every weekday', 'setiap senin', 'every friday', 'today', 'besok', 'tomorrow', 'hari ini', '2030-01-02', '0 9', '*/5', '@daily'),
    fc.constantFrom(' ', '  ', ' at ', ' pukul ', 'T'),
    fc.stringMatching(/^[0-9:. */-]{0,12}$/),
  ).map((parts) => parts.join('')),
);

/** Runs `fn`, accepting the listed error classes as clean refusals. */
function refusesCleanly(fn: () => unknown, ...allowed: (new (...args: never[]) => Error)[]): void {
  try {
    fn();
  } catch (error) {
    if (!allowed.some((kind) => error instanceof kind)) throw error;
  }
}

describe('fuzz: text parsers', () => {
  it('phone numbers and pasted lists: a number in E.164 or a reason', () => {
    fc.assert(
      fc.property(phoneLike, (text) => {
        const one = normalizePhone(text, 'ID');
        if (one.ok) expect(one.phone).toMatch(/^\+\d{6,15}$/);
        else expect(one.reason).not.toBe('');
        const list = parsePhoneList(`${text}\n${text},${text}`, 'ID');
        for (const phone of list.phones) expect(phone).toMatch(/^\+\d{6,15}$/);
      }),
      fuzzParameters,
    );
  });

  it('templates: parse or refuse with ValidationError; rendering never throws and never shows inherited values', () => {
    const names = fc.constantFrom('name', 'Nama', 'kota', 'constructor', '__proto__', 'toString', 'phone', 'x');
    fc.assert(
      fc.property(spicy, fc.dictionary(names, fc.string({ maxLength: 10 })), (template, values) => {
        refusesCleanly(() => {
          const variables = parseTemplate(template);
          const coverage = new VariableCoverage(variables);
          coverage.see(variableMap(values));
          for (const missing of coverage.missing()) expect(typeof missing).toBe('string');
        }, ValidationError);
        const rendered = renderTemplate(template, variableMap(values));
        expect(rendered).not.toContain('[native code]');
        expect(rendered).not.toContain('[object Object]');
      }),
      fuzzParameters,
    );
  });

  it('schedule inputs: a schedule with next runs, or a translated refusal, in both languages', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(scheduleLike, fc.constantFrom('id', 'en'), (text, locale) => {
        const parsed = parseScheduleInput(text, locale, 'Asia/Jakarta', now);
        if (parsed.ok) expect(parsed.nextRuns.length).toBeGreaterThan(0);
        else {
          expect(parsed.message).not.toBe('');
          expect(parsed.message).not.toMatch(/\n\s+at /);
        }
      }),
      fuzzParameters,
    );
  });

  it('opt-out keywords: long texts never match, short ones normalise idempotently', () => {
    fc.assert(
      fc.property(fc.oneof(spicy, fc.string({ minLength: MAX_KEYWORD_LENGTH + 1, maxLength: 300 })), (text) => {
        const keyword = normalizeKeyword(text);
        if (text.length > MAX_KEYWORD_LENGTH) expect(keyword).toBeNull();
        else if (keyword !== null) expect(normalizeKeyword(keyword)).toBe(keyword);
      }),
      fuzzParameters,
    );
  });

  it('CSV rows: a customer, a rejected row with a reason, or blank; exported cells never start a formula', () => {
    const columns = mapColumns(['phone', 'name', 'tags', 'kota']);
    if (!columns) throw new Error('no phone column');
    fc.assert(
      fc.property(fc.array(fc.oneof(spicy, phoneLike), { maxLength: 6 }), (cells) => {
        const row = readRow(columns, cells, 'ID');
        if (row.kind === 'customer') expect(row.row.phone).toMatch(/^\+\d+$/);
        if (row.kind === 'rejected') expect(row.reason).not.toBe('');
        const line = csvRow(cells);
        expect(line.endsWith('\r\n')).toBe(true);
        if (cells.length === 0) return;
        const [readBack] = parse(line, { relax_column_count: true }) as string[][];
        expect(readBack).toEqual(cells.map(neutralizeCell));
        for (const cell of readBack ?? []) expect(/^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell)).toBe(false);
      }),
      fuzzParameters,
    );
  });

  it('CSV files: every record read or a CsvSyntaxError with a line number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(spicy, { maxLength: 5 }).map((cells) => cells.join(',')), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), async (lines, eol) => {
        const text = ['phone,name,tags', ...lines].join(eol);
        try {
          for await (const record of readCsvRecords(Readable.from([Buffer.from(text)]))) expect(record.line).toBeGreaterThan(0);
        } catch (error) {
          if (!(error instanceof CsvSyntaxError)) throw error;
          expect(error.line).toBeGreaterThan(0);
        }
      }),
      { ...fuzzParameters, numRuns: Math.max(1, Math.floor(fuzzParameters.numRuns / 4)) },
    );
  });
});
