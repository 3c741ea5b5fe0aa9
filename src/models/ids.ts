/**
 * Ids shared by both stores. Campaign and schedule ids are typed by hand in chat commands
 * (`/pause k7m2q9xa`), so they are short, lowercase and free of look-alike characters.
 * Recipients are not given ids here: each store uses an insertion-ordered key (SQLite's INTEGER
 * rowid; in MongoDB `<campaignId>-<12-digit sequence>` reserved on the campaign) so keyset paging follows insertion order.
 */
import { randomBytes } from 'node:crypto';

/** Lowercase letters and digits without 0/o, 1/l/i: 31 symbols that survive being read aloud or retyped. */
export const SHORT_ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Length of campaign and schedule ids: 31^8 ≈ 8.5e11 values, collisions are negligible and retried anyway. */
export const SHORT_ID_LENGTH = 8;

/** Matches a campaign or schedule id as a user would type it (after lower-casing). */
export const SHORT_ID_PATTERN = new RegExp(`^[${SHORT_ID_ALPHABET}]{${SHORT_ID_LENGTH}}$`);

/** A crypto-random string of `length` symbols from SHORT_ID_ALPHABET, uniformly distributed. */
export function randomId(length: number): string {
  // Rejection sampling keeps the distribution uniform: bytes >= 248 (8 * 31) would favour the first symbols.
  const limit = Math.floor(256 / SHORT_ID_ALPHABET.length) * SHORT_ID_ALPHABET.length;
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      out += SHORT_ID_ALPHABET[byte % SHORT_ID_ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A new campaign or schedule id, e.g. `k7m2q9xa`. */
export function newShortId(): string {
  return randomId(SHORT_ID_LENGTH);
}

/** A longer random id for records nobody types (16 symbols ≈ 79 bits). */
export function newLongId(): string {
  return randomId(16);
}

/** Whether `text` looks like a campaign or schedule id; accepts upper case as typed on phones. */
export function isShortId(text: string): boolean {
  return SHORT_ID_PATTERN.test(text.trim().toLowerCase());
}
