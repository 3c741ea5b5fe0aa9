/**
 * What the columns of a customer CSV mean: which one holds the phone, the name and the tags, and which become
 * free attributes (template variables). Also how one row becomes a customer, and how duplicates merge.
 */
import { normalizePhone, rejection } from '../phone.js';

/** Header names accepted for the phone column, in order of preference. */
export const PHONE_COLUMNS = ['phone', 'nomor', 'no_hp', 'whatsapp', 'telepon', 'hp'] as const;
export const NAME_COLUMNS = ['name', 'nama'] as const;
export const TAG_COLUMNS = ['tags', 'tag'] as const;

export interface ColumnMap {
  phone: number;
  name: number | null;
  tags: number | null;
  attributes: { index: number; key: string }[];
  /** The header cells as written (trimmed), for messages. */
  headers: string[];
}

/** One accepted row: the phone in E.164, the other fields trimmed, empty ones left out. */
export interface CustomerRow {
  phone: string;
  name: string | null;
  tags: string[];
  attributes: Record<string, string>;
}

export type RowResult =
  | { kind: 'customer'; row: CustomerRow }
  | { kind: 'rejected'; value: string; reason: string }
  /** Every cell empty (a spreadsheet's trailing `,,,` line): not a customer and not an error. */
  | { kind: 'blank' };

/** Lower-cases a header and joins its words with `_` ("No. HP" → "no_hp"), for matching the known names. */
function matchKey(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s.\-/]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The attribute key of a header: lower-cased, spaces to `_` (usable as a template variable). */
export function attributeKey(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, '_');
}

/** Maps the header row to columns; returns null when no phone column is there. */
export function mapColumns(header: string[]): ColumnMap | null {
  const keys = header.map(matchKey);
  const find = (names: readonly string[]): number | null => {
    for (const name of names) {
      const index = keys.indexOf(name);
      if (index !== -1) return index;
    }
    return null;
  };
  const phone = find(PHONE_COLUMNS);
  if (phone === null) return null;
  const name = find(NAME_COLUMNS);
  const tags = find(TAG_COLUMNS);
  const attributes: ColumnMap['attributes'] = [];
  header.forEach((cell, index) => {
    const key = attributeKey(cell);
    if (index !== phone && index !== name && index !== tags && key !== '') attributes.push({ index, key });
  });
  return { phone, name, tags, attributes, headers: header.map((h) => h.trim()) };
}

/** A tag as every surface matches it: trimmed and lower-cased ("VIP " and "vip" are one tag). */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase();
}

/** Splits a tags cell on `;`, `|` or `,` (the latter inside a quoted field), normalized and without duplicates. */
export function splitTags(cell: string): string[] {
  return [...new Set(cell.split(/[;|,]/).map(normalizeTag).filter(Boolean))];
}

/** Reads one data row; `country` is the default for numbers written without a country code. */
export function readRow(columns: ColumnMap, cells: string[], country: string): RowResult {
  // Line breaks inside quoted cells come as the file wrote them; keep one form (\n) for messages.
  const at = (index: number | null): string =>
    index === null ? '' : (cells[index] ?? '').trim().replace(/\r\n?/g, '\n');
  if (cells.every((cell) => cell.trim() === '')) return { kind: 'blank' };
  const rawPhone = at(columns.phone);
  if (cells.length > columns.headers.length && cells.slice(columns.headers.length).some((c) => c.trim() !== '')) {
    return {
      kind: 'rejected',
      value: rawPhone,
      reason: rejection('field_count', { fields: cells.length, header: columns.headers.length }),
    };
  }
  if (rawPhone === '') return { kind: 'rejected', value: '', reason: rejection('no_phone') };
  const phone = normalizePhone(rawPhone, country);
  if (!phone.ok) return { kind: 'rejected', value: rawPhone, reason: phone.reason };
  const attributes: Record<string, string> = {};
  for (const { index, key } of columns.attributes) {
    const value = at(index);
    if (value !== '') attributes[key] = value;
  }
  return {
    kind: 'customer',
    row: { phone: phone.phone, name: at(columns.name) || null, tags: splitTags(at(columns.tags)), attributes },
  };
}

/**
 * Merges a later row (or a later state) into an earlier one: its non-empty fields win, attributes key by key,
 * and tags add up. Used for duplicates within a file and for applying a row to a stored customer.
 */
export function mergeRows(earlier: CustomerRow, later: CustomerRow): CustomerRow {
  return {
    phone: earlier.phone,
    name: later.name ?? earlier.name,
    tags: [...new Set([...earlier.tags, ...later.tags])],
    attributes: { ...earlier.attributes, ...later.attributes },
  };
}

/** A canonical text of what an import can change, so "unchanged" ignores tag order and duplicates. */
export function fingerprint(row: Pick<CustomerRow, 'name' | 'tags' | 'attributes'>): string {
  const attributes = Object.entries(row.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([row.name, [...new Set(row.tags)].sort(), attributes]);
}
