/**
 * Writing CSV for people to open in a spreadsheet: RFC 4180 quoting, CRLF line ends, and OWASP's defence against
 * CSV (formula) injection, because customer-sourced values (names, attributes, rejected numbers, WhatsApp error
 * texts) reach the `--errors` file and every export.
 */

/** A cell a spreadsheet would read as a formula (or as the start of one, after a tab or CR). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (an E.164 phone, "-5", "+3.5") starts with + or - but cannot be a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * The cell as it is safe to write: a value starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so the
 * spreadsheet shows it as text instead of evaluating it; plain numbers are left alone.
 */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Formats one CSV row (RFC 4180 quoting, formula cells neutralised), ending with CRLF so spreadsheet apps open it cleanly. */
export function csvRow(values: string[]): string {
  return `${values
    .map(neutralizeCell)
    .map((v) => (/[",\r\n\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
    .join(',')}\r\n`;
}
