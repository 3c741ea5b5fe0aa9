/**
 * Streams a contacts file (our CSV, a Google or Outlook CSV export, or vCard) into the store in batches, never
 * holding the file in memory.
 *
 * What an import does to a customer: a new phone is created from its row; for a known phone the row's
 * non-empty cells win (name, each attribute) and its tags are added; empty cells keep what is stored, so an
 * import never removes anything and importing the same file again changes nothing. Duplicate phones within
 * the file merge the same way, in file order, even when they land in different batches.
 */
import { createHash } from 'node:crypto';
import type { ImportReport } from '../use-cases.js';
import type { CustomerRepository } from '../ports.js';
import type { Customer } from '../types.js';
import { fingerprint, mergeRows, type CustomerRow } from './columns.js';
import { readContactFile } from './contact-file.js';
import { CsvSyntaxError } from './csv-records.js';
import { decodeText, TextEncodingError } from './decode.js';
import { CsvImportError } from './import-error.js';

export { CsvImportError } from './import-error.js';

export const IMPORT_BATCH_SIZE = 1000;
/** Lines with lost characters (U+FFFD) listed in a report at most; the count is always whole. */
const LISTED_LOST_LINES = 20;

export interface ImportOptions {
  /** Default country for numbers written without a country code (config.DEFAULT_COUNTRY). */
  country: string;
  batchSize?: number;
}

/**
 * A phone's outcome so far: `created`, `unchanged`, or updated with the fingerprint hash of what was stored
 * before the import (a later duplicate may restore exactly that, and then it is unchanged after all).
 */
type Outcome = 'created' | 'unchanged' | `updated:${string}`;

/**
 * Imports the contacts file `source` (our CSV, a Google or Outlook CSV export, or vCard; UTF-8, UTF-16 or
 * Windows-1252) into `customers`. Rejected rows are listed with their line (and card) number and reason;
 * throws CsvImportError when the file has no phone column, is not valid CSV, or is broken UTF-16.
 */
export async function importCustomerCsv(
  source: AsyncIterable<Buffer | string>,
  customers: CustomerRepository,
  options: ImportOptions,
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const outcomes = new Map<string, Outcome>();
  const errors: ImportReport['errors'] = [];
  const phones: string[] = [];
  const lost = { count: 0, lines: [] as number[] };
  let pending = new Map<string, CustomerRow>();
  const decoded = decodeText(source);
  const file = readContactFile(decoded.text, options.country);

  try {
    for await (const { line, card, result } of file.rows) {
      if (result.kind === 'blank') continue;
      if (result.kind === 'rejected') {
        errors.push({ row: line, ...(card === undefined ? {} : { card }), value: result.value, reason: result.reason });
        continue;
      }
      const { row } = result;
      if (hasLostCharacters(row)) {
        lost.count++;
        if (lost.lines.length < LISTED_LOST_LINES) lost.lines.push(line);
      }
      const earlier = pending.get(row.phone);
      if (earlier) pending.set(row.phone, mergeRows(earlier, row));
      else {
        if (!outcomes.has(row.phone)) phones.push(row.phone);
        pending.set(row.phone, row);
      }
      if (pending.size >= batchSize) {
        await flush(customers, pending, outcomes);
        pending = new Map();
      }
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      // Keep the promise of the message: every good row before the broken one is stored.
      if (pending.size > 0) await flush(customers, pending, outcomes);
      throw new CsvImportError(
        'csv_malformed',
        { line: error.line, detail: error.detail },
        `The file is not valid CSV at line ${error.line}: ${error.detail}. Rows before that line were imported; ` +
          'fix the file and import it again (importing twice is safe).',
      );
    }
    if (error instanceof TextEncodingError) {
      if (pending.size > 0) await flush(customers, pending, outcomes);
      const encoding = error.encoding.toUpperCase();
      throw new CsvImportError(
        'csv_bad_encoding',
        { encoding },
        `The file starts like ${encoding} text but is not valid ${encoding}; rows before the damage were imported. ` +
          'Save it again (as CSV UTF-8) and import it again.',
      );
    }
    throw error;
  }
  if (pending.size > 0) await flush(customers, pending, outcomes);

  const report: ImportReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: errors.length,
    errors,
    phones,
    format: file.meta.format,
    encoding: decoded.info.encoding,
    ...(decoded.info.switchedAtLine === undefined ? {} : { encodingSwitchLine: decoded.info.switchedAtLine }),
    lostCharacters: lost,
  };
  for (const outcome of outcomes.values()) {
    if (outcome === 'created') report.created++;
    else if (outcome === 'unchanged') report.unchanged++;
    else report.updated++;
  }
  return report;
}

/** U+FFFD in a row: characters were lost before the file reached us (e.g. a wrong "save as"). */
function hasLostCharacters(row: CustomerRow): boolean {
  const mark = '\uFFFD';
  return (
    (row.name ?? '').includes(mark) ||
    row.tags.some((tag) => tag.includes(mark)) ||
    Object.values(row.attributes).some((value) => value.includes(mark))
  );
}

/** Merges a batch with what is stored (one read), writes what changed (one upsert) and updates the outcomes. */
async function flush(customers: CustomerRepository, batch: Map<string, CustomerRow>, outcomes: Map<string, Outcome>): Promise<void> {
  const stored = new Map((await customers.findByPhones([...batch.keys()])).map((c) => [c.phone, c]));
  const writes: CustomerRow[] = [];
  for (const [phone, row] of batch) {
    const current = stored.get(phone);
    const next = current ? mergeRows(fromCustomer(current), row) : row;
    const changed = current === undefined || fingerprint(fromCustomer(current)) !== fingerprint(next);
    if (changed) writes.push(next);
    outcomes.set(phone, nextOutcome(outcomes.get(phone), current, next, changed));
  }
  if (writes.length > 0) await customers.upsertMany(writes);
}

function nextOutcome(prior: Outcome | undefined, current: Customer | undefined, next: CustomerRow, changed: boolean): Outcome {
  if (prior === undefined || prior === 'unchanged') {
    if (current === undefined) return 'created';
    return changed ? `updated:${hash(fingerprint(fromCustomer(current)))}` : 'unchanged';
  }
  if (prior === 'created' || !changed) return prior;
  // Updated earlier in this import: unchanged after all when the merge restores what was stored before it.
  return prior === `updated:${hash(fingerprint(next))}` ? 'unchanged' : prior;
}

function fromCustomer(customer: Customer): CustomerRow {
  return { phone: customer.phone, name: customer.name, tags: customer.tags, attributes: customer.attributes };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
