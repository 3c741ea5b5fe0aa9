/**
 * Contacts files as people have them: Google Contacts and Outlook CSV exports, vCard 2.1/3.0/4.0 from phones,
 * a Windows-1252 CSV from Excel and a UTF-16 "Unicode text" file. Each imports with exact counts, names,
 * numbers and tags, and importing it again changes nothing.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerUseCases, ImportReport } from '../../src/campaigns/use-cases.js';
import { createCustomerUseCases } from '../../src/campaigns/customers/use-cases.js';
import type { Store } from '../../src/campaigns/ports.js';
import type { Actor, Customer } from '../../src/campaigns/types.js';
import { loadConfig } from '../../src/config/env.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { useTempDir } from '../helpers/temp-dir.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/customers/${name}`, import.meta.url));
const actor: Actor = { surface: 'cli', userId: 'tester' };
const tempDir = useTempDir();
const stores: Store[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function setup(): Promise<{ store: Store; customers: CustomerUseCases }> {
  const config = loadConfig({ DATA_DIR: tempDir() });
  const store = await openStore(config, silentLogger());
  stores.push(store);
  return { store, customers: createCustomerUseCases({ store, config, logger: silentLogger() }) };
}

type Expected = Pick<Customer, 'phone' | 'name' | 'tags' | 'attributes'>;

interface Case {
  file: string;
  format: ImportReport['format'];
  encoding: ImportReport['encoding'];
  customers: Expected[];
  errors: ImportReport['errors'];
}

const NO_MOBILE = (value: string) => `no usable phone number (${value}: landline)`;

const CASES: Case[] = [
  {
    file: 'google.csv',
    format: 'google_csv',
    encoding: 'utf-8',
    customers: [
      // "021 555 1234 ::: 0813 1111 2222", both typed Work: the mobile one by libphonenumber-js.
      {
        phone: '+6281311112222',
        name: 'Budi Santoso',
        tags: ['pelanggan'],
        attributes: { email: 'budi@example.com', company: 'Toko Budi' },
      },
      // Home 0812… and "* Mobile" +62 857…: the one typed mobile; "* starred" and "* myContacts" dropped.
      { phone: '+6285700001111', name: 'Siti Aminah', tags: ['pelanggan', 'vip'], attributes: {} },
      // No "Name": given + family; two mobiles in one cell: the first.
      { phone: '+6281199990000', name: 'Joko Widodo', tags: ['reseller'], attributes: {} },
    ],
    errors: [
      { row: 4, value: 'Ani Widjaja', reason: NO_MOBILE('021 555 9999') },
      { row: 5, value: 'Rina Tanpa Nomor', reason: 'no phone number' },
    ],
  },
  {
    file: 'outlook.csv',
    format: 'outlook_csv',
    encoding: 'utf-8',
    customers: [
      {
        phone: '+6281211113333',
        name: 'Agus Salim',
        tags: ['pelanggan', 'vip'],
        attributes: { email: 'agus@ptmaju.co.id', company: 'PT Maju' },
      },
      { phone: '+6285722224444', name: 'Maria', tags: ['reseller'], attributes: {} },
    ],
    errors: [{ row: 4, value: 'Kantor Pusat', reason: NO_MOBILE('(021) 555-8888') }],
  },
  {
    file: 'contacts-2.1.vcf',
    format: 'vcard',
    encoding: 'utf-8',
    customers: [
      // Quoted-printable UTF-8 with a soft line break; TEL;HOME landline skipped for TEL;CELL.
      { phone: '+6281322224444', name: 'José Ramos', tags: [], attributes: {} },
      // No FN: the name from N (given family); TEL;CELL;PREF wins over TEL;VOICE.
      { phone: '+6281255556666', name: 'Wati Hartono', tags: [], attributes: {} },
      { phone: '+6285612340000', name: '🌸 Bunga Citra', tags: [], attributes: {} },
    ],
    errors: [{ row: 15, card: 3, value: 'Tanpa Nomor', reason: 'no phone number' }],
  },
  {
    file: 'contacts-3.0.vcf',
    format: 'vcard',
    encoding: 'utf-8',
    customers: [
      // iPhone: the number labelled Mobile (item1.X-ABLabel) wins over a WORK one listed first.
      {
        phone: '+6287812345678',
        name: 'Dewi Kusuma',
        tags: ['pelanggan', 'reseller'],
        attributes: { company: 'Toko Dewi' },
      },
      // FN folded over two lines.
      { phone: '+6281277778888', name: 'Bambang Sutrisno Wijayakusuma', tags: ['vip'], attributes: {} },
    ],
    errors: [{ row: 22, card: 3, value: 'Kantor Cabang', reason: NO_MOBILE('021 555 7777') }],
  },
  {
    file: 'contacts-4.0.vcf',
    format: 'vcard',
    encoding: 'utf-8',
    customers: [
      // tel: URIs; TYPE="voice,cell" wins over the work landline with ;ext=.
      { phone: '+6281233334444', name: 'Eko Prasetyo', tags: ['pelanggan', 'vip'], attributes: {} },
      // An escaped comma in FN, an e-mail folded over two lines.
      { phone: '+6285612345555', name: 'Sari, S.E.', tags: ['reseller'], attributes: { email: 'sari@example.com' } },
    ],
    errors: [],
  },
  {
    file: 'windows-1252.csv',
    format: 'csv',
    encoding: 'windows-1252',
    customers: [
      { phone: '+6281234567001', name: 'José Ramírez', tags: ['pelanggan'], attributes: {} },
      { phone: '+6281234567002', name: 'François €uro', tags: ['pelanggan', 'vip'], attributes: {} },
    ],
    errors: [],
  },
  {
    file: 'utf16.txt',
    format: 'csv',
    encoding: 'utf-16le',
    customers: [
      { phone: '+6281234567101', name: 'Zoë Ñoño', tags: ['vip'], attributes: {} },
      { phone: '+6281234567102', name: '王小明', tags: ['pelanggan'], attributes: {} },
    ],
    errors: [],
  },
];

describe('contacts files from address books, phones and spreadsheets', () => {
  it.each(CASES)('$file imports with exact counts, names, numbers and tags, and again changes nothing', async (c) => {
    const { store, customers } = await setup();
    const phones = c.customers.map((x) => x.phone);
    const report = await customers.importCsv(fixture(c.file), actor);
    expect(report).toEqual({
      created: c.customers.length,
      updated: 0,
      unchanged: 0,
      rejected: c.errors.length,
      errors: c.errors,
      phones,
      format: c.format,
      encoding: c.encoding,
      lostCharacters: { count: 0, lines: [] },
    });
    const stored = await store.customers.findByPhones(phones);
    const byPhone = new Map(stored.map((s) => [s.phone, s]));
    for (const expected of c.customers) expect(byPhone.get(expected.phone), expected.phone).toMatchObject(expected);
    expect(await store.customers.count()).toBe(c.customers.length);

    const again = await customers.importCsv(fixture(c.file), actor);
    expect(again).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: c.customers.length,
      rejected: c.errors.length,
      phones,
    });
    expect(again.errors).toEqual(c.errors);
    const after = new Map((await store.customers.findByPhones(phones)).map((s) => [s.phone, s]));
    for (const before of stored) expect(after.get(before.phone)).toEqual(before);
  });
});
