/**
 * The /broadcast modal: step 1 asks for the title, the audience and the message; step 2 shows the preview
 * before the final Send. This module builds the views and reads the submitted values; wizard.ts drives it.
 */
import { describeQuota } from '../../whatsapp/admin.js';
import type { ViewOutput } from '@slack/bolt';
import type { CampaignPreview } from '../../campaigns/use-cases.js';
import { emptyVariableWarnings } from '../../campaigns/empty-variables.js';
import { describeRecipientSum } from '../../campaigns/preview-counts.js';
import { describeRisk } from '../../campaigns/risk-report.js';
import { parsePhoneList, rejectionText } from '../../campaigns/phone.js';
import type { Audience, Locale } from '../../campaigns/types.js';
import { clip, context, escapeMrkdwn, plain, section, type Block, type ModalView } from './blocks.js';
import { formatDuration, formatNumber, t } from './i18n.js';
import '../../i18n/accounts.js';
import '../../i18n/cloud.js';

export const COMPOSE = 'broadcast_compose';
export const PREVIEW = 'broadcast_preview';
/** Static selects take at most 100 options. */
const MAX_TAG_OPTIONS = 100;
const MAX_INVALID_LINES = 8;

export type AudienceKind = Audience['kind'];

/** What step 1 holds, as typed (used to refill the form after a late error). */
export interface ComposeValues {
  title: string;
  kind: AudienceKind;
  tags: string[];
  phones: string;
  message: string;
  /** The sender account chosen ("from which number?"); absent when there is only `default`. */
  account?: string;
  /** `name|language` of the approved template picked (Cloud API numbers); absent or '' otherwise. */
  template?: string;
}

export interface ComposeContext {
  locale: Locale;
  customerCount: number;
  tags: { tag: string; count: number }[];
  defaultCountry: string;
  /** Kept in private_metadata: where the command ran. */
  channelId: string;
  initial?: Partial<ComposeValues>;
  /** A message shown above the form (an error found after the modal was acknowledged). */
  banner?: string;
  /** The sender accounts; with more than one the form asks "from which number?". */
  accounts?: { name: string; driver: string }[];
  /**
   * The Cloud API numbers' approved templates: the form then picks one of them, and the message field maps its
   * parameters, one `N=text` per line. With several numbers each option names the numbers that have it; the choice
   * is checked at submit against the number chosen.
   */
  templates?: { name: string; language: string; body: string; accounts?: string[] }[];
  /** Whether the template may be left empty (some numbers are not Cloud API ones and send free text). */
  templatesOptional?: boolean;
}

/** Step 1: title, audience (all / tags / pasted numbers) and message. */
export function composeView(ctx: ComposeContext): ModalView {
  const { locale, initial = {} } = ctx;
  const kinds: { kind: AudienceKind; label: string }[] = [
    { kind: 'all', label: t(locale, 'slack.audience.all', { count: formatNumber(locale, ctx.customerCount) }) },
    { kind: 'tags', label: t(locale, 'slack.audience.tags') },
    { kind: 'phones', label: t(locale, 'slack.audience.phones') },
  ];
  const options = kinds.map((k) => ({ text: plain(k.label, 75), value: k.kind }));
  const selected = options.find((o) => o.value === (initial.kind ?? 'all'));
  const blocks: Block[] = [];
  if (ctx.banner) blocks.push(section(`:warning: ${escapeMrkdwn(ctx.banner)}`));
  blocks.push(
    {
      type: 'input',
      block_id: 'title',
      label: plain(t(locale, 'slack.field.title'), 2000),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: 120,
        placeholder: plain(t(locale, 'slack.field.titlePlaceholder'), 150),
        ...(initial.title ? { initial_value: initial.title } : {}),
      },
    },
    ...accountBlock(ctx),
    {
      type: 'input',
      block_id: 'audience',
      label: plain(t(locale, 'slack.field.audience'), 2000),
      element: { type: 'radio_buttons', action_id: 'value', options, ...(selected ? { initial_option: selected } : {}) },
    },
  );
  if (ctx.tags.length > 0) {
    const tagOptions = ctx.tags.slice(0, MAX_TAG_OPTIONS).map((tag) => ({
      text: plain(t(locale, 'slack.tag.option', { tag: tag.tag, count: formatNumber(locale, tag.count) }), 75),
      value: tag.tag,
    }));
    const initialTags = tagOptions.filter((o) => initial.tags?.includes(o.value));
    blocks.push({
      type: 'input',
      block_id: 'tags',
      optional: true,
      label: plain(t(locale, 'slack.field.tags'), 2000),
      hint: plain(t(locale, 'slack.field.tagsHint'), 2000),
      element: {
        type: 'multi_static_select',
        action_id: 'value',
        options: tagOptions,
        placeholder: plain(t(locale, 'slack.field.tags'), 150),
        ...(initialTags.length > 0 ? { initial_options: initialTags } : {}),
      },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: 'phones',
      optional: true,
      label: plain(t(locale, 'slack.field.phones'), 2000),
      hint: plain(t(locale, 'slack.field.phonesHint', { country: ctx.defaultCountry }), 2000),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        ...(initial.phones ? { initial_value: initial.phones } : {}),
      },
    },
  );
  if (ctx.templates) blocks.push(templateBlock(ctx, ctx.templates, initial.template));
  blocks.push({
    type: 'input',
    block_id: 'message',
    ...(ctx.templates ? { optional: true } : {}),
    label: plain(t(locale, ctx.templates ? 'slack.field.templateParams' : 'slack.field.message'), 2000),
    hint: plain(t(locale, ctx.templates ? 'slack.field.templateParamsHint' : 'slack.field.messageHint'), 2000),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: true,
      max_length: 3000,
      ...(initial.message ? { initial_value: initial.message } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: COMPOSE,
    private_metadata: JSON.stringify({ channel: ctx.channelId }),
    title: plain(t(locale, 'slack.modal.title'), 24),
    submit: plain(t(locale, 'slack.modal.next'), 24),
    close: plain(t(locale, 'slack.modal.cancel'), 24),
    blocks,
  };
}

/** "From which number?": a required select, only when there is more than one sender account. */
function accountBlock(ctx: ComposeContext): Block[] {
  const accounts = ctx.accounts ?? [];
  if (accounts.length <= 1) return [];
  const { locale, initial = {} } = ctx;
  const options = accounts.map((a) => ({ text: plain(`${a.name} · ${t(locale, `accounts.driver.${a.driver}`)}`, 75), value: a.name }));
  const selected = options.find((o) => o.value === initial.account);
  return [
    {
      type: 'input',
      block_id: 'account',
      label: plain(t(locale, 'accounts.pick.prompt'), 2000),
      element: { type: 'static_select', action_id: 'value', options, ...(selected ? { initial_option: selected } : {}) },
    },
  ];
}

type StateValues = ViewOutput['state']['values'];

/** Reads step 1's submitted values. */
export function readCompose(values: StateValues): ComposeValues {
  const kind = values.audience?.value?.selected_option?.value;
  return {
    title: (values.title?.value?.value ?? '').trim(),
    kind: kind === 'tags' || kind === 'phones' ? kind : 'all',
    tags: (values.tags?.value?.selected_options ?? []).map((o) => o.value),
    phones: values.phones?.value?.value ?? '',
    message: values.message?.value?.value ?? '',
    ...(values.account?.value?.selected_option?.value ? { account: values.account.value.selected_option.value } : {}),
    template: values.wa_template?.value?.selected_option?.value ?? '',
  };
}

/**
 * The approved-template picker: each option shows the template's name and language (and, with several numbers, the
 * numbers that have it), its body as description.
 */
function templateBlock(ctx: ComposeContext, templates: NonNullable<ComposeContext['templates']>, initial: string | undefined): Block {
  const several = (ctx.accounts ?? []).length > 1;
  const options = templates.slice(0, 100).map((tpl) => ({
    text: plain(`${tpl.name} (${tpl.language})${several && tpl.accounts?.length ? ` · ${tpl.accounts.join(', ')}` : ''}`, 75),
    value: `${tpl.name}|${tpl.language}`,
    description: plain(tpl.body || '—', 75),
  }));
  const selected = options.find((o) => o.value === initial);
  return {
    type: 'input',
    block_id: 'wa_template',
    ...(ctx.templatesOptional ? { optional: true } : {}),
    label: plain(t(ctx.locale, 'wizard.template.pick'), 2000),
    element: { type: 'static_select', action_id: 'value', options, ...(selected ? { initial_option: selected } : {}) },
  };
}

/** The checks that need no database: an error text per block id, or the audience when all is well. */
export function checkCompose(
  values: ComposeValues,
  locale: Locale,
  defaultCountry: string,
  hasTagBlock: boolean,
): { errors: Record<string, string> } | { audience: Audience } {
  const errors: Record<string, string> = {};
  if (values.title === '') errors.title = t(locale, 'slack.error.titleRequired');
  // With a template the message field holds its parameters, which the template rule checks.
  if (!values.template && values.message.trim() === '') errors.message = t(locale, 'error.empty_message');
  let audience: Audience = { kind: 'all' };
  // Numbers pasted while "All customers" stays selected mean "Custom numbers": never drop them silently.
  if (values.kind === 'all' && values.phones.trim() !== '') values = { ...values, kind: 'phones' };
  if (values.kind === 'tags') {
    if (values.tags.length === 0) errors[hasTagBlock ? 'tags' : 'audience'] = t(locale, hasTagBlock ? 'slack.error.tagsRequired' : 'slack.error.noTags');
    audience = { kind: 'tags', tags: values.tags };
  } else if (values.kind === 'phones') {
    const parsed = parsePhoneList(values.phones, defaultCountry);
    if (parsed.invalid.length > 0) {
      const lines = parsed.invalid
        .slice(0, MAX_INVALID_LINES)
        .map((i) => t(locale, 'slack.error.invalidLine', { line: i.line, value: clip(i.value, 40), reason: rejectionText(locale, i.reason) }));
      if (parsed.invalid.length > MAX_INVALID_LINES) {
        lines.push(t(locale, 'slack.error.moreInvalid', { count: parsed.invalid.length - MAX_INVALID_LINES }));
      }
      errors.phones = lines.join('\n');
    } else if (parsed.phones.length === 0) {
      errors.phones = t(locale, 'slack.error.phonesRequired');
    }
    audience = { kind: 'phones', phones: parsed.phones };
  }
  return Object.keys(errors).length > 0 ? { errors } : { audience };
}

/** Codes of the template rule (campaigns/draft-rules.ts): shown on the template picker, or else the number picker. */
const TEMPLATE_RULE = new Set(['template_required', 'template_needs_cloud']);

/**
 * Where an error of the preview / create use cases belongs in the form; `blocks` are the input blocks the
 * submitted form has (its `state.values` keys): an error on a block the form lacks would make Slack refuse them all.
 */
export function blockForError(code: string, kind: AudienceKind, blocks: readonly string[] = []): string {
  if (code === 'no_recipients') return kind === 'phones' ? 'phones' : kind === 'tags' ? 'tags' : 'audience';
  if (code === 'empty_title' || code === 'title_too_long') return 'title';
  if (TEMPLATE_RULE.has(code)) return ['wa_template', 'account'].find((b) => blocks.includes(b)) ?? 'message';
  return 'message';
}

/** Step 2: the preview — message for the first recipient, recipient count, duration, daily-cap warning. */
export function previewView(preview: CampaignPreview, title: string, draftId: string, locale: Locale, extra: Block[] = []): ModalView {
  const n = (v: number) => formatNumber(locale, v);
  // Under a second it reads "<1s": escaped like every other text in mrkdwn.
  const duration = escapeMrkdwn(formatDuration(locale, preview.estimatedDurationMs));
  const lines = [
    `*${escapeMrkdwn(title)}*`,
    // One rule with Telegram: selected − removed = recipients, so the figures always add up.
    t(locale, 'slack.preview.recipients', { counts: describeRecipientSum(locale, preview) }),
  ];
  lines.push(
    preview.ratePerMinute > 0
      ? t(locale, 'slack.preview.duration', { duration, rate: n(preview.ratePerMinute) })
      : t(locale, 'slack.preview.unpaced', { duration }),
  );
  const quota = describeQuota(preview.newChatQuota, locale);
  if (quota) lines.push(preview.overNewChatQuota ? `:warning: ${quota}` : quota);
  lines.push(...emptyVariableWarnings(preview.emptyVariables ?? [], preview.total, locale).map(escapeMrkdwn));
  const blocks: Block[] = [section(lines.join('\n'))];
  // The pre-send risk report, compact: level, figures, one line per reason (same words as Telegram and the CLI).
  blocks.push(context(escapeMrkdwn(clip(describeRisk(locale, preview.risk).join('\n'), 2900))));
  if (preview.overDailyCap) {
    blocks.push(
      // A Cloud number's limit frees up as its 24-hour window moves, not "tomorrow".
      context(
        t(locale, preview.dailyCapRolling ? 'slack.preview.tierCap' : 'slack.preview.dailyCap', {
          sentToday: n(preview.sentToday),
          dailyCap: n(preview.dailyCap),
        }),
      ),
    );
  }
  blocks.push(
    { type: 'divider' },
    section(
      `${t(locale, 'slack.preview.sample', { recipient: preview.firstRecipient ?? '—' })}\n${quote(escapeMrkdwn(clip(preview.sample, 2800)))}`,
    ),
    ...extra,
  );
  return {
    type: 'modal',
    callback_id: PREVIEW,
    private_metadata: draftId,
    title: plain(t(locale, 'slack.modal.previewTitle'), 24),
    submit: plain(t(locale, 'slack.modal.send'), 24),
    close: plain(t(locale, 'slack.modal.back'), 24),
    blocks,
  };
}

/** A "working on it" view for a preview that takes longer than Slack waits for an answer. */
export function loadingView(locale: Locale): ModalView {
  return {
    type: 'modal',
    callback_id: 'broadcast_loading',
    title: plain(t(locale, 'slack.modal.title'), 24),
    close: plain(t(locale, 'slack.modal.cancel'), 24),
    blocks: [section(t(locale, 'slack.preview.loading'))],
  };
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}
