/** Contacts files sent to the Telegram bot: a .vcf captioned /import, a Windows-1252 CSV, the wizard's upload. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_CHAT, ADMIN_ID, press, say, startBotHarness, type BotHarness } from './harness.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/customers/${name}`, import.meta.url)));

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Telegram contacts import', () => {
  it('a .vcf captioned /import is imported; the summary names the format and the card without a number', async () => {
    h = await startBotHarness();
    const mark = h.fake.mark();
    h.fake.sendDocument(ADMIN, ADMIN_CHAT, {
      fileName: 'Kontak.vcf',
      mimeType: 'text/x-vcard',
      content: fixture('contacts-2.1.vcf'),
      caption: '/import',
    });
    const report = await h.fake.waitForMessage(ADMIN_CHAT.id, /Import finished/, mark);
    expect((report.text ?? '').split('\n')).toEqual([
      '📥 Import finished: 3 new, 0 updated, 0 unchanged, 1 rejected.',
      'Recognised as vCard (.vcf).',
      'Card 3 (line 15): “Tanpa Nomor” — no phone number',
    ]);
    expect(await h.test.app.store.customers.findByPhone('+6281322224444')).toMatchObject({ name: 'José Ramos' });
  });

  it('a Windows-1252 CSV: the summary says so in the user language, and names keep their accents', async () => {
    h = await startBotHarness();
    const chat = { id: ADMIN_ID.id, type: 'private' as const };
    const mark = h.fake.mark();
    h.fake.sendDocument(ADMIN_ID, chat, {
      fileName: 'excel.csv',
      mimeType: 'text/csv',
      content: fixture('windows-1252.csv'),
      caption: '/import',
    });
    const report = await h.fake.waitForMessage(chat.id, /Impor selesai/, mark);
    expect((report.text ?? '').split('\n')).toEqual([
      '📥 Impor selesai: 2 baru, 0 diperbarui, 0 tetap, 0 ditolak.',
      'Dibaca sebagai Windows-1252 (file bukan UTF-8): periksa apakah nama tampil benar.',
    ]);
    expect(await h.test.app.store.customers.findByPhone('+6281234567002')).toMatchObject({ name: 'François €uro' });
  });

  it('the wizard\'s "Upload contacts" takes a .vcf and its numbers become the audience', async () => {
    h = await startBotHarness();
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Dari vCard', /step 2\/4/i);
    await press(h, ADMIN, ADMIN_CHAT, step2, /Upload contacts/, /Send the contacts file/);
    const mark = h.fake.mark();
    h.fake.sendDocument(ADMIN, ADMIN_CHAT, {
      fileName: 'iphone.vcf',
      mimeType: 'text/vcard',
      content: fixture('contacts-3.0.vcf'),
    });
    const report = await h.fake.waitForMessage(ADMIN_CHAT.id, /Import finished/, mark);
    expect(report.text).toContain('📥 Import finished: 2 new, 0 updated, 0 unchanged, 1 rejected.');
    expect(report.text).toContain(
      'Card 3 (line 22): “Kantor Cabang” — no usable phone number (021 555 7777: a landline cannot have WhatsApp)',
    );
    await h.fake.waitForMessage(ADMIN_CHAT.id, /step 3\/4/i, mark);
    const preview = await say(h, ADMIN, ADMIN_CHAT, 'Halo {{name}}', /Preview of 'Dari vCard'/);
    expect(preview.text).toContain('2 numbers from the file');
  });
});
