/** Formats one CSV row (RFC 4180 quoting), ending with CRLF so spreadsheet apps open it cleanly. */
export function csvRow(values: string[]): string {
  return `${values.map((v) => (/[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\r\n`;
}
