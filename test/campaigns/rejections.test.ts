import { describe, expect, it } from 'vitest';
import { checkCompose, readCompose } from '../../src/bots/slack/modal.js';
import { normalizePhone, parsePhoneList, rejectionText } from '../../src/campaigns/phone.js';
import { mapColumns, readRow } from '../../src/campaigns/customers/columns.js';
import { t } from '../../src/i18n/index.js';
import '../../src/i18n/customers.js';
import { composeValues } from '../bots/slack/slack-client.js';

const reasonOf = (raw: string) => {
  const result = normalizePhone(raw, 'ID');
  if (result.ok) throw new Error(`${raw} was accepted`);
  return result.reason;
};

describe('why a number is refused, in the reader’s language', () => {
  it('gives codes that read as Indonesian or English', () => {
    expect(reasonOf('12345')).toBe('invalid');
    expect(rejectionText('id', reasonOf('12345'))).toBe('bukan nomor yang valid');
    expect(rejectionText('en', reasonOf('12345'))).toBe('not a valid number');
    expect(rejectionText('id', reasonOf('0812xx'))).toBe('berisi huruf');
    expect(rejectionText('id', reasonOf('021-555-1234'))).toBe('nomor telepon rumah tidak bisa punya WhatsApp');
    expect(rejectionText('id', reasonOf(''))).toBe('kosong');
  });

  it('words /optout with a bad number entirely in Indonesian', () => {
    const text = t('id', 'customers.error.invalid_phone', { phone: '12345', reason: reasonOf('12345') });
    expect(text).toBe('"12345" bukan nomor telepon yang bisa dipakai (bukan nomor yang valid). Tulis seperti 0812-3456-7890 atau +62 812 3456 7890.');
  });

  it('translates CSV rejections, numbers included', () => {
    const columns = mapColumns(['name', 'phone']);
    if (!columns) throw new Error('no phone column');
    const row = readRow(columns, ['A', '0812', 'x'], 'ID');
    expect(row).toMatchObject({ kind: 'rejected' });
    const reason = row.kind === 'rejected' ? row.reason : '';
    expect(rejectionText('id', reason)).toBe('berisi 3 kolom padahal header punya 2 (nilai yang memuat koma perlu tanda kutip)');
    expect(rejectionText('en', reason)).toBe('has 3 fields but the header has 2 (a value with a comma needs quotes)');
    expect(rejectionText('id', 'no_phone')).toBe('tidak ada nomor telepon');
    expect(rejectionText('id', 'something else')).toBe('something else');
  });

  it('lists pasted numbers in the Slack modal in Indonesian', () => {
    const values = readCompose(composeValues({ title: 'T', kind: 'phones', phones: '+6281234567890\n12345', message: 'Hi' }) as never);
    const result = checkCompose(values, 'id', 'ID', true);
    const phones = 'errors' in result ? (result.errors.phones ?? '') : '';
    expect(phones.split('\n')[0]).toBe('Baris 2: "12345" — bukan nomor yang valid');
    expect(parsePhoneList('abc', 'ID').invalid[0]?.reason).toBe('letters');
  });
});
