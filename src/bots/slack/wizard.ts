/**
 * The /broadcast modal, step by step: open the form, check it (inline errors), show the preview, and on
 * Send create the campaign through the shared use case and post its progress message.
 */
import { listAccounts } from '../../whatsapp/accounts.js';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { CampaignDraft, CampaignPreview } from '../../campaigns/use-cases.js';
import { DomainError } from '../../campaigns/errors.js';
import type { Locale } from '../../campaigns/types.js';
import { noticeView } from './blocks.js';
import { errorText, slackActor, tell, type SlackDeps } from './deps.js';
import { t } from './i18n.js';
import {
  blockForError,
  checkCompose,
  composeView,
  loadingView,
  previewView,
  readCompose,
  type ComposeContext,
  type ComposeValues,
} from './modal.js';
import { deleteDraft, loadDraft, saveDraft } from './drafts.js';
import { postProgressMessage } from './progress-post.js';
import { scheduleButtonBlock } from './schedules.js';
import { accountTemplateDraft, cloudAccountsTemplates } from '../../whatsapp/account-templates.js';
import { parseParamArgs } from '../../whatsapp/cloud/templates.js';

/** Slack waits 3 s for an answer to a submission; a slower preview is answered with a loading view. */
const PREVIEW_DEADLINE_MS = 2_000;

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Opens step 1 of the modal with the audience counts. */
export async function openWizard(deps: SlackDeps, triggerId: string, channelId: string, locale: Locale): Promise<void> {
  const [customerCount, tags, accounts, templates] = await Promise.all([
    deps.app.customers.count(),
    deps.app.customers.tags(),
    senderAccounts(deps),
    templatesOf(deps),
  ]);
  await deps.client.views.open({
    trigger_id: triggerId,
    view: composeView({ locale, customerCount, tags, defaultCountry: deps.app.config.DEFAULT_COUNTRY, channelId, accounts, ...templates }),
  });
}

/** The active sender accounts for "from which number?" (asked only when there are several). */
async function senderAccounts(deps: SlackDeps): Promise<{ name: string; driver: string }[]> {
  const accounts = await listAccounts(deps.app.store, deps.app.config);
  return accounts.filter((a) => a.status === 'active').map((a) => ({ name: a.name, driver: a.driver }));
}
/**
 * With Cloud API numbers: their approved templates for the picker (the form then maps parameters). The form cannot
 * refresh when the number is picked, so every Cloud number's templates are listed with the numbers that have each,
 * and the submit checks the choice against the chosen number (the shared template rule).
 */
async function templatesOf(deps: SlackDeps): Promise<Pick<ComposeContext, 'templates' | 'templatesOptional'>> {
  const { templates, allCloud } = await cloudAccountsTemplates(deps.app);
  if (templates.length === 0 && !allCloud) return {};
  return { templates, ...(allCloud ? {} : { templatesOptional: true }) };
}

/** The draft of the submitted form: free text, or the picked template with its parameters (the shared rule). */
async function draftOf(deps: SlackDeps, values: ComposeValues, audience: CampaignDraft['audience']): Promise<CampaignDraft> {
  if (!values.template) return { title: values.title, template: values.message, audience };
  const bar = values.template.lastIndexOf('|');
  const lines = values.message.split('\n').map((line) => line.trim()).filter(Boolean);
  // Checked against the number the campaign is sent from (the form lists every Cloud number's templates).
  const chosen = await accountTemplateDraft(deps.app, values.account, {
    name: values.template.slice(0, bar),
    language: values.template.slice(bar + 1),
    params: parseParamArgs(lines),
  });
  return { title: values.title, template: chosen.text, whatsappTemplate: chosen.whatsappTemplate, audience };
}

/** Step 1 submitted: inline errors, or the preview pushed as step 2. */
export async function submitCompose(deps: SlackDeps, { ack, body, view }: ViewArgs): Promise<void> {
  const locale = await deps.locales.of(body.user.id);
  const channel = readChannel(view.private_metadata);
  const actor = slackActor(body.user, channel, locale);
  if (!(await deps.access.allows(body.user.id))) {
    await ack({ response_action: 'errors', errors: { message: t(locale, 'slack.refused') } });
    await deps.access.refuse(actor, 'slack.wizard', null, locale, false);
    return;
  }
  const values = readCompose(view.state.values);
  const checked = checkCompose(values, locale, deps.app.config.DEFAULT_COUNTRY, 'tags' in view.state.values);
  if ('errors' in checked) {
    await ack({ response_action: 'errors', errors: checked.errors });
    return;
  }
  const blocks = Object.keys(view.state.values);
  let draft: CampaignDraft;
  try {
    draft = { ...(await draftOf(deps, values, checked.audience)), ...(values.account ? { account: values.account } : {}) };
  } catch (error) {
    const block = error instanceof DomainError ? blockForError(error.code, values.kind, blocks) : 'message';
    await ack({ response_action: 'errors', errors: { [block]: errorText(deps, error, locale) } });
    return;
  }
  const previewing = previewOrErrors(deps, draft, values, locale, blocks);
  const early = await Promise.race([previewing, delay(PREVIEW_DEADLINE_MS)]);
  if (early) {
    if ('errors' in early) await ack({ response_action: 'errors', errors: early.errors });
    else await ack({ response_action: 'push', view: await previewStep(deps, early.preview, draft, channel, locale) });
    return;
  }
  await ack({ response_action: 'update', view: loadingView(locale) });
  const late = await previewing;
  if ('errors' in late) {
    const [customerCount, tags, accounts, templates] = await Promise.all([
      deps.app.customers.count(),
      deps.app.customers.tags(),
      senderAccounts(deps),
      templatesOf(deps),
    ]);
    const banner = Object.values(late.errors).join('\n');
    await deps.client.views.update({
      view_id: view.id,
      view: composeView({ locale, customerCount, tags, defaultCountry: deps.app.config.DEFAULT_COUNTRY, channelId: channel, initial: values, banner, accounts, ...templates }),
    });
  } else {
    await deps.client.views.update({ view_id: view.id, view: await previewStep(deps, late.preview, draft, channel, locale) });
  }
}

/** Step 2 submitted (Send): close the modal, create the campaign, post its progress message. */
export async function submitPreview(deps: SlackDeps, { ack, body, view }: ViewArgs): Promise<void> {
  const locale = await deps.locales.of(body.user.id);
  if (!(await deps.access.allows(body.user.id))) {
    await ack({ response_action: 'update', view: noticeView(locale, t(locale, 'slack.refused')) });
    await deps.access.refuse(slackActor(body.user, undefined, locale), 'slack.wizard.send', null, locale, false);
    return;
  }
  const stored = await loadDraft(deps, view.private_metadata);
  if (!stored) {
    await ack({ response_action: 'update', view: noticeView(locale, t(locale, 'slack.preview.expired')) });
    return;
  }
  await ack({ response_action: 'clear' });
  const draftId = view.private_metadata;
  const { draft, channel } = stored;
  const actor = slackActor(body.user, channel, locale);
  let launched;
  try {
    // The draft id is the idempotency key: a modal submitted twice (Slack retries, double clicks) makes one campaign.
    launched = await deps.app.campaigns.launch({ ...draft, idempotencyKey: `slack:draft:${draftId}` }, actor);
  } catch (error) {
    await tell(deps, actor, t(locale, 'slack.created.error', { reason: errorText(deps, error, locale) }));
    return;
  }
  await deleteDraft(deps, draftId);
  const { campaign, created } = launched;
  // Only the submit that made the campaign posts its progress message.
  if (!created) return;
  try {
    await postProgressMessage(deps, campaign, channel, body.user.id, locale);
  } catch (error) {
    // The campaign is sending anyway; say where to follow it.
    deps.app.logger.error({ err: error, campaignId: campaign.id }, 'could not post the Slack progress message');
    await tell(deps, actor, t(locale, 'slack.created.noProgress', { title: campaign.title, id: campaign.id }));
  }
}

async function previewOrErrors(
  deps: SlackDeps,
  draft: CampaignDraft,
  values: ComposeValues,
  locale: Locale,
  blocks: readonly string[],
): Promise<{ preview: CampaignPreview } | { errors: Record<string, string> }> {
  try {
    const preview = await deps.app.campaigns.preview(draft);
    if (preview.missingVariables.length > 0) {
      return { errors: { message: preview.missingVariables.map((name) => t(locale, 'error.unknown_variable', { name })).join('\n') } };
    }
    if (preview.total === 0) return { errors: { [blockForError('no_recipients', values.kind)]: t(locale, 'error.no_recipients') } };
    return { preview };
  } catch (error) {
    const block = error instanceof DomainError ? blockForError(error.code, values.kind, blocks) : 'message';
    return { errors: { [block]: errorText(deps, error, locale) } };
  }
}

/** Stores the draft and builds step 2 (with "Schedule…" when schedules are available). */
async function previewStep(deps: SlackDeps, preview: CampaignPreview, draft: CampaignDraft, channel: string, locale: Locale) {
  const draftId = await saveDraft(deps, { draft, channel });
  return previewView(preview, draft.title, draftId, locale, deps.schedules ? [scheduleButtonBlock(draftId, locale)] : []);
}

function readChannel(privateMetadata: string): string {
  try {
    const meta = JSON.parse(privateMetadata) as { channel?: unknown };
    if (typeof meta.channel === 'string') return meta.channel;
  } catch {
    // Not ours (or edited): fall through to the error below.
  }
  throw new Error('the /broadcast modal lost its channel (private_metadata); open it again with /broadcast');
}

function delay(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms).unref());
}
