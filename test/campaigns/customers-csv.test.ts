import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsvRecords, sniffDelimiter, type CsvRecord } from '../../src/campaigns/customers/csv-records.js';
import { fingerprint, mapColumns, mergeRows, readRow, splitTags } from '../../src/campaigns/customers/columns.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/customers/${name}`, import.meta.url));

async function records(source: AsyncIterable<Buffer | string>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(source)) out.push(record);
  return out;
}

/** Feeds `text` in chunks of `size` bytes, so line breaks, quotes and multi-byte characters straddle chunks. */
async function* chunked(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('readCsvRecords', () => {
  it('numbers records by physical line, counting a CRLF inside quotes once and skipping blank lines', async () => {
    const text = '\uFEFFphone,note\r\n1,"a\r\nb\r\nc"\r\n\r\n2,x\r\n3,"y\nz"\r\n4,w';
    for (const size of [1, 2, 3, 7, 1024]) {
      const got = await records(chunked(text, size));
      expect(got.map((r) => r.line), `chunk size ${size}`).toEqual([1, 2, 6, 7, 9]);
      expect(got[0]?.cells).toEqual(['phone', 'note']);
      expect(got[1]?.cells).toEqual(['1', 'a\r\nb\r\nc']);
      expect(got[4]?.cells).toEqual(['4', 'w']);
    }
  });

  it('counts lone CR line ends (old Mac exports) as lines', async () => {
    const got = await records(chunked('phone\r1\r\r2\r', 4));
    expect(got.map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'phone'],
      [2, '1'],
      [4, '2'],
    ]);
  });

  it('uses ";" as the delimiter when the header line does, keeping commas inside cells', async () => {
    const got = await records(chunked('phone;name\n0812;Budi, S.\n', 5));
    expect(got[1]?.cells).toEqual(['0812', 'Budi, S.']);
  });

  it('reads string chunks, multi-byte characters and a file without a final line break', async () => {
    const got = await records(chunked('nama,phone\nJosé Ñúñez,1', 1));
    expect(got[1]).toEqual({ line: 2, cells: ['José Ñúñez', '1'] });
    async function* strings() {
      yield 'phone\n';
      yield '0812\n';
    }
    expect((await records(strings())).map((r) => r.cells)).toEqual([['phone'], ['0812']]);
  });

  it('reports a quote that is never closed with the line where its record starts', async () => {
    const text = 'phone,note\r\n1,"ok\r\nfine"\r\n2,"never closed\r\n3,x\r\n';
    const error = await records(chunked(text, 5)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(4);
    expect((error as CsvSyntaxError).message).toMatch(/line 4: a quote \("\) is never closed/);
  });

  it('stops at a runaway quote instead of buffering the rest of the file', async () => {
    async function* runaway() {
      yield Buffer.from('phone,note\n1,ok\n2,"');
      for (let i = 0; i < 40; i++) yield Buffer.from('x'.repeat(40_000));
    }
    const lines: number[] = [];
    const error = await (async () => {
      for await (const record of readCsvRecords(runaway())) lines.push(record.line);
    })().catch((e: unknown) => e);
    expect(lines).toEqual([1, 2]);
    expect((error as CsvSyntaxError).message).toBe('line 3: a field is far too long; probably a quote (") is never closed');
  });

  it('keeps a quote inside an unquoted field as text', async () => {
    const got = await records(chunked('phone,note\n1,5" screen\n2,x\n', 4));
    expect(got.map((r) => r.cells)).toEqual([['phone', 'note'], ['1', '5" screen'], ['2', 'x']]);
  });

  it('passes the source stream\'s own errors through', async () => {
    const error = await records(createReadStream(fixture('does-not-exist.csv'))).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('sniffs the delimiter from the header line, ignoring quoted text', () => {
    expect(sniffDelimiter('phone,name,tags')).toBe(',');
    expect(sniffDelimiter('phone;name;tags')).toBe(';');
    expect(sniffDelimiter('"a;b;c",phone')).toBe(',');
    expect(sniffDelimiter('phone\tname')).toBe('\t');
    expect(sniffDelimiter('phone')).toBe(',');
  });
});

describe('customer columns', () => {
  it('finds the phone column under any accepted name, trimmed and case-insensitive', () => {
    for (const header of ['phone', ' PHONE ', 'Nomor', 'no_hp', 'No HP', 'No. HP', 'WhatsApp', 'telepon', 'HP']) {
      expect(mapColumns(['nama', header, 'kota'])?.phone, header).toBe(1);
    }
    expect(mapColumns(['name', 'email'])).toBeNull();
  });

  it('maps name, tags and every other named column to an attribute key', () => {
    const columns = mapColumns([' Nama ', 'Phone', 'TAGS', 'Kota Asal', '', 'Email']);
    expect(columns).toMatchObject({
      phone: 1,
      name: 0,
      tags: 2,
      attributes: [
        { index: 3, key: 'kota_asal' },
        { index: 5, key: 'email' },
      ],
    });
  });

  it('prefers "phone" when several phone-like columns exist; the others stay attributes', () => {
    const columns = mapColumns(['whatsapp', 'phone']);
    expect(columns?.phone).toBe(1);
    expect(columns?.attributes).toEqual([{ index: 0, key: 'whatsapp' }]);
  });

  it('reads a row: normalized phone, trimmed name, split tags, non-empty attributes only', () => {
    const columns = mapColumns(['name', 'phone', 'tags', 'kota', 'catatan'])!;
    expect(readRow(columns, [' Budi ', '0812-3456-7890', 'vip; jakarta|vip', 'Jakarta', ' '], 'ID')).toEqual({
      kind: 'customer',
      row: { phone: '+6281234567890', name: 'Budi', tags: ['vip', 'jakarta'], attributes: { kota: 'Jakarta' } },
    });
    expect(readRow(columns, ['', '0812xx', '', '', ''], 'ID')).toEqual({ kind: 'rejected', value: '0812xx', reason: 'letters' });
    expect(readRow(columns, ['Eka', '  ', '', '', ''], 'ID')).toEqual({ kind: 'rejected', value: '', reason: 'no_phone' });
    expect(readRow(columns, ['', '', '', '', ''], 'ID')).toEqual({ kind: 'blank' });
    const tooMany = readRow(columns, ['A', '0812-3456-7890', '', '', '', 'extra'], 'ID');
    expect(tooMany).toMatchObject({ kind: 'rejected', reason: 'field_count|fields=6|header=5' });
    expect(readRow(columns, ['A', '0812-3456-7890', '', '', '', ''], 'ID').kind).toBe('customer');
  });

  it('uses the default country for numbers without a country code', () => {
    const columns = mapColumns(['phone'])!;
    expect(readRow(columns, ['(415) 555-2671'], 'US')).toMatchObject({ row: { phone: '+14155552671' } });
    expect(readRow(columns, ['(415) 555-2671'], 'ID').kind).toBe('rejected');
  });

  it('splits tags on ; | and , and merges rows: later non-empty fields win, tags add up', () => {
    expect(splitTags('a; B|c, d;;A')).toEqual(['a', 'b', 'c', 'd']);
    const merged = mergeRows(
      { phone: '+1', name: 'Budi', tags: ['vip'], attributes: { kota: 'Jakarta', umur: '30' } },
      { phone: '+1', name: null, tags: ['baru', 'vip'], attributes: { kota: 'Bogor' } },
    );
    expect(merged).toEqual({ phone: '+1', name: 'Budi', tags: ['vip', 'baru'], attributes: { kota: 'Bogor', umur: '30' } });
  });

  it('fingerprints ignore tag order, duplicate tags and attribute order, but not values', () => {
    const a = fingerprint({ name: 'A', tags: ['x', 'y'], attributes: { k: '1', l: '2' } });
    expect(fingerprint({ name: 'A', tags: ['y', 'x', 'x'], attributes: { l: '2', k: '1' } })).toBe(a);
    expect(fingerprint({ name: 'A', tags: ['y'], attributes: { l: '2', k: '1' } })).not.toBe(a);
    expect(fingerprint({ name: null, tags: ['x', 'y'], attributes: { l: '2', k: '1' } })).not.toBe(a);
  });
});
