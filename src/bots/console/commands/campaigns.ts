/** `broadcast-bot campaigns …`: create, list, show and control campaigns from the terminal. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { App } from '../../../app-types.js';
import { parsePhoneList } from '../../../campaigns/phone.js';
import type { Audience, Campaign } from '../../../campaigns/types.js';
import { renderProgressText } from '../../../campaigns/progress-view.js';
import { allowedActions, isRetryableStatus, type ControlAction } from '../../../campaigns/actions.js';
import { EXIT, UsageError, type CliContext, type CommandGroup } from '../context.js';
import { storeMedia } from '../../../campaigns/media.js';
import { waitWithProgress } from '../wait.js';

const USAGE =
  'Usage: broadcast-bot campaigns create --title T --message M (--all | --tag T | --phones FILE) [--media FILE] [--wait]\n' +
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
  });
  if (!values.title) throw new UsageError(`--title is required.\n${USAGE}`);
  if (values.message === undefined && !values.media) throw new UsageError(`--message is required.\n${USAGE}`);
  const chosen = [values.all, values.tag?.length, values.phones].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError(`Choose exactly one audience: --all, --tag T or --phones FILE.\n${USAGE}`);
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
    for (const bad of parsed.invalid.slice(0, 20)) ctx.stderr.write(`line ${bad.line}: ${bad.value}: ${bad.reason}\n`);
    invalidInputs = parsed.invalid.length;
    audience = { kind: 'phones', phones: parsed.phones };
  }
  const media = values.media ? await storeMedia(app.config.DATA_DIR, values.media) : null;
  const campaign = await app.campaigns.create(
    { title: values.title, template: values.message ?? '', media, audience, invalidInputs },
    ctx.actor,
  );
  await app.campaigns.attachProgressMessage(campaign.id, { surface: 'cli', chatId: ctx.actor.userId, messageId: campaign.id });
  ctx.stdout.write(`campaign ${campaign.id}\n`);
  ctx.stderr.write(`${campaign.counts.total} recipients queued.\n`);
  if (!values.wait) return EXIT.ok;
  const final = await waitWithProgress(app, campaign.id, ctx);
  return final.status === 'completed' ? EXIT.ok : EXIT.failure;
}

async function list(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parse(args, { limit: { type: 'string' } });
  const limit = values.limit ? Number(values.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number above 0');
  const app = await ctx.openApp();
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
  const app = await ctx.openApp();
  const details = await app.campaigns.details(id, 50);
  ctx.stdout.write(`${describe(app, details.campaign)}\n${renderProgressText(details.view, app.config.BOT_LOCALE)}\n`);
  if (details.failures.length > 0) {
    ctx.stdout.write('\nNot sent:\n');
    for (const r of details.failures) ctx.stdout.write(`  ${r.phone}\t${r.status}\t${r.errorCode ?? ''}\t${r.errorText ?? ''}\n`);
  }
  return EXIT.ok;
}

function describe(_app: App, c: Campaign): string {
  return [
    `campaign ${c.id}: ${c.title}`,
    `status: ${c.status}${c.statusReason ? ` (${c.statusReason})` : ''}`,
    `counts: total ${c.counts.total}, sent ${c.counts.sent}, failed ${c.counts.failed}, skipped ${c.counts.skipped}, unknown ${c.counts.unknown}, delivered ${c.counts.delivered}, read ${c.counts.read}`,
    `created ${c.createdAt.toISOString()}${c.startedAt ? `, started ${c.startedAt.toISOString()}` : ''}${c.sentAt ? `, finished ${c.sentAt.toISOString()}` : ''}`,
    c.retryOf ? `retry of ${c.retryOf}` : '',
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
  if (!allowed.includes(action)) {
    const hint = allowed.length > 0 ? `allowed now: ${allowed.join(', ')}` : 'nothing can be done to it now';
    const why = action === 'retry' && isRetryableStatus(campaign.status) ? 'has no failed recipients' : `is ${campaign.status}`;
    throw new UsageError(`campaigns ${action}: campaign ${campaign.id} ${why}; ${hint}.`);
  }
  if (action === 'retry') {
    const { campaign: retry, created } = await app.campaigns.retry(campaign.id, ctx.actor);
    ctx.stdout.write(`campaign ${retry.id}\n`);
    ctx.stderr.write(
      created
        ? `retry: campaign ${retry.id} resends to ${retry.counts.total} recipients\n`
        : `retry: campaign ${retry.id} is already retrying campaign ${campaign.id} (${retry.status}); no new one was made\n`,
    );
    return EXIT.ok;
  }
  const result = await app.campaigns[action](campaign.id, ctx.actor);
  ctx.stderr.write(`${action}: campaign ${result.id} is now ${result.status}\n`);
  return EXIT.ok;
}
