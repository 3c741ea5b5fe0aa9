import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js/max';
import { t } from '../i18n/index.js';
import type { Locale } from './types.js';

type PhoneLibrary = typeof import('libphonenumber-js/max');
let library: PhoneLibrary | undefined;

/**
 * libphonenumber-js with its full metadata, loaded on the first number parsed: it takes a few hundred ms to load,
 * which commands that never read a number (`customers count`, `campaigns list`) should not pay.
 */
export function phoneLibrary(): PhoneLibrary {
  library ??= createRequire(import.meta.url)('libphonenumber-js/max') as PhoneLibrary;
  return library;
}

/** Why a written number was refused: a code, shown in the reader's language by `rejectionText`. */
export type PhoneRejection =
  | 'empty'
  | 'letters'
  | 'invalid'
  | 'landline'
  | 'unknown_country'
  | 'not_a_number'
  | 'too_short'
  | 'too_long'
  | 'wrong_length';

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: PhoneRejection };

/**
 * Writes a rejection code with its numbers for `rejectionText`, e.g. `rejection('field_count', { fields: 6, header: 5 })`
 * → "field_count|fields=6|header=5". Codes travel through stores and error files; words are chosen when shown.
 */
export function rejection(code: string, params: Record<string, number> = {}): string {
  return [code, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)].join('|');
}

/**
 * A rejection code (from `normalizePhone`, `rejection` or an import) in the reader's language; text that is no
 * code we know is shown as it is.
 * @example rejectionText('id', 'letters') // "berisi huruf"
 */
export function rejectionText(locale: Locale, reason: string): string {
  const [code = '', ...pairs] = reason.split('|');
  const key = `rejection.${code}`;
  const params = Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]));
  const text = t(locale, key, params);
  return text === key ? reason : text;
}

/**
 * Longest text read as one phone number ("tel:+62 812-3456-7890 ext. 123" is about 30). Longer text is refused
 * before any regex runs: the extension pattern below backtracks quadratically over long runs of spaces.
 */
const MAX_PHONE_TEXT = 64;

/**
 * Normalizes a phone number as people write it ("0812-3456-7890", "+62 812…", "62812…") to E.164,
 * using `country` for numbers without a country code.
 * @example normalizePhone('0812-3456-7890', 'ID') // { ok: true, phone: '+6281234567890' }
 */
export function normalizePhone(raw: string, country: string): PhoneResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_PHONE_TEXT) return { ok: false, reason: 'too_long' };
  if (/[a-z]/i.test(text.replace(/^tel:/i, '').replace(/\s*(ext|x)\.?\s*\d+$/i, ''))) {
    return { ok: false, reason: 'letters' };
  }
  let candidate = text.replace(/^tel:/i, '');
  const digits = candidate.replace(/\D/g, '');
  // "62812…" written without "+": treat a leading country calling code as international when it parses so.
  if (!candidate.startsWith('+') && !candidate.startsWith('0') && digits.length >= 10) {
    const international = tryParse(`+${digits}`, country);
    if (international.ok) return international;
  }
  if (candidate.startsWith('00')) candidate = `+${candidate.slice(2)}`;
  return tryParse(candidate, country);
}

function tryParse(text: string, country: string): PhoneResult {
  try {
    const parsed = phoneLibrary().parsePhoneNumberWithError(text, country as CountryCode);
    if (!parsed.isValid()) return { ok: false, reason: 'invalid' };
    const type = parsed.getType();
    if (type === 'FIXED_LINE') return { ok: false, reason: 'landline' };
    return { ok: true, phone: parsed.number };
  } catch (error) {
    if (error instanceof phoneLibrary().ParseError) {
      const reasons: Record<string, PhoneRejection> = {
        INVALID_COUNTRY: 'unknown_country',
        NOT_A_NUMBER: 'not_a_number',
        TOO_SHORT: 'too_short',
        TOO_LONG: 'too_long',
        INVALID_LENGTH: 'wrong_length',
      };
      return { ok: false, reason: reasons[error.message] ?? 'invalid' };
    }
    throw error;
  }
}

export interface PhoneListResult {
  phones: string[];
  invalid: { line: number; value: string; reason: PhoneRejection }[];
  duplicates: number;
}

/**
 * Parses pasted numbers (one per line, or separated by commas / semicolons) into unique E.164 numbers,
 * listing the invalid ones with their line number.
 */
export function parsePhoneList(text: string, country: string): PhoneListResult {
  const phones: string[] = [];
  const seen = new Set<string>();
  const invalid: PhoneListResult['invalid'] = [];
  let duplicates = 0;
  text.split(/\r?\n/).forEach((lineText, index) => {
    for (const part of lineText.split(/[,;]/)) {
      const value = part.trim();
      if (value === '') continue;
      const result = normalizePhone(value, country);
      if (!result.ok) invalid.push({ line: index + 1, value, reason: result.reason });
      else if (seen.has(result.phone)) duplicates++;
      else {
        seen.add(result.phone);
        phones.push(result.phone);
      }
    }
  });
  return { phones, invalid, duplicates };
}
