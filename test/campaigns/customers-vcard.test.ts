/** The vCard reader and the address-book CSV rules on their own: chunking, escapes, number choice, groups. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../src/campaigns/use-cases.js';
import { contactRow, groupTags } from '../../src/campaigns/customers/contact.js';
import { readVCards, type CardResult } from '../../src/campaigns/customers/vcard.js';
import { importCustomerCsv } from '../../src/campaigns/customers/csv-import.js';
import type { CustomerRepository } from '../../src/campaigns/ports.js';
import type { Customer } from '../../src/campaigns/types.js';

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function cards(text: string, size = text.length): Promise<CardResult[]> {
  const out: CardResult[] = [];
  for await (const card of readVCards(pieces(text, size), 'ID')) out.push(card);
  return out;
}

const TWO_CARDS =
  'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Budi\r\n  Santoso\r\nTEL;TYPE=CELL:0812-3456-7890\r\nCATEGORIES:VIP,Pelanggan\\, Lama\r\nEND:VCARD\r\n' +
  'BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Jos=E9=\r\n =52amos\r\nTEL;WORK;VOICE:0813 1111 2222\r\nEND:VCARD\r\n';

describe('readVCards', () => {
  it.each([1, 2, 13, 4096])('reads the same cards whatever the chunk size (%i), CRLF cut or not', async (size) => {
    expect(await cards(TWO_CARDS, size)).toEqual([
      {
        card: 1,
        line: 1,
        result: {
          kind: 'customer',
          row: { phone: '+6281234567890', name: 'Budi Santoso', tags: ['vip', 'pelanggan, lama'], attributes: {} },
        },
      },
      {
        card: 2,
        line: 8,
        result: { kind: 'customer', row: { phone: '+6281311112222', name: 'José Ramos', tags: [], attributes: {} } },
      },
    ]);
  });

  it('keeps a card whose END:VCARD is missing (a cut-off export), and skips what is outside cards', async () => {
    const result = await cards(
      'junk line\nBEGIN:VCARD\nFN:A\nTEL:0812 3456 7890\nBEGIN:VCARD\nFN:B\nTEL;CELL:0813 1111 2222',
    );
    expect(result.map((c) => [c.card, c.line, c.result.kind === 'customer' ? c.result.row.phone : c.result])).toEqual([
      [1, 2, '+6281234567890'],
      [2, 5, '+6281311112222'],
    ]);
  });

  it('drops a photo larger than a name could ever be instead of buffering it', async () => {
    const photo = `PHOTO;ENCODING=b;TYPE=JPEG:${'A'.repeat(70)}\r\n${' QUFB\r\n'.repeat(100_000)}`;
    const result = await cards(
      `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Foto\r\n${photo}TEL;TYPE=CELL:0812 3456 7890\r\nEND:VCARD\r\n`,
      8192,
    );
    expect(result).toEqual([
      {
        card: 1,
        line: 1,
        result: { kind: 'customer', row: { phone: '+6281234567890', name: 'Foto', tags: [], attributes: {} } },
      },
    ]);
  });
});

describe('which number and which tags', () => {
  it('takes the number typed mobile, else the first mobile by libphonenumber-js, else rejects with the reason', () => {
    const row = (numbers: { value: string; mobile: boolean }[]) =>
      contactRow({ name: 'X', numbers, groups: [], attributes: {} }, 'ID');
    expect(
      row([
        { value: '0812 0000 1111', mobile: false },
        { value: '0857 0000 1111', mobile: true },
      ]),
    ).toMatchObject({ row: { phone: '+6285700001111' } });
    expect(
      row([
        { value: '021 555 1234', mobile: false },
        { value: '0813 1111 2222', mobile: false },
      ]),
    ).toMatchObject({ row: { phone: '+6281311112222' } });
    // Typed mobile but a landline: not that one.
    expect(
      row([
        { value: '021 555 1234', mobile: true },
        { value: '0813 1111 2222', mobile: false },
      ]),
    ).toMatchObject({ row: { phone: '+6281311112222' } });
    expect(row([{ value: '12', mobile: true }])).toEqual({
      kind: 'rejected',
      value: 'X',
      reason: 'no usable phone number (12: invalid)',
    });
    expect(row([])).toEqual({ kind: 'rejected', value: 'X', reason: 'no phone number' });
  });

  it("drops Google's system groups and keeps the user's", () => {
    expect(
      groupTags([
        '* myContacts',
        'myContacts',
        '* starred',
        'starred',
        '* Friends',
        'Imported on 1/2/2024',
        ' Pelanggan ',
        'VIP',
        'vip',
      ]),
    ).toEqual(['pelanggan', 'vip']);
  });
});

/** A repository that keeps customers in a Map: enough for the import's read-merge-write. */
function memoryCustomers(): CustomerRepository & { rows: Map<string, Customer> } {
  const rows = new Map<string, Customer>();
  const repo = {
    rows,
    findByPhones: async (phones: string[]) => phones.flatMap((p) => (rows.has(p) ? [rows.get(p) as Customer] : [])),
    upsertMany: async (
      list: { phone: string; name: string | null; tags: string[]; attributes: Record<string, string> }[],
    ) => {
      for (const r of list) {
        const now = new Date();
        rows.set(r.phone, { id: r.phone, optedOut: false, createdAt: now, updatedAt: now, ...r } as Customer);
      }
      return { created: 0, updated: 0 };
    },
  };
  return repo as unknown as CustomerRepository & { rows: Map<string, Customer> };
}

async function importText(text: string | Buffer): Promise<{ report: ImportReport; rows: Map<string, Customer> }> {
  const customers = memoryCustomers();
  const report = await importCustomerCsv(Readable.from([Buffer.from(text)]), customers, { country: 'ID' });
  return { report, rows: customers.rows };
}

describe('address-book CSV exports', () => {
  it('reads the newer Google CSV (First Name, Labels, Phone 1 - Label)', async () => {
    const { report, rows } = await importText(
      'First Name,Middle Name,Last Name,Labels,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\n' +
        'Dewi,,Lestari,* myContacts ::: Reseller,Work,021 555 1234,Mobile,0878 1234 5678\n',
    );
    expect(report).toMatchObject({ format: 'google_csv', created: 1, rejected: 0 });
    expect(rows.get('+6287812345678')).toMatchObject({ name: 'Dewi Lestari', tags: ['reseller'] });
  });

  it('counts and lists imported rows that already hold a replacement character (lost before the file reached us)', async () => {
    const { report } = await importText(
      'phone,name\n0812 3456 7890,Jos\uFFFD\n0812 3456 7891,Ana\n0812 3456 7892,\uFFFDlvaro\n',
    );
    expect(report.lostCharacters).toEqual({ count: 2, lines: [2, 4] });
  });

  it('refuses a UTF-16 file with broken bytes with a clear error instead of storing replacement characters', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('phone\n0812 3456 7890\n', 'utf16le'),
      Buffer.from([0x00, 0xdc]),
    ]);
    await expect(importText(bytes)).rejects.toMatchObject({
      name: 'CsvImportError',
      code: 'csv_bad_encoding',
      params: { encoding: 'UTF-16LE' },
    });
  });
});
