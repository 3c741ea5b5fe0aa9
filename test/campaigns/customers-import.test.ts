import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerUseCases } from '../../src/campaigns/use-cases.js';
import { createCustomerUseCases, CsvImportError, CustomerNotFoundError } from '../../src/campaigns/customers/use-cases.js';
import { importCustomerCsv } from '../../src/campaigns/customers/csv-import.js';
import { NotFoundError, ValidationError } from '../../src/campaigns/errors.js';
import type { Store } from '../../src/campaigns/ports.js';
import type { Actor } from '../../src/campaigns/types.js';
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

async function setup(env: Record<string, string> = {}): Promise<{ store: Store; customers: CustomerUseCases }> {
  const config = loadConfig({ DATA_DIR: tempDir(), ...env });
  const store = await openStore(config, silentLogger());
  stores.push(store);
  return { store, customers: createCustomerUseCases({ store, config, logger: silentLogger() }) };
}

const MESSY_ERRORS = [
  { row: 6, value: '0812xx', reason: 'letters' },
  { row: 9, value: '0812', reason: 'invalid' },
  { row: 10, value: '021-555-1234', reason: 'landline' },
  { row: 13, value: '', reason: 'no_phone' },
  { row: 15, value: '0878 1234 5678', reason: 'field_count|fields=6|header=5' },
];
/** What a plain UTF-8 file of our own columns reports besides its counts. */
const AS_UTF8_CSV = { format: 'csv', encoding: 'utf-8', lostCharacters: { count: 0, lines: [] } } as const;
const MESSY_PHONES = ['+6281234567890', '+6281311112222', '+6285700001111', '+6281322223333'];

describe('customer CSV import', () => {
  it('imports the messy fixture with exact counts, row-numbered errors, merged duplicates and attributes', async () => {
    const { store, customers } = await setup();
    const report = await customers.importCsv(fixture('messy.csv'), actor);
    expect(report).toEqual({
      created: 4,
      updated: 0,
      unchanged: 0,
      rejected: 5,
      errors: MESSY_ERRORS,
      phones: MESSY_PHONES,
      ...AS_UTF8_CSV,
    });

    const byPhone = new Map((await store.customers.findByPhones(MESSY_PHONES)).map((c) => [c.phone, c]));
    expect(byPhone.get('+6281234567890')).toMatchObject({
      name: 'Budi S.',
      tags: ['jakarta', 'pelanggan', 'vip'],
      attributes: { kota: 'Jakarta', catatan_khusus: 'Lebih suka pagi' },
      optedOut: false,
    });
    expect(byPhone.get('+6281311112222')).toMatchObject({
      name: 'Siti, Aisyah',
      tags: ['reseller', 'vip'],
      attributes: { kota: 'Bandung', catatan_khusus: 'Alamat:\nJl. Merdeka 1' },
    });
    expect(byPhone.get('+6285700001111')).toMatchObject({ name: 'Fajar', tags: ['vip'], attributes: { kota: 'Surabaya' } });
    expect(byPhone.get('+6281322223333')).toMatchObject({
      name: 'Dewi',
      tags: ['baru'],
      attributes: { kota: 'Bogor', catatan_khusus: 'Catatan dengan "kutip" dan koma, ya' },
    });
    expect(await store.customers.count()).toBe(4);

    const [audit] = await store.audit.list({ action: 'customers.import' });
    expect(audit).toMatchObject({ actor, target: 'messy.csv', outcome: 'ok' });
    expect(JSON.parse(audit?.detail ?? '{}')).toEqual({ created: 4, updated: 0, unchanged: 0, rejected: 5 });
  });

  it('reports 0 new and 0 updated when the same file is imported again', async () => {
    const { customers } = await setup();
    await customers.importCsv(fixture('messy.csv'), actor);
    const again = await customers.importCsv(fixture('messy.csv'), actor);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 5, phones: MESSY_PHONES });
    expect(again.errors).toEqual(MESSY_ERRORS);
  });

  it('gives the same result when duplicates fall into different batches, first and again', async () => {
    const { store } = await setup();
    const run = () => importCustomerCsv(createReadStream(fixture('messy.csv')), store.customers, { country: 'ID', batchSize: 2 });
    expect(await run()).toMatchObject({ created: 4, updated: 0, unchanged: 0, rejected: 5, errors: MESSY_ERRORS, phones: MESSY_PHONES });
    expect(await run()).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 5 });
    expect(await store.customers.findByPhone('+6281234567890')).toMatchObject({
      name: 'Budi S.',
      tags: ['jakarta', 'pelanggan', 'vip'],
      attributes: { kota: 'Jakarta', catatan_khusus: 'Lebih suka pagi' },
    });
  });

  it('counts a customer changed by one batch and restored by a later duplicate as unchanged', async () => {
    const { store } = await setup();
    await store.customers.upsertMany([{ phone: '+6281234567890', name: 'Budi S.', tags: ['vip'], attributes: {} }]);
    const csv = 'phone,name\n0812-3456-7890,Budi\n0813-1111-2222,Siti\n0812-3456-7890,Budi S.\n';
    const report = await importCustomerCsv(Readable.from([csv]), store.customers, { country: 'ID', batchSize: 1 });
    expect(report).toMatchObject({ created: 1, updated: 0, unchanged: 1 });
    const changed = 'phone,name\n0812-3456-7890,Budi\n0813-1111-2222,Siti\n0812-3456-7890,Budi Santoso\n';
    expect(await importCustomerCsv(Readable.from([changed]), store.customers, { country: 'ID', batchSize: 1 })).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 1,
    });
    expect((await store.customers.findByPhone('+6281234567890'))?.name).toBe('Budi Santoso');
  });

  it('updates known customers: non-empty cells win, empty cells keep, tags are added', async () => {
    const { store, customers } = await setup();
    await customers.importCsv(fixture('messy.csv'), actor);
    const report = await customers.importCsv(fixture('update.csv'), actor);
    expect(report).toEqual({
      created: 1,
      updated: 1,
      unchanged: 2,
      rejected: 0,
      errors: [],
      phones: ['+6281234567890', '+6281311112222', '+6289912345678', '+6285700001111'],
      ...AS_UTF8_CSV,
    });
    expect(await store.customers.findByPhone('+6281311112222')).toMatchObject({
      name: 'Siti A.',
      tags: ['reseller', 'vip'],
      attributes: { kota: 'Bandung', catatan_khusus: 'Alamat:\nJl. Merdeka 1' },
    });
    expect(await store.customers.findByPhone('+6289912345678')).toMatchObject({ name: 'Joko', tags: ['baru'], attributes: { kota: 'Solo' } });
  });

  it('reads the ";" variant with a quoted line break and counts its lines', async () => {
    const { store, customers } = await setup();
    const report = await customers.importCsv(fixture('semicolon.csv'), actor);
    expect(report).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      errors: [
        { row: 4, value: '0812', reason: 'invalid' },
        { row: 7, value: 'abc', reason: 'letters' },
      ],
      phones: ['+6281234567890', '+6281311112222', '+6285677778888'],
      ...AS_UTF8_CSV,
    });
    expect(await store.customers.findByPhone('+6281234567890')).toMatchObject({ name: 'Budi', tags: ['jakarta', 'vip'] });
    expect(await store.customers.findByPhone('+6281311112222')).toMatchObject({ name: 'Siti, Aisyah', tags: ['reseller', 'vip'] });
    expect(await store.customers.findByPhone('+6285677778888')).toMatchObject({ name: 'Multi\nLine', tags: [] });
  });

  it('normalizes numbers with DEFAULT_COUNTRY', async () => {
    const { customers } = await setup({ DEFAULT_COUNTRY: 'US' });
    const report = await customers.importCsv(Readable.from(['phone\n(415) 555-2671\n0812-3456-7890\n']), actor);
    expect(report.phones).toEqual(['+14155552671']);
    expect(report.errors).toEqual([{ row: 3, value: '0812-3456-7890', reason: 'invalid' }]);
  });

  it('refuses a file without a phone column, naming the accepted columns, and stores nothing', async () => {
    const { store, customers } = await setup();
    const error = await customers.importCsv(fixture('no-phone.csv'), actor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvImportError);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as CsvImportError).code).toBe('csv_no_phone_column');
    expect((error as Error).message).toContain('phone, nomor, no_hp, whatsapp, telepon, hp');
    expect((error as Error).message).toContain('Columns found: name, email');
    expect(await store.customers.count({ includeOptedOut: true })).toBe(0);
    const [audit] = await store.audit.list({ action: 'customers.import' });
    expect(audit).toMatchObject({ outcome: 'error', target: 'no-phone.csv' });
  });

  it('refuses an empty file and a missing file with a ValidationError that says why', async () => {
    const { customers } = await setup();
    const empty = await customers.importCsv(Readable.from([]), actor).catch((e: unknown) => e);
    expect((empty as CsvImportError).code).toBe('csv_no_phone_column');
    expect((empty as Error).message).toContain('The file is empty');
    const missing = await customers.importCsv(fixture('nope.csv'), actor).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CsvImportError);
    expect((missing as CsvImportError).code).toBe('csv_unreadable');
    expect((missing as Error).message).toMatch(/nope\.csv: there is no such file/);
    const folder = await customers.importCsv(tempDir(), actor).catch((e: unknown) => e);
    expect((folder as Error).message).toMatch(/it is a folder, not a file/);
  });

  it('stops at malformed CSV, keeping the rows before it, and says where', async () => {
    const { store, customers } = await setup();
    const csv = 'phone,note\r\n0812-3456-7890,"two\r\nlines"\r\n0813-1111-2222,"never closed\r\n0856-7777-8888,x\r\n';
    const error = await customers.importCsv(Readable.from([csv]), actor).catch((e: unknown) => e);
    expect((error as CsvImportError).code).toBe('csv_malformed');
    expect((error as CsvImportError).params).toMatchObject({ line: 4 });
    expect((error as Error).message).toContain('Rows before that line were imported');
    expect((await store.customers.list()).map((c) => [c.phone, c.attributes])).toEqual([['+6281234567890', { note: 'two\nlines' }]]);
  });
});

describe('customer use cases', () => {
  it('opts a customer out by any written form of the number, audits it, and refuses unknown numbers', async () => {
    const { store, customers } = await setup();
    await customers.importCsv(fixture('messy.csv'), actor);
    const customer = await customers.optOut('0812 3456 7890', actor);
    expect(customer).toMatchObject({ phone: '+6281234567890', optedOut: true });
    expect(customer.optedOutAt).toBeInstanceOf(Date);
    expect(await customers.count()).toBe(3);
    expect((await customers.list()).map((c) => [c.phone, c.optedOut])).toContainEqual(['+6281234567890', true]);
    expect(await store.audit.list({ action: 'customers.optout' })).toMatchObject([{ target: '+6281234567890', outcome: 'ok' }]);

    const unknown = await customers.optOut('+62 899 1234 5678', actor).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown).toBeInstanceOf(CustomerNotFoundError);
    expect((unknown as CustomerNotFoundError).messageKey).toBe('customers.error.not_found');
    expect((await store.audit.list({ action: 'customers.optout' }))[0]).toMatchObject({ target: '+6289912345678', outcome: 'refused' });

    const invalid = await customers.optOut('12ab', actor).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).code).toBe('invalid_phone');
  });

  it('lists, counts and tags by tag, matching tags regardless of case', async () => {
    const { customers } = await setup();
    await customers.importCsv(fixture('messy.csv'), actor);
    expect((await customers.list({ tag: 'VIP' })).map((c) => c.phone).sort()).toEqual([
      '+6281234567890',
      '+6281311112222',
      '+6285700001111',
    ]);
    expect(await customers.count({ tag: ' vip ' })).toBe(3);
    expect(await customers.count()).toBe(4);
    expect((await customers.list({ limit: 2 })).length).toBe(2);
    await customers.optOut('+6285700001111', actor);
    expect(await customers.tags()).toEqual([
      { tag: 'baru', count: 1, total: 1 },
      { tag: 'jakarta', count: 1, total: 1 },
      { tag: 'pelanggan', count: 1, total: 1 },
      { tag: 'reseller', count: 1, total: 1 },
      { tag: 'vip', count: 2, total: 3 },
    ]);
  });
});
