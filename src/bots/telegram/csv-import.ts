/**
 * A contacts document sent to the bot (CSV, Google Contacts/Outlook export, vCard), imported with the same
 * rules as `broadcast-bot customers import`.
 */
import { rm } from 'node:fs/promises';
import type { ImportReport } from '../../campaigns/use-cases.js';
import { renderImportSummary } from '../../campaigns/customers/summary.js';
import type { Actor, Locale } from '../../campaigns/types.js';
import type { TelegramDeps } from './deps.js';
import { downloadFile } from './files.js';

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

/** "📥 Import finished: 10 new, 2 updated, 0 unchanged, 1 rejected.", how the file was read, the rejected rows. */
export function importReportText(report: ImportReport, locale: Locale): string {
  return renderImportSummary(report, locale);
}
