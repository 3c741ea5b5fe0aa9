/**
 * The CSV exports of address books, recognised by their header: Google Contacts ("Google CSV": `Phone 1 -
 * Type`, `Phone 1 - Value`, …, `Group Membership` or `Labels`, several values in one cell joined by ` ::: `)
 * and Outlook (`First Name`, `Last Name`, `Mobile Phone`, `Business Phone`, `Home Phone`, `Categories`).
 * Each row becomes a Contact; contactRow picks its WhatsApp number.
 */
import { contactRow, isMobileType, joinName, type Contact, type ContactNumber } from './contact.js';
import type { RowResult } from './columns.js';

export type AddressBookFormat = 'google_csv' | 'outlook_csv';

/** Reads the data rows of one recognised export. */
export interface AddressBookColumns {
  format: AddressBookFormat;
  read(cells: string[], country: string): RowResult;
}

/** Google joins several values of one field in a cell with this. */
const GOOGLE_SEPARATOR = /\s*:::\s*/;

/** The columns of a Google or Outlook export, or null when the header is neither. */
export function mapAddressBookColumns(header: string[]): AddressBookColumns | null {
  const keys = header.map((cell) => cell.trim().toLowerCase());
  return googleColumns(keys) ?? outlookColumns(keys);
}

function finder(keys: string[]) {
  return (...names: string[]): number | null => {
    for (const name of names) {
      const index = keys.indexOf(name);
      if (index !== -1) return index;
    }
    return null;
  };
}

function cellAt(cells: string[], index: number | null): string {
  return index === null ? '' : (cells[index] ?? '').trim();
}

function googleColumns(keys: string[]): AddressBookColumns | null {
  const phones: { type: number | null; value: number }[] = [];
  keys.forEach((key, index) => {
    const match = /^phone (\d+) - value$/.exec(key);
    if (!match) return;
    const type = keys.findIndex((k) => k === `phone ${match[1]} - type` || k === `phone ${match[1]} - label`);
    phones.push({ type: type === -1 ? null : type, value: index });
  });
  if (phones.length === 0) return null;
  const find = finder(keys);
  // Exports before 2024 have "Name, Given Name, Additional Name, Family Name"; newer ones "First Name, …".
  const name = find('name');
  const first = find('given name', 'first name');
  const middle = find('additional name', 'middle name');
  const last = find('family name', 'last name');
  const fallbackName = find('nickname', 'file as', 'organization 1 - name', 'organization name');
  const groups = find('group membership', 'labels');
  const email = find('e-mail 1 - value');
  const company = find('organization 1 - name', 'organization name');
  return {
    format: 'google_csv',
    read(cells, country) {
      if (cells.every((cell) => cell.trim() === '')) return { kind: 'blank' };
      const at = (index: number | null) => cellAt(cells, index);
      const numbers: ContactNumber[] = [];
      for (const phone of phones) {
        const mobile = isMobileType(at(phone.type).replace(/^\*\s*/, ''));
        for (const value of at(phone.value).split(GOOGLE_SEPARATOR)) {
          if (value.trim() !== '') numbers.push({ value: value.trim(), mobile });
        }
      }
      const contact: Contact = {
        name: at(name) || joinName(at(first), at(middle), at(last)) || at(fallbackName) || null,
        numbers,
        groups: at(groups).split(GOOGLE_SEPARATOR),
        attributes: attributes({ email: at(email).split(GOOGLE_SEPARATOR)[0] ?? '', company: at(company) }),
      };
      return contactRow(contact, country);
    },
  };
}

/** Outlook's phone columns that can reach a person; faxes, pagers and telex cannot. */
const OUTLOOK_PHONES = [
  'mobile phone',
  'primary phone',
  'business phone',
  'business phone 2',
  'home phone',
  'home phone 2',
  'other phone',
  'car phone',
  'company main phone',
  "assistant's phone",
  'callback',
  'radio phone',
];

function outlookColumns(keys: string[]): AddressBookColumns | null {
  const find = finder(keys);
  const first = find('first name');
  const middle = find('middle name');
  const last = find('last name');
  const phones = OUTLOOK_PHONES.map((name) => ({ index: keys.indexOf(name), mobile: name === 'mobile phone' })).filter(
    (p) => p.index !== -1,
  );
  if (phones.length === 0 || (first === null && last === null)) return null;
  const fallbackName = find('nickname', 'company');
  const categories = find('categories');
  const email = find('e-mail address');
  const company = find('company');
  return {
    format: 'outlook_csv',
    read(cells, country) {
      if (cells.every((cell) => cell.trim() === '')) return { kind: 'blank' };
      const at = (index: number | null) => cellAt(cells, index);
      const numbers = phones.map((p) => ({ value: at(p.index), mobile: p.mobile })).filter((n) => n.value !== '');
      const contact: Contact = {
        name: joinName(at(first), at(middle), at(last)) ?? (at(fallbackName) || null),
        numbers,
        // Outlook separates categories with ";" (some versions with ",").
        groups: at(categories).split(/[;,]/),
        attributes: attributes({ email: at(email), company: at(company) }),
      };
      return contactRow(contact, country);
    },
  };
}

function attributes(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}
