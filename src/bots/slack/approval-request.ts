/**
 * The request message of a two-person approval in SLACK_ADMIN_CHANNEL, shared by campaign and schedule approvals:
 * posted with Approve / Reject buttons and remembered, then settled: the buttons go and the outcome is appended.
 */
import type { WebClient } from '@slack/web-api';
import type { App } from '../../app-types.js';
import type { Locale } from '../../campaigns/types.js';
import '../../i18n/approval.js';
import { clip, escapeMrkdwn, plain, section, type Block } from './blocks.js';
import { slackErrorCode } from './client.js';
import { t } from './i18n.js';

const KEEP_MS = 30 * 24 * 3600_000;

interface PostedRequest {
  channel: string;
  ts: string;
  locale: Locale;
  text: string;
}

export interface RequestMessage {
  /** The key-value namespace the posted message is remembered in, and its key there. */
  namespace: string;
  key: string;
  /** The request's lines (not yet escaped), in BOT_LOCALE. */
  lines: (locale: Locale, clipLine: (text: string) => string) => string[];
  blockId: string;
  approveAction: string;
  rejectAction: string;
  /** The buttons' value: what they are bound to. */
  value: string;
  /** Log fields naming the campaign or schedule, and what the request is in a log line ('an approval request'). */
  log: Record<string, string>;
  what: string;
}

/** Posts the request with its buttons to SLACK_ADMIN_CHANNEL (a warning when none is set) and remembers it. */
export async function postApprovalRequest(app: App, client: WebClient, request: RequestMessage): Promise<void> {
  const channel = app.config.SLACK_ADMIN_CHANNEL;
  if (!channel) {
    app.logger.warn({ platform: 'slack', ...request.log }, `no Slack channel for ${request.what}: set SLACK_ADMIN_CHANNEL`);
    return;
  }
  const locale = app.config.BOT_LOCALE;
  const text = escapeMrkdwn(request.lines(locale, (x) => clip(x, 1500)).join('\n'));
  const { value } = request;
  const blocks: Block[] = [
    section(clip(text, 2900)),
    {
      type: 'actions',
      block_id: request.blockId,
      elements: [
        { type: 'button', action_id: request.approveAction, value, style: 'primary', text: plain(t(locale, 'approval.button.approve'), 75) },
        { type: 'button', action_id: request.rejectAction, value, style: 'danger', text: plain(t(locale, 'approval.button.reject'), 75) },
      ],
    },
  ];
  const posted = await client.chat.postMessage({ channel, text, blocks, unfurl_links: false });
  if (!posted.ts) return;
  const record: PostedRequest = { channel, ts: posted.ts, locale, text };
  await app.store.kv.set(request.namespace, request.key, JSON.stringify(record), KEEP_MS);
}

/** Takes the buttons off a posted request and appends the outcome line (in the request's language). */
export async function settleApprovalRequest(
  app: App,
  client: WebClient,
  where: Pick<RequestMessage, 'namespace' | 'key' | 'log' | 'what'>,
  outcome: (locale: Locale) => string,
): Promise<void> {
  const raw = await app.store.kv.get(where.namespace, where.key);
  if (!raw) return;
  const posted = JSON.parse(raw) as PostedRequest;
  const text = `${posted.text}\n\n${escapeMrkdwn(outcome(posted.locale))}`;
  // The buttons go: nothing on a decided request can be pressed again.
  await client.chat.update({ channel: posted.channel, ts: posted.ts, text, blocks: [section(clip(text, 2900))] }).catch((error: unknown) => {
    app.logger.warn({ platform: 'slack', code: slackErrorCode(error), ...where.log }, `could not settle ${where.what}`);
  });
}
