/**
 * A contact as address books export it (Google, Outlook, vCard): a name, several numbers with their types,
 * groups. This is where such a contact becomes one customer: which of its numbers WhatsApp gets, and which
 * of its groups become tags.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { normalizePhone, phoneLibrary } from '../phone.js';
import { normalizeTag, type RowResult } from './columns.js';

export interface ContactNumber {
  /** The number as written ("0813 1111 2222", "tel:+62-813-1111-2222"). */
  value: string;
  /** The address book typed it as a mobile ("Mobile", TYPE=CELL, "Mobile Phone"). */
  mobile: boolean;
}

export interface Contact {
  name: string | null;
  numbers: ContactNumber[];
  /** Group or category names as written (system groups are dropped by contactRow). */
  groups: string[];
  attributes: Record<string, string>;
}

/**
 * Google's own groups ("* myContacts", "* starred", "* friends"…) say nothing about a customer: exports mark
 * them with `* `; "myContacts" and "starred" also appear bare, and "Imported on 1/2/2024" labels are Google's.
 */
const SYSTEM_GROUPS = new Set(['mycontacts', 'starred']);

/** Tags of a contact's groups: normalized, without Google's system groups and duplicates. */
export function groupTags(groups: string[]): string[] {
  const tags = new Set<string>();
  for (const group of groups) {
    const text = group.trim();
    if (text === '' || text.startsWith('*')) continue;
    const tag = normalizeTag(text);
    if (SYSTEM_GROUPS.has(tag) || tag.startsWith('imported on ')) continue;
    tags.add(tag);
  }
  return [...tags];
}

/**
 * Turns a contact into a customer row with its WhatsApp number: the first number typed as mobile that is
 * usable, else the first that libphonenumber-js knows as a mobile number, else the first usable one at all
 * (the same numbers our own CSV accepts). A contact with no usable number is rejected, saying why.
 */
export function contactRow(contact: Contact, country: string): RowResult {
  const label = contact.name ?? contact.numbers[0]?.value ?? '';
  if (contact.numbers.length === 0) return { kind: 'rejected', value: label, reason: 'no phone number' };
  const usable: { phone: string; typedMobile: boolean }[] = [];
  let firstProblem: string | null = null;
  for (const number of contact.numbers) {
    const result = normalizePhone(number.value, country);
    if (result.ok) usable.push({ phone: result.phone, typedMobile: number.mobile });
    else firstProblem ??= `${number.value.trim()}: ${result.reason}`;
  }
  const chosen = usable.find((n) => n.typedMobile) ?? usable.find((n) => isMobile(n.phone)) ?? usable[0];
  if (chosen === undefined) {
    return { kind: 'rejected', value: label, reason: `no usable phone number (${firstProblem ?? 'none'})` };
  }
  return {
    kind: 'customer',
    row: { phone: chosen.phone, name: contact.name, tags: groupTags(contact.groups), attributes: contact.attributes },
  };
}

/** libphonenumber-js's word on an E.164 number: mobile (or "fixed line or mobile", as some countries number). */
function isMobile(e164: string): boolean {
  const type = phoneLibrary().parsePhoneNumberWithError(e164, 'ID' as CountryCode).getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** "Mobile", "Cell", "Mobile Phone", "Handphone"/"HP" (as Indonesian phones label it). */
export function isMobileType(type: string): boolean {
  return /\b(mobile|cell|cellular|handphone|hp|ponsel|seluler)\b/i.test(type);
}

/** Joins name parts that are present ("Budi", null, "Santoso" → "Budi Santoso"); null when none is. */
export function joinName(...parts: (string | undefined | null)[]): string | null {
  const name = parts
    .map((part) => (part ?? '').trim())
    .filter(Boolean)
    .join(' ');
  return name === '' ? null : name;
}
