/**
 * Streams a customer CSV into the store in batches, never holding the file in memory.
 *
 * What an import does to a customer: a new phone is created from its row; for a known phone the row's
 * non-empty cells win (name, each attribute) and its tags are added; empty cells keep what is stored, so an
 * import never removes anything and importing the same file again changes nothing. Duplicate phones within
 * the file merge the same way, in file order, even when they land in different batches.
 */
import { createHash } from 'node:crypto';
import type { ImportReport } from './api.js';
import { ValidationError } from './errors.js';
import type { CustomerRepository } from './ports.js';
import type { Customer } from './types.js';
import {
  fingerprint,
  mapColumns,
  mergeRows,
  NAME_COLUMNS,
  PHONE_COLUMNS,
  readRow,
  TAG_COLUMNS,
  type ColumnMap,
  type CustomerRow,
} from './customers/columns.js';
import { CsvSyntaxError, readCsvRecords } from './customers/csv-records.js';

export const IMPORT_BATCH_SIZE = 1000;

/** The file cannot be imported at all (unreadable, not CSV, no phone column): nothing or only part was stored. */
export class CsvImportError extends ValidationError {
  constructor(code: 'csv_unreadable' | 'csv_no_phone_column' | 'csv_malformed', params: Record<string, string | number>, message: string) {
    super(code, `customers.error.${code}`, params, message);
    this.name = 'CsvImportError';
  }
}

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
 * Imports the CSV `source` into `customers`. Rejected rows are listed with their line number and reason;
 * throws CsvImportError when the file has no phone column or is not valid CSV.
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
  let pending = new Map<string, CustomerRow>();
  let columns: ColumnMap | undefined;

  try {
    for await (const record of readCsvRecords(source)) {
      if (columns === undefined) {
        columns = mapColumns(record.cells) ?? undefined;
        if (columns === undefined) throw noPhoneColumn(record.cells);
        continue;
      }
      const result = readRow(columns, record.cells, options.country);
      if (result.kind === 'blank') continue;
      if (result.kind === 'rejected') {
        errors.push({ row: record.line, value: result.value, reason: result.reason });
        continue;
      }
      const { row } = result;
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
    throw error;
  }
  if (columns === undefined) throw noPhoneColumn([]);
  if (pending.size > 0) await flush(customers, pending, outcomes);

  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, rejected: errors.length, errors, phones };
  for (const outcome of outcomes.values()) {
    if (outcome === 'created') report.created++;
    else if (outcome === 'unchanged') report.unchanged++;
    else report.updated++;
  }
  return report;
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

function noPhoneColumn(header: string[]): CsvImportError {
  const found = header.map((h) => h.trim()).filter(Boolean);
  const accepted = PHONE_COLUMNS.join(', ');
  return new CsvImportError(
    'csv_no_phone_column',
    { accepted, found: found.join(', ') },
    `The CSV has no phone column. Name the column with the numbers one of: ${accepted} ` +
      `(optional: ${NAME_COLUMNS.join('/')} and ${TAG_COLUMNS[0]}; any other column becomes an attribute). ` +
      (found.length > 0 ? `Columns found: ${found.join(', ')}.` : 'The file is empty.') +
      ' If it is a spreadsheet, save it as CSV (UTF-8) first.',
  );
}
