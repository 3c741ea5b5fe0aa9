/** A CSV document sent to the bot, imported with the same rules as `broadcast-bot customers import`. */
import { rm } from 'node:fs/promises';
import type { ImportReport } from '../../campaigns/api.js';
import { rejectionText } from '../../campaigns/phone.js';
import type { Actor, Locale } from '../../campaigns/types.js';
import { formatNumber, t } from '../../i18n/index.js';
import type { TelegramDeps } from './deps.js';
import { downloadFile } from './files.js';

const LISTED_ERRORS = 20;

/** Downloads the document, imports it (customers are created or updated) and removes the download. */
export async function importCsvDocument(
  deps: TelegramDeps,
  document: { fileId: string; fileName: string },
  actor: Actor,
): Promise<ImportReport> {
  const path = await downloadFile(deps.api, deps.app.config, document.fileId, 'imports', document.fileName);
  try {
    return await deps.app.customers.importCsv(path, actor);
  } finally {
    await rm(path, { force: true });
  }
}

/** "📥 Import finished: 10 new, 2 updated, 0 unchanged, 1 rejected." and the rejected lines. */
export function importReportText(report: ImportReport, locale: Locale): string {
  const n = (v: number) => formatNumber(locale, v);
  const lines = [
    t(locale, 'tg.import.done', {
      created: n(report.created),
      updated: n(report.updated),
      unchanged: n(report.unchanged),
      rejected: n(report.rejected),
    }),
  ];
  for (const error of report.errors.slice(0, LISTED_ERRORS)) {
    lines.push(t(locale, 'tg.import.rejectedRow', { row: error.row, value: error.value, reason: rejectionText(locale, error.reason) }));
  }
  if (report.errors.length > LISTED_ERRORS)
    lines.push(t(locale, 'tg.more', { count: n(report.errors.length - LISTED_ERRORS) }));
  return lines.join('\n');
}
