/**
 * The customer use cases every surface calls: contacts import (CSV, Google/Outlook export, vCard), listing,
 * counting, tags and opt-out.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CustomerUseCases, ImportReport } from '../use-cases.js';
import { CsvImportError, importCustomerCsv } from './csv-import.js';
import { normalizeTag } from './columns.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { normalizePhone } from '../phone.js';
import type { Store } from '../ports.js';
import type { Actor, Customer } from '../types.js';
import type { Config } from '../../config/env.js';
import type { Logger } from '../../logging/logger.js';
import '../../i18n/customers.js';

export { CsvImportError } from './import-error.js';

/** A phone number that is not among the customers (say so as a customer, not as a campaign). */
export class CustomerNotFoundError extends NotFoundError {
  override readonly messageKey = 'customers.error.not_found';
  constructor(phone: string) {
    super('customer', phone);
    this.name = 'CustomerNotFoundError';
  }
}

export interface CustomerDeps {
  store: Store;
  config: Pick<Config, 'DEFAULT_COUNTRY'>;
  logger: Logger;
}

/** Builds the customer use cases over the store. */
export function createCustomerUseCases(deps: CustomerDeps): CustomerUseCases {
  const { store, config, logger } = deps;

  async function importCsv(input: string | NodeJS.ReadableStream, actor: Actor): Promise<ImportReport> {
    const target = typeof input === 'string' ? basename(input) : null;
    const log = logger.child({ action: 'customers.import', file: target });
    try {
      const source = typeof input === 'string' ? await openCsvFile(input) : input;
      const report = await importCustomerCsv(source as AsyncIterable<Buffer | string>, store.customers, {
        country: config.DEFAULT_COUNTRY,
      });
      const counts = { created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected };
      await store.audit.record({ actor, action: 'customers.import', target, outcome: 'ok', detail: JSON.stringify(counts) });
      log.info(counts, 'customers imported');
      return report;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      await store.audit.record({ actor, action: 'customers.import', target, outcome: 'error', detail });
      // A file the user must fix is not the operator's problem: no stack trace on the terminal for that.
      if (error instanceof ValidationError) log.info({ code: error.code }, 'customer import refused');
      else log.warn({ err: error }, 'customer import failed');
      throw error;
    }
  }

  async function optOut(phone: string, actor: Actor): Promise<Customer> {
    const normalized = normalizePhone(phone, config.DEFAULT_COUNTRY);
    if (!normalized.ok) {
      throw new ValidationError(
        'invalid_phone',
        'customers.error.invalid_phone',
        { phone, reason: normalized.reason },
        `"${phone}" is not a usable phone number (${normalized.reason}); write it like 0812-3456-7890 or +62 812 3456 7890`,
      );
    }
    const customer = await store.customers.setOptOut(normalized.phone, true);
    await store.audit.record({
      actor,
      action: 'customers.optout',
      target: normalized.phone,
      outcome: customer ? 'ok' : 'refused',
      detail: customer ? null : 'unknown number',
    });
    if (!customer) throw new CustomerNotFoundError(normalized.phone);
    logger.info({ action: 'customers.optout', customerId: customer.id, surface: actor.surface }, 'customer opted out');
    return customer;
  }

  return {
    importCsv,
    optOut,
    // Admins see every customer, opted out or not (the listing says which); counts are of who can be reached.
    list: (query = {}) => store.customers.list({ ...query, tag: tagOf(query.tag), includeOptedOut: true }),
    count: (query = {}) => store.customers.count({ tag: tagOf(query.tag) }),
    tags: () => store.customers.tagCounts(),
  };
}

function tagOf(tag: string | undefined): string | undefined {
  return tag === undefined ? undefined : normalizeTag(tag);
}

/** Opens a CSV file for streaming, turning "not there / not a file / no permission" into one clear error. */
async function openCsvFile(path: string): Promise<NodeJS.ReadableStream> {
  try {
    const handle = await open(path, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    }
    return handle.createReadStream();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    const reasons: Record<string, string> = {
      ENOENT: 'there is no such file',
      EISDIR: 'it is a folder, not a file',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
    };
    const reason = reasons[code] ?? (error instanceof Error ? error.message : String(error));
    throw new CsvImportError(
      'csv_unreadable',
      { file: path, reason },
      `Cannot read the CSV file ${path}: ${reason}. Check the path and that the file is readable.`,
    );
  }
}
