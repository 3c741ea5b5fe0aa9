/**
 * Recognises a contacts file by its content and reads it as customer rows: a vCard file (`BEGIN:VCARD`), or a
 * CSV whose header is a Google Contacts or Outlook export, or our own columns (phone, name, tags, …).
 */
import { mapAddressBookColumns, type AddressBookFormat } from './address-book-columns.js';
import { mapColumns, NAME_COLUMNS, PHONE_COLUMNS, readRow, TAG_COLUMNS, type RowResult } from './columns.js';
import { readCsvRecords } from './csv-records.js';
import { CsvImportError } from './import-error.js';
import { readVCards } from './vcard.js';

export type ContactFileFormat = 'csv' | AddressBookFormat | 'vcard';

export interface ContactRowItem {
  /** The line the row (or the card's BEGIN:VCARD) starts on. */
  line: number;
  /** The card's number, for vCard files. */
  card?: number;
  result: RowResult;
}

/** How much text we look at for `BEGIN:VCARD` before deciding that the file is a CSV. */
const SNIFF_CHARS = 4096;

/**
 * Reads the rows of a contacts file from its text. `meta.format` is set once the first row was read (or the
 * generator ended). Throws CsvImportError when a CSV has no column with numbers.
 */
export function readContactFile(
  text: AsyncIterable<string>,
  country: string,
): { rows: AsyncGenerator<ContactRowItem>; meta: { format: ContactFileFormat } } {
  const meta: { format: ContactFileFormat } = { format: 'csv' };
  return { rows: read(text, country, meta), meta };
}

async function* read(
  text: AsyncIterable<string>,
  country: string,
  meta: { format: ContactFileFormat },
): AsyncGenerator<ContactRowItem> {
  const iterator = text[Symbol.asyncIterator]();
  const head: string[] = [];
  let seen = '';
  let ended = false;
  while (seen.replace(/^[\s\uFEFF]+/, '').length < 'BEGIN:VCARD'.length && seen.length < SNIFF_CHARS) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    seen += next.value;
  }
  async function* replay(): AsyncGenerator<string> {
    yield* head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }

  try {
    if (/^[\s\uFEFF]*BEGIN:VCARD/i.test(seen)) {
      meta.format = 'vcard';
      for await (const card of readVCards(replay(), country)) yield card;
      return;
    }
    yield* readCsvRows(replay(), country, meta);
  } finally {
    if (!ended) await iterator.return?.();
  }
}

async function* readCsvRows(
  text: AsyncIterable<string>,
  country: string,
  meta: { format: ContactFileFormat },
): AsyncGenerator<ContactRowItem> {
  let read: ((cells: string[]) => RowResult) | null = null;
  for await (const record of readCsvRecords(utf8Chunks(text))) {
    if (read === null) {
      const addressBook = mapAddressBookColumns(record.cells);
      if (addressBook) {
        meta.format = addressBook.format;
        read = (cells) => addressBook.read(cells, country);
        continue;
      }
      const columns = mapColumns(record.cells);
      if (columns === null) throw noPhoneColumn(record.cells);
      read = (cells) => readRow(columns, cells, country);
      continue;
    }
    yield { line: record.line, result: read(record.cells) };
  }
  if (read === null) throw noPhoneColumn([]);
}

/** The CSV reader counts lines by bytes: give it the (decoded) text as UTF-8. */
async function* utf8Chunks(text: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const chunk of text) yield Buffer.from(chunk, 'utf8');
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
      ' Google Contacts and Outlook exports and vCard (.vcf) files are recognised as they are.' +
      ' If it is a spreadsheet, save it as CSV first.',
  );
}
