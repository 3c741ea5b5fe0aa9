/** `broadcast-bot campaigns …`: create, list, show and control campaigns from the terminal. */
import { resumeAnswer } from '../../../campaigns/daily-cap.js';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parsePhoneList, rejectionText } from '../../../campaigns/phone.js';
import type { Audience, Campaign, Locale } from '../../../campaigns/types.js';
import { renderProgressText } from '../../../campaigns/progress-view.js';
import { failureReason } from '../../../campaigns/status-wording.js';
import { formatNumber, t } from '../../../i18n/index.js';
import '../../../i18n/cli.js';
import { cliLocale } from '../locale.js';
import { allowedActions, isRetryableStatus, type ControlAction } from '../../../campaigns/actions.js';
import { EXIT, UsageError, type CliContext, type CommandGroup } from '../context.js';
import { storeMedia } from '../../../campaigns/media.js';
import { templateDraft } from '../../../whatsapp/cloud/template-draft.js';
import { parseParamArgs } from '../../../whatsapp/cloud/templates.js';

const USAGE =
  'Usage: broadcast-bot campaigns create --title T --message M (--all | --tag T | --phones FILE) [--media FILE] [--wait]\n' +
  '       broadcast-bot campaigns create --title T --template NAME --language CODE [--param 1=TEXT …] (--all | --tag T | --phones FILE)\n' +
  '       broadcast-bot campaigns list [--limit N] | show ID | pause ID | resume ID | cancel ID | retry ID';

export const campaigns: CommandGroup = async (ctx) => {
  const [sub, ...rest] = ctx.args;
  switch (sub) {
    case 'create':
      return create(ctx, rest);
    case 'list':
      return list(ctx, rest);
    case 'show':
      return show(ctx, rest);
    case 'pause':
    case 'resume':
    case 'cancel':
    case 'retry':
      return control(ctx, sub, rest);
    default:
      throw new UsageError(sub ? `Unknown subcommand "campaigns ${sub}".\n${USAGE}` : USAGE);
  }
};

function parse<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

async function create(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parse(args, {
    title: { type: 'string' },
    message: { type: 'string' },
    all: { type: 'boolean' },
    tag: { type: 'string', multiple: true },
    phones: { type: 'string' },
    media: { type: 'string' },
    wait: { type: 'boolean' },
    template: { type: 'string' },
    language: { type: 'string' },
    param: { type: 'string', multiple: true },
  });
  if (!values.title) throw new UsageError(`--title is required.\n${USAGE}`);
  if (values.template !== undefined && values.message !== undefined) throw new UsageError(`Give --message or --template, not both.\n${USAGE}`);
  if (values.template !== undefined && !values.language) throw new UsageError(`--template needs --language (e.g. id or en_US).\n${USAGE}`);
  if ((values.language || values.param?.length) && values.template === undefined) throw new UsageError(`--language and --param go with --template.\n${USAGE}`);
  if (values.message === undefined && !values.media && values.template === undefined) throw new UsageError(`--message is required.\n${USAGE}`);
  const audiences = [values.all, values.tag?.length, values.phones].filter(Boolean).length;
  if (audiences !== 1) throw new UsageError(`Choose exactly one audience: --all, --tag T or --phones FILE.\n${USAGE}`);
  // --wait may have to send from this process when no worker runs, so it takes the WhatsApp account.
  const app = await ctx.openApp(values.wait ? { roles: ['worker'] } : {});
  let audience: Audience;
  let invalidInputs = 0;
  if (values.all) audience = { kind: 'all' };
  else if (values.tag?.length) audience = { kind: 'tags', tags: values.tag.map((t) => t.trim().toLowerCase()) };
  else {
    const text = await readFile(values.phones as string, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read --phones file ${values.phones}: ${error.code ?? error.message}`);
    });
    const parsed = parsePhoneList(text, app.config.DEFAULT_COUNTRY);
    for (const bad of parsed.invalid.slice(0, 20)) ctx.stderr.write(`line ${bad.line}: ${bad.value}: ${rejectionText(cliLocale(ctx.env), bad.reason)}\n`);
    invalidInputs = parsed.invalid.length;
    audience = { kind: 'phones', phones: parsed.phones };
  }
  // The same rule as the wizards' template picker: approved template, every parameter mapped.
  const picked = values.template
    ? await templateDraft(app.sender, { name: values.template, language: values.language as string, params: parseParamArgs(values.param ?? []) })
    : null;
  const media = values.media ? await storeMedia(app.config.DATA_DIR, values.media) : null;
  const campaign = await app.campaigns.create(
    {
      title: values.title,
      template: picked ? picked.text : (values.message ?? ''),
      ...(picked ? { whatsappTemplate: picked.whatsappTemplate } : {}),
      media,
      audience,
      invalidInputs,
    },
    ctx.actor,
  );
  await app.campaigns.attachProgressMessage(campaign.id, { surface: 'cli', chatId: ctx.actor.userId, messageId: campaign.id });
  ctx.stdout.write(`campaign ${campaign.id}\n`);
  const locale = cliLocale(ctx.env);
  ctx.stderr.write(`${t(locale, 'cli.create.queued', { total: formatNumber(locale, campaign.counts.total) })}\n`);
  if (!values.wait) return EXIT.ok;
  // Loaded here: waiting runs a worker (BullMQ), which `list` and `show` must not load.
  const { waitWithProgress } = await import('../wait.js');
  const final = await waitWithProgress(app, campaign.id, ctx);
  return final.status === 'completed' ? EXIT.ok : EXIT.failure;
}

async function list(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parse(args, { limit: { type: 'string' } });
  const limit = values.limit ? Number(values.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number above 0');
  const app = await ctx.openStore();
  const rows = await app.campaigns.list({ limit });
  if (rows.length === 0) {
    ctx.stdout.write('No campaigns yet. Create one with: broadcast-bot campaigns create --title T --message M --all\n');
    return EXIT.ok;
  }
  ctx.stdout.write(`${['ID', 'STATUS', 'SENT', 'FAILED', 'TOTAL', 'CREATED', 'TITLE'].join('\t')}\n`);
  for (const c of rows) {
    ctx.stdout.write(
      `${[c.id, c.status, c.counts.sent, c.counts.failed, c.counts.total, c.createdAt.toISOString(), c.title].join('\t')}\n`,
    );
  }
  return EXIT.ok;
}

async function show(ctx: CliContext, args: string[]): Promise<number> {
  const id = args[0];
  if (!id) throw new UsageError(`campaigns show needs an ID.\n${USAGE}`);
  const app = await ctx.openStore();
  const locale = cliLocale(ctx.env);
  const details = await app.campaigns.details(id, 50);
  ctx.stdout.write(`${describe(details.campaign, locale)}\n${renderProgressText(details.view, locale)}\n`);
  if (details.failures.length > 0) {
    ctx.stdout.write(`\n${t(locale, 'cli.show.notSent')}\n`);
    for (const r of details.failures) {
      ctx.stdout.write(`  ${r.phone}\t${t(locale, `recipientStatus.${r.status}`)}\t${failureReason(locale, r.errorCode, r.errorText)}\n`);
    }
  }
  return EXIT.ok;
}

/** The campaign's record in the terminal's language (the progress text follows it). */
function describe(c: Campaign, locale: Locale): string {
  const n = (v: number) => formatNumber(locale, v);
  const times = [t(locale, 'cli.show.created', { at: c.createdAt.toISOString() })];
  if (c.startedAt) times.push(t(locale, 'cli.show.started', { at: c.startedAt.toISOString() }));
  if (c.sentAt) times.push(t(locale, 'cli.show.finished', { at: c.sentAt.toISOString() }));
  const { counts } = c;
  return [
    t(locale, 'cli.show.campaign', { id: c.id, title: c.title }),
    t(locale, 'cli.show.counts', {
      total: n(counts.total),
      sent: n(counts.sent),
      failed: n(counts.failed),
      skipped: n(counts.skipped),
      unknown: n(counts.unknown),
      delivered: n(counts.delivered),
      read: n(counts.read),
    }),
    times.join(', '),
    c.retryOf ? t(locale, 'cli.show.retryOf', { id: c.retryOf }) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

async function control(ctx: CliContext, action: ControlAction, args: string[]): Promise<number> {
  const id = args[0];
  if (!id) throw new UsageError(`campaigns ${action} needs an ID.\n${USAGE}`);
  const app = await ctx.openApp();
  const campaign = await app.campaigns.get(id);
  // The same table decides the chat buttons: what it does not allow is refused as bad usage (exit 2).
  const allowed = allowedActions(campaign);
  const locale = cliLocale(ctx.env);
  if (!allowed.includes(action)) {
    const hint = allowed.length > 0 ? t(locale, 'cli.control.allowedNow', { actions: allowed.join(', ') }) : t(locale, 'cli.control.nothingNow');
    const key = action === 'retry' && isRetryableStatus(campaign.status) ? 'cli.control.refusedNoFailed' : 'cli.control.refusedStatus';
    throw new UsageError(t(locale, key, { action, id: campaign.id, status: campaign.status, hint }));
  }
  if (action === 'retry') {
    const { campaign: retry, created } = await app.campaigns.retry(campaign.id, ctx.actor);
    // Scripts parse this line: it stays the same in every language.
    ctx.stdout.write(`campaign ${retry.id}\n`);
    const line = created
      ? t(locale, 'cli.retry.created', { id: retry.id, total: formatNumber(locale, retry.counts.total) })
      : t(locale, 'cli.retry.existing', { id: retry.id, original: campaign.id, status: retry.status });
    ctx.stderr.write(`${line}\n`);
    return EXIT.ok;
  }
  const result = await app.campaigns[action](campaign.id, ctx.actor);
  const answer = resumeAnswer(result, locale, app.config.SCHEDULE_TIMEZONE);
  ctx.stderr.write(`${answer ?? t(locale, 'cli.control.done', { id: result.id, status: result.status })}\n`);
  return EXIT.ok;
}
