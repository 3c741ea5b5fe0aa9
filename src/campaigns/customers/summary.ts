/**
 * The import summary every chat surface shows, in the user's language: the counts, what the file was read as
 * (a Google/Outlook export, vCard, Windows-1252), lost characters, and the first rejected rows with reasons.
 */
import type { ImportReport } from '../use-cases.js';
import { rejectionText } from '../phone.js';
import type { Locale } from '../types.js';
import { formatNumber, t } from '../../i18n/index.js';
import '../../i18n/customers.js';

/** Rejected rows listed in a chat message; the rest are counted. */
export const LISTED_REJECTIONS = 20;

/** "📥 Import finished: 10 new, 2 updated, 0 unchanged, 1 rejected." then the notes and the rejected rows. */
export function renderImportSummary(report: ImportReport, locale: Locale): string {
  const n = (value: number) => formatNumber(locale, value);
  const lines = [
    t(locale, 'customers.import.summary', {
      created: n(report.created),
      updated: n(report.updated),
      unchanged: n(report.unchanged),
      rejected: n(report.rejected),
    }),
    ...importNotes(report, locale),
  ];
  for (const error of report.errors.slice(0, LISTED_REJECTIONS)) lines.push(rejectedText(error, locale));
  if (report.errors.length > LISTED_REJECTIONS) {
    lines.push(t(locale, 'customers.import.more', { count: n(report.errors.length - LISTED_REJECTIONS) }));
  }
  return lines.join('\n');
}

/** What the user should know about how the file was read (none for a plain UTF-8 CSV of our columns). */
export function importNotes(report: ImportReport, locale: Locale): string[] {
  const notes: string[] = [];
  if (report.format !== 'csv') {
    notes.push(t(locale, 'customers.import.format', { format: t(locale, `customers.format.${report.format}`) }));
  }
  if (report.encodingSwitchLine !== undefined) {
    notes.push(t(locale, 'customers.import.read_as_windows_1252_from', { line: report.encodingSwitchLine }));
  } else if (report.encoding === 'windows-1252') {
    notes.push(t(locale, 'customers.import.read_as_windows_1252'));
  }
  if (report.lostCharacters.count > 0) {
    notes.push(
      t(locale, 'customers.import.lost_characters', {
        count: formatNumber(locale, report.lostCharacters.count),
        lines:
          report.lostCharacters.lines.join(', ') +
          (report.lostCharacters.count > report.lostCharacters.lines.length ? ', …' : ''),
      }),
    );
  }
  return notes;
}

/** "Line 7: “0812xx” — contains letters" or, for a vCard, "Card 3 (line 15): “Rina” — no phone number". */
export function rejectedText(error: ImportReport['errors'][number], locale: Locale): string {
  const params = { row: error.row, value: error.value, reason: reasonText(error.reason, locale) };
  return error.card === undefined
    ? t(locale, 'customers.import.rejected_row', params)
    : t(locale, 'customers.import.rejected_card', { ...params, card: error.card });
}

/** The contact readers' own reasons (phone and CSV-shape reasons are codes, translated by `rejectionText`). */
const REASONS: Record<string, string> = {
  'no phone number': 'customers.reason.no_phone',
};

/**
 * A rejection reason in the user's language. Stored reasons are codes (`letters`, `field_count|…`) or the contact
 * readers' own phrases ("no phone number", "no usable phone number (…: code)"); both are translated here.
 */
export function reasonText(reason: string, locale: Locale): string {
  // Phone and CSV-shape rejections are codes (`letters`, `field_count|fields=6|header=5`) with their own texts.
  const coded = rejectionText(locale, reason);
  if (coded !== reason) return coded;
  const key = REASONS[reason];
  if (key) return t(locale, key);
  const usable = /^no usable phone number \((.*): ([^:]*)\)$/.exec(reason);
  if (usable)
    return t(locale, 'customers.reason.no_usable_phone', {
      detail: `${usable[1]}: ${reasonText(usable[2] ?? '', locale)}`,
    });
  return reason;
}
