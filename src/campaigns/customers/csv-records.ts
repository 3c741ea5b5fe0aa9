/**
 * Streams a CSV file as records with their physical line numbers: UTF-8 BOM, CRLF / LF / CR line ends, quoted
 * fields with delimiters and line breaks, and the delimiter (`,`, `;` or tab) chosen from the header line.
 */
import { finished } from 'node:stream/promises';
import { CsvError, parse, type InfoRecord, type Parser } from 'csv-parse';
import { LineCounter } from './line-counter.js';

export interface CsvRecord {
  /** The physical line the record starts on (the header is line 1 unless blank lines precede it). */
  line: number;
  cells: string[];
}

/** The CSV could not be parsed (e.g. a quote never closed); `line` is where the parser gave up. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'CsvSyntaxError';
  }
}

/** A record longer than this is a runaway quote, not data: stop instead of buffering the rest of the file. */
const MAX_RECORD_BYTES = 1024 * 1024;
/** How much of the file we read at most to find the end of the header line. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Yields every non-blank record of `source` (the header first) with the line it starts on.
 * Throws CsvSyntaxError for malformed CSV; errors of the source itself (e.g. a read error) pass through.
 */
export async function* readCsvRecords(source: AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (!head.some(hasLineBreak) && headBytes < MAX_HEADER_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headBytes += chunk.length;
  }
  const delimiter = sniffDelimiter(firstLine(Buffer.concat(head)));

  // Records are taken in `on_record` rather than read from the stream: a stream that fails drops the records
  // it still buffers, and we want every good record before a syntax error, with its line number.
  const parsed: { cells: string[]; end: number }[] = [];
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Real exports hold things like `5" screen`: a quote inside an unquoted field is just a character.
    relax_quotes: true,
    max_record_size: MAX_RECORD_BYTES,
    on_record: (record: string[], info: InfoRecord) => {
      parsed.push({ cells: record, end: info.bytes });
      return null;
    },
  });
  // Failures arrive through the write / finished callbacks below; this listener only keeps the event from
  // being an uncaught 'error'.
  parser.on('error', () => undefined);
  parser.resume();

  const counter = new LineCounter();
  function* take(): Generator<CsvRecord> {
    for (let item = parsed.shift(); item !== undefined; item = parsed.shift()) {
      yield { line: counter.recordStartLine(item.end), cells: item.cells };
    }
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBuffer(next.value);
  }

  try {
    for await (const chunk of chunks()) {
      counter.push(chunk);
      const failure = await write(parser, chunk);
      yield* take();
      if (failure) throw asSyntaxError(failure, counter.currentLine());
    }
    parser.end();
    const failure = await finished(parser).then(
      () => null,
      (error: unknown) => error,
    );
    yield* take();
    if (failure) throw asSyntaxError(failure, counter.currentLine());
  } finally {
    parser.destroy();
    if (!ended) await iterator.return?.();
  }
}

function write(parser: Parser, chunk: Buffer): Promise<Error | null> {
  return new Promise((resolve) => parser.write(chunk, (error) => resolve(error ?? null)));
}

function asSyntaxError(error: unknown, line: number): unknown {
  if (!(error instanceof CsvError)) return error;
  // csv-parse's own line count is off after a CRLF inside quotes; the record after the last good one broke.
  const detail =
    error.code === 'CSV_MAX_RECORD_SIZE'
      ? 'a field is far too long; probably a quote (") is never closed'
      : error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quote (") is never closed'
        : error.message;
  return new CsvSyntaxError(line, detail);
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

function hasLineBreak(chunk: Buffer): boolean {
  return chunk.includes(0x0a) || chunk.includes(0x0d);
}

function firstLine(bytes: Buffer): string {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const end = text.search(/[\r\n]/);
  return end === -1 ? text : text.slice(0, end);
}

/** `;` or tab when the header line uses more of it than commas (outside quotes), else `,`. */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const [char, count] of counts) if (count > (counts.get(best) ?? 0)) best = char;
  return best;
}
