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
import '../../../i18n/approval.js';
import { cliLocale, fileError } from '../locale.js';
import { allowedActions, isRetryableStatus, type ControlAction } from '../../../campaigns/actions.js';
import { EXIT, UsageError, type CliContext, type CommandGroup } from '../context.js';
import { storeMedia } from '../../../campaigns/media.js';
import { emptyVariableWarnings } from '../../../campaigns/empty-variables.js';
import { describeRisk, riskJson } from '../../../campaigns/risk-report.js';
import type { ApprovalRecord } from '../../../campaigns/approval.js';
import { DomainError, StateError, ValidationError } from '../../../campaigns/errors.js';
import { describeRecipientSum } from '../../../campaigns/preview-counts.js';


/** The group's usage in the terminal's language (set when the group runs). */
let USAGE = '';

export const campaigns: CommandGroup = async (ctx) => {
  USAGE = t(cliLocale(ctx.env), 'cli.usage.campaigns');
  const [sub, ...rest] = ctx.args;
  switch (sub) {
    case 'create':
      return create(ctx, rest);
    case 'preview':
      return preview(ctx, rest);
    case 'list':
      return list(ctx, rest);
    case 'show':
      return show(ctx, rest);
    case 'approve':
      return approve(ctx, rest);
    case 'reject':
      return reject(ctx, rest);
    case 'pause':
    case 'resume':
    case 'cancel':
    case 'retry':
      return control(ctx, sub, rest);
    default:
      throw new UsageError(sub ? `${t(cliLocale(ctx.env), 'cli.unknownSubcommand', { group: 'campaigns', name: sub })}\n${USAGE}` : USAGE);
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
    strict: { type: 'boolean' },
    account: { type: 'string' },
    template: { type: 'string' },
    language: { type: 'string' },
    param: { type: 'string', multiple: true },
  });
  const locale = cliLocale(ctx.env);
  if (!values.title) throw new UsageError(`${t(locale, 'cli.create.titleRequired')}\n${USAGE}`);
  if (values.template !== undefined && values.message !== undefined) throw new UsageError(`${t(locale, 'cli.create.messageOrTemplate')}\n${USAGE}`);
  if (values.template !== undefined && !values.language) throw new UsageError(`${t(locale, 'cli.create.templateNeedsLanguage')}\n${USAGE}`);
  if ((values.language || values.param?.length) && values.template === undefined) throw new UsageError(`${t(locale, 'cli.create.paramsNeedTemplate')}\n${USAGE}`);
  if (values.message === undefined && !values.media && values.template === undefined) throw new UsageError(`${t(locale, 'cli.create.messageRequired')}\n${USAGE}`);
  requireOneAudience(values, locale);
  // --wait may have to send from this process when no worker runs, so it takes the WhatsApp account.
  const app = await ctx.openApp(values.wait ? { roles: ['worker'] } : {});
  const { audience, invalidInputs } = await audienceOf(ctx, app.config.DEFAULT_COUNTRY, values);
  // The same rule as the wizards' template picker: approved by the account it is sent from, every parameter mapped.
  const picked = values.template
    ? await pickTemplate(app, values.account, values.template, values.language as string, values.param ?? [])
    : null;
  const media = values.media ? await storeMedia(app.config.DATA_DIR, values.media) : null;
  const draft = {
    title: values.title,
    template: picked ? picked.text : (values.message ?? ''),
    ...(picked ? { whatsappTemplate: picked.whatsappTemplate } : {}),
    media,
    audience,
    invalidInputs,
    ...(values.account ? { account: values.account } : {}),
  };
  // The chat previews' warning: recipients whose {{variable}} is empty would get "Halo  dari Depok!". It does not
  // block (the admin may mean it); --strict refuses instead, for scripts that must not send such messages.
  const preview = await app.campaigns.preview(draft);
  const warnings = emptyVariableWarnings(preview.emptyVariables ?? [], preview.total, locale);
  for (const line of warnings) ctx.stderr.write(`${line}\n`);
  if (values.strict && warnings.length > 0) throw new UsageError(t(locale, 'cli.create.strictRefused'));
  const campaign = await app.campaigns.create(draft, ctx.actor);
  await app.campaigns.attachProgressMessage(campaign.id, { surface: 'cli', chatId: ctx.actor.userId, messageId: campaign.id });
  ctx.stdout.write(`campaign ${campaign.id}\n`);
  const created = campaign.status === 'awaiting_approval' ? 'cli.create.awaitingApproval' : 'cli.create.queued';
  ctx.stderr.write(`${t(locale, created, { total: formatNumber(locale, campaign.counts.total) })}\n`);
  if (!values.wait) return EXIT.ok;
  // Loaded here: waiting runs a worker (BullMQ), which `list` and `show` must not load.
  const { waitWithProgress } = await import('../wait.js');
  const final = await waitWithProgress(app, campaign.id, ctx);
  return final.status === 'completed' ? EXIT.ok : EXIT.failure;
}

function requireOneAudience(values: { all?: boolean; tag?: string[]; phones?: string }, locale: Locale): void {
  const chosen = [values.all, values.tag?.length, values.phones].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError(`${t(locale, 'cli.create.oneAudience')}\n${USAGE}`);
}

/** The audience the flags choose (exactly one of --all, --tag, --phones); bad numbers are listed on stderr. */
async function audienceOf(
  ctx: CliContext,
  country: string,
  values: { all?: boolean; tag?: string[]; phones?: string },
): Promise<{ audience: Audience; invalidInputs: number }> {
  const locale = cliLocale(ctx.env);
  requireOneAudience(values, locale);
  if (values.all) return { audience: { kind: 'all' }, invalidInputs: 0 };
  if (values.tag?.length) return { audience: { kind: 'tags', tags: values.tag.map((t) => t.trim().toLowerCase()) }, invalidInputs: 0 };
  const text = await readFile(values.phones as string, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(fileError(locale, 'read', '--phones', String(values.phones), error));
  });
  const parsed = parsePhoneList(text, country);
  for (const bad of parsed.invalid.slice(0, 20)) {
    ctx.stderr.write(`${t(locale, 'cli.rejected.line', { line: bad.line })}: ${bad.value}: ${rejectionText(locale, bad.reason)}\n`);
  }
  return { audience: { kind: 'phones', phones: parsed.phones }, invalidInputs: parsed.invalid.length };
}

/** `campaigns preview`: the recipient count and the pre-send risk report of a message; nothing is created. */
async function preview(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parse(args, {
    message: { type: 'string' },
    all: { type: 'boolean' },
    tag: { type: 'string', multiple: true },
    phones: { type: 'string' },
    account: { type: 'string' },
    json: { type: 'boolean' },
  });
  const locale = cliLocale(ctx.env);
  if (values.message === undefined) throw new UsageError(`${t(locale, 'cli.create.messageRequired')}\n${USAGE}`);
  requireOneAudience(values, locale);
  const app = await ctx.openApp();
  const { audience, invalidInputs } = await audienceOf(ctx, app.config.DEFAULT_COUNTRY, values);
  // The pace, cap and quota shown are those of the number it would be sent from.
  const result = await app.campaigns.preview({
    title: 'preview',
    template: values.message,
    audience,
    invalidInputs,
    ...(values.account ? { account: values.account } : {}),
  });
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify(riskJson(result.risk, locale))}\n`);
    return EXIT.ok;
  }
  const lines = [describeRecipientSum(locale, result), ...describeRisk(locale, result.risk)];
  if (result.sample) lines.push('', result.sample);
  ctx.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

async function list(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parse(args, { limit: { type: 'string' } });
  const limit = values.limit ? Number(values.limit) : 20;
  const locale = cliLocale(ctx.env);
  if (!/^\d+$/.test(values.limit ?? '1') || !Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(`${t(locale, 'cli.limit', { value: values.limit ?? '' })}\n${USAGE}`);
  }
  const app = await ctx.openStore();
  const rows = await app.campaigns.list({ limit });
  if (rows.length === 0) {
    ctx.stdout.write(`${t(locale, 'cli.list.empty')}\n`);
    return EXIT.ok;
  }
  ctx.stdout.write(`${t(locale, 'cli.list.header')}\n`);
  for (const c of rows) {
    const status = t(locale, `status.${c.status}`);
    ctx.stdout.write(`${[c.id, status, c.counts.sent, c.counts.failed, c.counts.total, c.createdAt.toISOString(), c.title].join('\t')}\n`);
  }
  return EXIT.ok;
}

async function show(ctx: CliContext, args: string[]): Promise<number> {
  const id = args[0];
  if (!id) throw new UsageError(`${t(cliLocale(ctx.env), 'cli.needsId', { action: 'show' })}\n${USAGE}`);
  const app = await ctx.openStore();
  const locale = cliLocale(ctx.env);
  const details = await app.campaigns.details(id, 50);
  ctx.stdout.write(`${describe(details.campaign, locale)}\n${renderProgressText(details.view, locale)}\n`);
  const approval = await app.campaigns.approval(details.campaign.id);
  if (approval) ctx.stdout.write(`${describeApproval(approval, locale)}\n`);
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
      replied: n(counts.replied ?? 0),
    }),
    times.join(', '),
    c.retryOf ? t(locale, 'cli.show.retryOf', { id: c.retryOf }) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** `campaigns approve ID`: another admin's approval; the author's own is refused with exit 2. */
async function approve(ctx: CliContext, args: string[]): Promise<number> {
  const id = args[0];
  if (!id) throw new UsageError(`${t(cliLocale(ctx.env), 'cli.needsId', { action: 'approve' })}\n${USAGE}`);
  const app = await ctx.openApp();
  const locale = cliLocale(ctx.env);
  try {
    const campaign = await app.campaigns.approve(id, ctx.actor);
    ctx.stderr.write(`${t(locale, 'cli.approval.approved', { id: campaign.id, total: formatNumber(locale, campaign.counts.total) })}\n`);
    return EXIT.ok;
  } catch (error) {
    throw refusalOf(error, locale);
  }
}

/** `campaigns reject ID [--reason TEXT]`: the campaign ends cancelled; its author is told the reason. */
async function reject(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { reason: { type: 'string' } });
  const id = positionals[0];
  if (!id) throw new UsageError(`${t(cliLocale(ctx.env), 'cli.needsId', { action: 'reject' })}\n${USAGE}`);
  const app = await ctx.openApp();
  const locale = cliLocale(ctx.env);
  const reason = values.reason?.trim() || t(locale, 'cli.approval.noReason');
  try {
    const campaign = await app.campaigns.reject(id, ctx.actor, reason);
    ctx.stderr.write(`${t(locale, 'cli.approval.rejected', { id: campaign.id })}\n`);
    return EXIT.ok;
  } catch (error) {
    throw refusalOf(error, locale);
  }
}

/** An approval the use case refused (own campaign, not awaiting approval) is bad usage: exit 2 with why. */
function refusalOf(error: unknown, locale: Locale): unknown {
  if (error instanceof DomainError && (error instanceof ValidationError || error instanceof StateError)) {
    return new UsageError(t(locale, error.messageKey, error.params));
  }
  return error;
}

/** "Approved by ayu (telegram) at …" / "Rejected by …: reason" / "Waiting for approval until …". */
function describeApproval(record: ApprovalRecord, locale: Locale): string {
  if (!record.decision) return t(locale, 'cli.show.awaitingApproval', { until: record.expiresAt });
  if (record.decision === 'expired') return t(locale, 'cli.show.approvalExpired', { at: record.decidedAt ?? record.expiresAt });
  const by = record.decidedBy ? `${record.decidedBy.userName ?? record.decidedBy.userId} (${record.decidedBy.surface})` : '—';
  return record.decision === 'approved'
    ? t(locale, 'cli.show.approvedBy', { by, at: record.decidedAt ?? '' })
    : t(locale, 'cli.show.rejectedBy', { by, at: record.decidedAt ?? '', reason: record.reason ?? '' });
}

async function control(ctx: CliContext, action: ControlAction, args: string[]): Promise<number> {
  const id = args[0];
  if (!id) throw new UsageError(`${t(cliLocale(ctx.env), 'cli.needsId', { action })}\n${USAGE}`);
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

/**
 * `--template`: the chosen number's approved template with every parameter mapped (the wizards' rule). Loaded here:
 * `list` and `show` must not load the WhatsApp drivers.
 */
async function pickTemplate(app: Parameters<typeof import('../../../whatsapp/account-templates.js').accountTemplateDraft>[0], account: string | undefined, name: string, language: string, params: string[]) {
  const [{ accountTemplateDraft }, { parseParamArgs }] = await Promise.all([
    import('../../../whatsapp/account-templates.js'),
    import('../../../whatsapp/cloud/templates.js'),
  ]);
  return accountTemplateDraft(app, account, { name, language, params: parseParamArgs(params) });
}
