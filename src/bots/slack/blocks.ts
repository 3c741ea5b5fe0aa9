/**
 * Block Kit for campaign messages: the live progress message with its buttons, the completion summary
 * with Details, and the Details modal. The words come from the shared renderer (progress-view.ts) so
 * Slack says exactly what Telegram and the terminal say.
 */
import { escapeSlackText } from './escape.js';
import type { types } from '@slack/bolt';
import { allowedActions, allowedActionsOfView } from '../../campaigns/actions.js';
import type { CampaignDetails } from '../../campaigns/use-cases.js';
import type { CampaignSummary, ProgressView } from '../../campaigns/ports.js';
import { renderProgressText, renderSummaryText } from '../../campaigns/progress-view.js';
import { failureReason } from '../../campaigns/status-wording.js';
import type { Locale } from '../../campaigns/types.js';
import { t } from './i18n.js';

export type Block = types.KnownBlock;
export type ModalView = types.ModalView;

/** A message as chat.postMessage / chat.update take it. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** The action ids of the campaign buttons; the button value is the campaign id. */
export const ACTIONS = {
  pause: 'campaign_pause',
  resume: 'campaign_resume',
  cancel: 'campaign_cancel',
  details: 'campaign_details',
  retry: 'campaign_retry',
} as const;

export type CampaignAction = keyof typeof ACTIONS;

/** Slack's limits: section text 3000, header 150, button text 75, modal title 24 characters. */
const SECTION_MAX = 3000;

/** Escapes the three characters Slack's mrkdwn treats as markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const plain = (text: string, max = 3000): types.PlainTextElement => ({ type: 'plain_text', text: clip(text, max), emoji: true });
export const mrkdwn = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text: clip(text, SECTION_MAX) });
export const section = (text: string): types.SectionBlock => ({ type: 'section', text: mrkdwn(text) });
export const context = (text: string): types.ContextBlock => ({ type: 'context', elements: [mrkdwn(text)] });

/** A campaign button; Cancel asks for confirmation first. */
export function campaignButton(action: CampaignAction, campaignId: string, locale: Locale, title = ''): types.Button {
  const button: types.Button = {
    type: 'button',
    action_id: ACTIONS[action],
    value: campaignId,
    text: plain(t(locale, `slack.button.${action}`), 75),
  };
  if (action === 'resume') button.style = 'primary';
  if (action === 'cancel') {
    button.style = 'danger';
    button.confirm = {
      title: plain(t(locale, 'slack.confirm.cancelTitle'), 100),
      text: plain(t(locale, 'slack.confirm.cancelText', { title }), 300),
      confirm: plain(t(locale, 'slack.confirm.yes'), 30),
      deny: plain(t(locale, 'slack.confirm.no'), 30),
      style: 'danger',
    };
  }
  return button;
}

/** Which buttons fit a campaign in this status: the controls allowedActions gives (Details once it ended). */
export function buttonsFor(view: ProgressView): CampaignAction[] {
  const controls = allowedActionsOfView(view);
  return view.final ? ['details', ...controls] : controls;
}

/** The live progress message: title, bar, counts, rate and ETA, and Pause / Resume / Cancel. */
export function progressMessage(view: ProgressView, locale: Locale): SlackMessage {
  const text = renderProgressText(view, locale);
  // The renderer's first line is the title, which the header shows.
  const body = text.split('\n').slice(1).join('\n');
  const blocks: Block[] = [
    { type: 'header', text: plain(`📢 ${view.title}`, 150) },
    section(escapeMrkdwn(body)),
    context(t(locale, 'slack.context.id', { id: view.campaignId })),
  ];
  const buttons = buttonsFor(view);
  // Slack refuses an actions block without elements.
  if (buttons.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: `campaign:${view.campaignId}`,
      elements: buttons.map((a) => campaignButton(a, view.campaignId, locale, view.title)),
    });
  }
  return { text: escapeSlackText(text), blocks };
}

/** The completion summary for the admin channel, with Details (and Retry when something failed). */
export function summaryMessage(summary: CampaignSummary, locale: Locale): SlackMessage {
  const text = renderSummaryText(summary, locale);
  const { campaign } = summary;
  const actions: CampaignAction[] = ['details', ...allowedActions(campaign)];
  return {
    text: escapeSlackText(text),
    blocks: [
      section(escapeMrkdwn(text)),
      context(t(locale, 'slack.context.id', { id: campaign.id })),
      {
        type: 'actions',
        block_id: `summary:${campaign.id}`,
        elements: actions.map((a) => campaignButton(a, campaign.id, locale, campaign.title)),
      },
    ],
  };
}

/** One line per failure: "+62812… — nomor tidak terdaftar di WhatsApp". */
export function failureLines(
  failures: { phone: string; errorCode: string | null; errorText: string | null }[],
  locale: Locale,
): string {
  if (failures.length === 0) return t(locale, 'slack.details.noFailures');
  return failures
    .map((f) => t(locale, 'slack.details.failure', { phone: f.phone, reason: escapeMrkdwn(failureReason(locale, f.errorCode, f.errorText)) }))
    .join('\n');
}

/** The Details modal: the final progress text, up to 20 failures with reasons, and where the CSV went. */
export function detailsView(details: CampaignDetails, locale: Locale, csvPosted: boolean): ModalView {
  const failures = details.failures.map((r) => ({ phone: r.phone, errorCode: r.errorCode, errorText: r.errorText }));
  const blocks: Block[] = [
    section(escapeMrkdwn(renderProgressText(details.view, locale))),
    { type: 'divider' },
    section(`${t(locale, 'slack.details.failures')}\n${failureLines(failures, locale)}`),
  ];
  if (csvPosted) blocks.push(context(t(locale, 'slack.details.csv')));
  return {
    type: 'modal',
    callback_id: 'campaign_details',
    title: plain(t(locale, 'slack.details.title'), 24),
    close: plain(t(locale, 'slack.modal.close'), 24),
    blocks,
  };
}

/** A small modal with one message (expired drafts, refusals after the modal was opened). */
export function noticeView(locale: Locale, text: string): ModalView {
  return {
    type: 'modal',
    title: plain(t(locale, 'slack.modal.title'), 24),
    close: plain(t(locale, 'slack.modal.close'), 24),
    blocks: [section(escapeMrkdwn(text))],
  };
}
