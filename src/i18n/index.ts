/**
 * One message catalogue for every surface, in Indonesian and English. Each area keeps its own file
 * (core, telegram, slack, whatsapp, schedules) and they are merged here; a key missing in one language
 * is a type error.
 */
import type { Locale } from '../campaigns/types.js';
import { core } from './core.js';
import { wording } from './wording.js';

export type Catalogue = Record<string, { id: string; en: string }>;

const catalogues: Catalogue[] = [core, wording];
const messages = new Map<string, { id: string; en: string }>();
for (const catalogue of catalogues) for (const [key, value] of Object.entries(catalogue)) messages.set(key, value);

/** Adds an area's catalogue (surfaces call this at import time). Later keys win. */
export function registerCatalogue(catalogue: Catalogue): void {
  for (const [key, value] of Object.entries(catalogue)) messages.set(key, value);
}

/**
 * Translates `key` with `{name}` placeholders filled from `params`. A placeholder `{name:area}` translates the
 * param's raw value as the key `area.<value>` (falling back to the value itself), so errors can carry machine
 * codes such as a status and still read naturally: `{status:state}` with `processing` → "sedang dikirim".
 * @example t('en', 'wording.completed.title') // "📢 WhatsApp Broadcast Finished"
 */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const entry = messages.get(key);
  if (!entry) return key;
  return entry[locale].replace(/\{(\w+)(?::(\w+))?\}/g, (match, name: string, area: string | undefined) => {
    const value = params[name];
    if (value === undefined) return match;
    if (!area) return String(value);
    const nestedKey = `${area}.${value}`;
    return messages.has(nestedKey) ? t(locale, nestedKey, params) : String(value);
  });
}

/** Picks the user's language when it is one we speak, else the configured default. */
export function pickLocale(userLanguage: string | undefined | null, fallback: Locale): Locale {
  const base = (userLanguage ?? '').toLowerCase().split(/[-_]/)[0];
  if (base === 'id' || base === 'in' || base === 'ms') return 'id';
  if (base === 'en') return 'en';
  return fallback;
}

/** Formats a number the way the locale writes it (1.234 in Indonesian, 1,234 in English). */
export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US').format(value);
}

/** Formats a duration as "1 j 5 m" / "1h 5m" / "45 d" / "45s"; a moment under half a second is "<1 d" / "<1s", not "0s". */
export function formatDuration(locale: Locale, ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total === 0 && ms > 0) return locale === 'id' ? '<1 d' : '<1s';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const u = locale === 'id' ? { h: ' j', m: ' m', s: ' d' } : { h: 'h', m: 'm', s: 's' };
  if (h > 0) return `${h}${u.h} ${m}${u.m}`;
  if (m > 0) return `${m}${u.m} ${s}${u.s}`;
  return `${s}${u.s}`;
}
