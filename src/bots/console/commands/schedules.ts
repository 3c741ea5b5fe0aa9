/** `broadcast-bot schedules …`: create, list, pause, resume, delete, approve and reject scheduled and recurring campaigns. */
import { parseArgs } from 'node:util';
import type { Audience, Locale } from '../../../campaigns/types.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/schedules.js';
import { DomainError, ValidationError } from '../../../campaigns/errors.js';
import '../../../i18n/schedule-approval.js';
import { pendingScheduleIds } from '../../../schedules/approval.js';
import { describeSchedule } from '../../../schedules/describe.js';
import type { SavedSchedule } from '../../../schedules/use-cases.js';
import { EXIT, UsageError, type CliContext, type CommandGroup } from '../context.js';

/** The CLI speaks English unless BOT_LOCALE says otherwise, like the CLI's error messages. */
function cliLocale(ctx: CliContext): Locale {
  return ctx.env.BOT_LOCALE === 'id' ? 'id' : 'en';
}

function usageError(ctx: CliContext, detail: string): UsageError {
  const locale = cliLocale(ctx);
  return new UsageError(`${t(locale, 'schedule.cli.bad_usage', { detail })}\n${t(locale, 'schedule.cli.usage')}`);
}

export const schedules: CommandGroup = async (ctx) => {
  const [sub, ...rest] = ctx.args;
  switch (sub) {
    case 'create':
      return create(ctx, rest);
    case 'list':
      return list(ctx, rest);
    case 'pause':
    case 'resume':
    case 'delete':
      return control(ctx, sub, rest);
    case 'approve':
    case 'reject':
      return decide(ctx, sub, rest);
    default:
      throw usageError(ctx, sub ? `unknown subcommand "schedules ${sub}"` : 'a subcommand is needed');
  }
};

function printRuns(ctx: CliContext, saved: SavedSchedule): void {
  if (saved.nextRunsText.length === 0) return;
  ctx.stdout.write(`${t(cliLocale(ctx), 'schedule.next_runs')}\n`);
  for (const line of saved.nextRunsText) ctx.stdout.write(`  ${line}\n`);
}

async function create(ctx: CliContext, args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        title: { type: 'string' },
        message: { type: 'string' },
        all: { type: 'boolean' },
        tag: { type: 'string', multiple: true },
        at: { type: 'string' },
        cron: { type: 'string' },
        tz: { type: 'string' },
        name: { type: 'string' },
        account: { type: 'string' },
      },
    }));
  } catch (error) {
    throw usageError(ctx, (error as Error).message);
  }
  if (!values.title?.trim()) throw usageError(ctx, '--title is required');
  if (values.message === undefined) throw usageError(ctx, '--message is required');
  if (Boolean(values.all) === Boolean(values.tag?.length)) throw usageError(ctx, 'choose exactly one audience: --all or --tag T');
  if ((values.at === undefined) === (values.cron === undefined)) throw usageError(ctx, 'give exactly one of --at TIME and --cron EXPR');
  const audience: Audience = values.all ? { kind: 'all' } : { kind: 'tags', tags: (values.tag ?? []).map((tag) => tag.trim().toLowerCase()) };
  const locale = cliLocale(ctx);
  const app = await ctx.openApp({ roles: [] });
  const { createScheduleUseCases } = await import('../../../schedules/use-cases.js');
  const useCases = createScheduleUseCases(app);
  try {
    const saved = await useCases.create(
      {
        title: values.title,
        template: values.message,
        audience,
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.at !== undefined ? { at: values.at } : {}),
        ...(values.cron !== undefined ? { cron: values.cron } : {}),
        ...(values.tz !== undefined ? { timezone: values.tz } : {}),
        ...(values.account !== undefined ? { account: values.account } : {}),
      },
      { ...ctx.actor, locale },
    );
    ctx.stdout.write(`schedule ${saved.schedule.id}\n`);
    printRuns(ctx, saved);
    ctx.stderr.write(`${t(locale, 'schedule.saved', { name: saved.schedule.name, id: saved.schedule.id })}\n`);
    ctx.stderr.write(`${t(locale, 'schedule.recipients_now', { total: saved.recipientsNow })}\n`);
    if (saved.awaitingApproval) ctx.stderr.write(`${t(locale, 'schedule.approval.waiting')}\n`);
    return EXIT.ok;
  } finally {
    await useCases.close();
  }
}

async function list(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length > 0) throw usageError(ctx, `unexpected "${args.join(' ')}"`);
  const locale = cliLocale(ctx);
  // Listing reads the store only: no Redis and no BullMQ (which the other subcommands load for one-off jobs).
  const app = await ctx.openStore();
  const rows = await app.store.schedules.list();
  const pending = await pendingScheduleIds(app, rows);
  if (rows.length === 0) {
    ctx.stdout.write(`${t(locale, 'schedule.list.empty')}\n`);
    return EXIT.ok;
  }
  ctx.stdout.write(`${['ID', 'STATUS', 'WHEN', 'NEXT', 'LAST', 'NAME'].join('\t')}\n`);
  for (const schedule of rows) {
    const d = describeSchedule(schedule, locale, pending.has(schedule.id));
    ctx.stdout.write(`${[d.id, d.stateText, d.when, d.next ?? '-', d.last ?? '-', d.name].join('\t')}\n`);
  }
  return EXIT.ok;
}

async function control(ctx: CliContext, action: 'pause' | 'resume' | 'delete', args: string[]): Promise<number> {
  const [id, ...extra] = args;
  if (!id || extra.length > 0) throw usageError(ctx, `schedules ${action} needs exactly one ID`);
  const locale = cliLocale(ctx);
  const actor = { ...ctx.actor, locale };
  const app = await ctx.openApp({ roles: [] });
  const { createScheduleUseCases } = await import('../../../schedules/use-cases.js');
  const useCases = createScheduleUseCases(app);
  try {
    if (action === 'pause') {
      const schedule = await useCases.pause(id, actor);
      ctx.stdout.write(`${t(locale, 'schedule.paused', { id: schedule.id })}\n`);
    } else if (action === 'resume') {
      const saved = await useCases.resume(id, actor);
      ctx.stdout.write(`${t(locale, 'schedule.resumed', { id: saved.schedule.id })}\n`);
      printRuns(ctx, saved);
    } else {
      await useCases.delete(id, actor);
      ctx.stdout.write(`${t(locale, 'schedule.deleted', { id: id.trim().toLowerCase() })}\n`);
    }
    return EXIT.ok;
  } finally {
    await useCases.close();
  }
}

/**
 * `schedules approve ID` / `schedules reject ID [--reason TEXT]` (issue 15): the actor is the terminal user
 * (BROADCAST_USER or the OS user name), as for `campaigns approve`. Approving a schedule one saved oneself,
 * or one not waiting for approval, exits 2 with why.
 */
async function decide(ctx: CliContext, action: 'approve' | 'reject', args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: true, options: { reason: { type: 'string' } } });
  } catch (error) {
    throw usageError(ctx, (error as Error).message);
  }
  const [id, ...extra] = parsed.positionals;
  if (!id || extra.length > 0) throw usageError(ctx, `schedules ${action} needs exactly one ID`);
  if (action === 'approve' && parsed.values.reason !== undefined) throw usageError(ctx, '--reason is for schedules reject');
  const locale = cliLocale(ctx);
  const actor = { ...ctx.actor, locale };
  const app = await ctx.openApp({ roles: [] });
  const { createScheduleUseCases } = await import('../../../schedules/use-cases.js');
  const useCases = createScheduleUseCases(app);
  try {
    if (action === 'approve') {
      const schedule = await useCases.approve(id, actor);
      ctx.stderr.write(`${t(locale, 'schedule.cli.approved', { id: schedule.id })}\n`);
    } else {
      const reason = parsed.values.reason?.trim() || t(locale, 'schedule.cli.noReason');
      const schedule = await useCases.reject(id, actor, reason);
      ctx.stderr.write(`${t(locale, 'schedule.cli.rejected', { id: schedule.id })}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    // Own schedule, already decided, edited since: bad usage, exit 2 with the reason.
    if (error instanceof DomainError && error instanceof ValidationError) throw new UsageError(t(locale, error.messageKey, error.params));
    throw error;
  } finally {
    await useCases.close();
  }
}
