/** The error of an import that cannot go on, shared by the readers and the import itself. */
import { ValidationError } from '../errors.js';

export type ImportErrorCode = 'csv_unreadable' | 'csv_no_phone_column' | 'csv_malformed' | 'csv_bad_encoding';

/** The file cannot be imported at all (unreadable, not CSV, no phone column): nothing or only part was stored. */
export class CsvImportError extends ValidationError {
  constructor(code: ImportErrorCode, params: Record<string, string | number>, message: string) {
    super(code, `customers.error.${code}`, params, message);
    this.name = 'CsvImportError';
  }
}
