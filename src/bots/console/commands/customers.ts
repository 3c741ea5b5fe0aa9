/**
 * `broadcast-bot customers …`: import a contacts file (CSV, Google/Outlook export, vCard), list, count, opt out
 * and show tags from the terminal.
 *
 * The import summary (`imported N new, M updated, U unchanged, K rejected`) is part of the external contract that
 * scripts read, so it stays fixed English (README says so), as does the --errors file's header row; everything
 * else, the rejected-row lines included (`baris 7: 0812xx: berisi huruf`), speaks BOT_LOCALE through the catalogue.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { ImportReport } from '../../../campaigns/use-cases.js';
import { csvRow } from '../../../campaigns/csv.js';
import { importNotes, reasonText } from '../../../campaigns/customers/summary.js';
import type { Customer, Locale } from '../../../campaigns/types.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/customers.js';
import { EXIT, UsageError, type CliContext, type CommandGroup } from '../context.js';

import '../../../i18n/cli.js';
import { cliLocale, fileError } from '../locale.js';

/** The group's usage in the terminal's language (set when the group runs). */
let USAGE = '';
/** The terminal's language (set when the group runs). */
let LOCALE: Locale = 'en';

/** Rejected rows printed after the summary; the rest go to `--errors FILE`. */
const SHOWN_REJECTIONS = 20;
const DEFAULT_LIST_LIMIT = 100;

export const customers: CommandGroup = async (ctx) => {
  LOCALE = cliLocale(ctx.env);
  USAGE = t(LOCALE, 'cli.usage.customers');
  const [sub, ...rest] = ctx.args;
  switch (sub) {
    case 'import':
      return importCommand(ctx, rest);
    case 'list':
      return listCommand(ctx, rest);
    case 'count':
      return countCommand(ctx, rest);
    case 'optout':
      return optOutCommand(ctx, rest);
    case 'tags':
      return tagsCommand(ctx, rest);
    default:
      throw new UsageError(sub ? `${t(cliLocale(ctx.env), 'cli.unknownSubcommand', { group: 'customers', name: sub })}\n${USAGE}` : USAGE);
  }
};

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(
  args: string[],
  options: T,
  positionals: { count: number; sub: string },
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.positionals.length !== positionals.count) {
    const locale = LOCALE;
    const problem =
      parsed.positionals.length < positionals.count
        ? t(locale, positionals.sub === 'import' ? 'cli.customers.needsFile' : 'cli.customers.needsPhone')
        : t(locale, 'cli.customers.tooMany', { sub: positionals.sub });
    throw new UsageError(`${problem}\n${USAGE}`);
  }
  return parsed;
}

/** The terminal's language: BOT_LOCALE when it is set to one we speak, else English. */
function localeOf(ctx: CliContext): Locale {
  return ctx.env.BOT_LOCALE === 'id' ? 'id' : 'en';
}

async function importCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { errors: { type: 'string' } }, { count: 1, sub: 'import' });
  const file = positionals[0] as string;
  const app = await ctx.openStore({ phones: true });
  const report = await app.customers.importCsv(file, ctx.actor);
  const locale = localeOf(ctx);
  ctx.stdout.write(
    `imported ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected} rejected\n`,
  );
  // How the file was read (Google/Outlook/vCard, Windows-1252, lost characters): in BOT_LOCALE, after the fixed line.
  for (const note of importNotes(report, locale)) ctx.stdout.write(`${note}\n`);
  for (const error of report.errors.slice(0, SHOWN_REJECTIONS)) ctx.stdout.write(`${rejectedLine(error, locale)}\n`);
  if (values.errors !== undefined) {
    await writeErrors(values.errors, report.errors, locale);
    ctx.stderr.write(`${t(locale, 'customers.import.errors_written', { count: report.errors.length, file: values.errors })}\n`);
  } else if (report.errors.length > SHOWN_REJECTIONS) {
    ctx.stdout.write(`${t(locale, 'customers.import.more_rejected', { count: report.errors.length - SHOWN_REJECTIONS })}\n`);
  }
  return EXIT.ok;
}

/** `line 7: 0812xx: too short`; a vCard's rejected card also says its number: `line 15 (card 3): Rina: no phone number`. */
function rejectedLine(error: ImportReport['errors'][number], locale: Locale): string {
  const where =
    error.card === undefined
      ? t(locale, 'cli.rejected.line', { line: error.row })
      : t(locale, 'cli.rejected.card', { line: error.row, card: error.card });
  return error.value === '' ? `${where}: ${reasonText(error.reason, locale)}` : `${where}: ${error.value}: ${reasonText(error.reason, locale)}`;
}

/** Writes every rejected row as CSV (`line,value,reason`), streamed. */
async function writeErrors(path: string, errors: ImportReport['errors'], locale: Locale): Promise<void> {
  const out = createWriteStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  await opened.catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(fileError(locale, 'write', '--errors', path, error));
  });
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', r)));
  await write(csvRow(['line', 'value', 'reason']));
  for (const error of errors) await write(csvRow([String(error.row), error.value, reasonText(error.reason, locale)]));
  out.end();
  await finished(out);
}

async function listCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parse(args, { tag: { type: 'string' }, limit: { type: 'string' } }, { count: 0, sub: 'list' });
  const limit = values.limit === undefined ? DEFAULT_LIST_LIMIT : Number(values.limit);
  if (!/^\d+$/.test(values.limit ?? '1') || !Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(`${t(localeOf(ctx), 'cli.limit', { value: values.limit ?? '' })}\n${USAGE}`);
  }
  const app = await ctx.openStore();
  const locale = localeOf(ctx);
  const rows = await app.customers.list({ tag: values.tag, limit });
  if (rows.length === 0) {
    const key = values.tag === undefined ? 'customers.list.empty' : 'customers.list.empty_tag';
    ctx.stdout.write(`${t(locale, key, { tag: values.tag ?? '' })}\n`);
    return EXIT.ok;
  }
  const header = ['phone', 'name', 'tags', 'opted_out'].map((key) => t(locale, `customers.list.${key}`));
  ctx.stdout.write(table([header, ...rows.map((c) => customerCells(c, locale))]));
  if (rows.length === limit) ctx.stderr.write(`${t(locale, 'customers.list.truncated', { count: limit })}\n`);
  return EXIT.ok;
}

function customerCells(customer: Customer, locale: Locale): string[] {
  const name = (customer.name ?? '').replace(/\s+/g, ' ');
  return [
    customer.phone,
    name.length > 40 ? `${name.slice(0, 39)}…` : name,
    customer.tags.join(', '),
    t(locale, customer.optedOut ? 'customers.list.yes' : 'customers.list.no'),
  ];
}

/** Prints a bare number (opted-in customers), so scripts can use `$(broadcast-bot customers count --tag vip)`. */
async function countCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parse(args, { tag: { type: 'string' } }, { count: 0, sub: 'count' });
  const app = await ctx.openStore();
  ctx.stdout.write(`${await app.customers.count({ tag: values.tag })}\n`);
  return EXIT.ok;
}

async function optOutCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals } = parse(args, {}, { count: 1, sub: 'optout' });
  const app = await ctx.openStore({ phones: true });
  const customer = await app.customers.optOut(positionals[0] as string, ctx.actor);
  ctx.stdout.write(`${t(localeOf(ctx), 'customers.optout.done', { phone: customer.phone })}\n`);
  return EXIT.ok;
}

async function tagsCommand(ctx: CliContext, args: string[]): Promise<number> {
  parse(args, {}, { count: 0, sub: 'tags' });
  const app = await ctx.openStore();
  const locale = localeOf(ctx);
  const tags = await app.customers.tags();
  if (tags.length === 0) {
    ctx.stdout.write(`${t(locale, 'customers.tags.empty')}\n`);
    return EXIT.ok;
  }
  const header = ['tag', 'count', 'total'].map((key) => t(locale, `customers.tags.header_${key}`));
  ctx.stdout.write(table([header, ...tags.map((tag) => [tag.tag, String(tag.count), String(tag.total)])]));
  return EXIT.ok;
}

/** Left-aligned columns separated by two spaces; the header is followed by a rule. */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)))
      .join('  ');
  const [header, ...body] = rows;
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return `${[line(header ?? []), rule, ...body.map(line)].join('\n')}\n`;
}
