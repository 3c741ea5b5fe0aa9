/**
 * A contacts file (CSV, Google Contacts/Outlook export, vCard) shared in a DM with the app is imported with
 * the same rules and the same summary as `broadcast-bot customers import` and Telegram's /import.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderImportSummary } from '../../campaigns/customers/summary.js';
import type { Actor, Locale } from '../../campaigns/types.js';
import '../../i18n/customers.js';
import { slackErrorCode } from './client.js';
import { errorText, slackActor, type SlackDeps } from './deps.js';
import { formatNumber, t } from './i18n.js';

/** Larger files belong on the command line; Slack downloads of this size already take a while. */
export const MAX_SLACK_IMPORT_BYTES = 50 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

interface SharedFile {
  id?: string;
  name?: string | null;
  size?: number;
  url_private_download?: string;
}

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** Bolt listener for `message` events: imports the files of a `file_share` message in a DM with the app. */
export async function onDirectMessageFile(deps: SlackDeps, { event }: MessageArgs): Promise<void> {
  if (event.subtype !== 'file_share' || event.channel_type !== 'im') return;
  const locale = await deps.locales.of(event.user);
  const actor = slackActor({ id: event.user }, event.channel, locale);
  const files = (event.files ?? []) as SharedFile[];
  if (!(await deps.access.allows(event.user))) {
    await deps.access.refuse(actor, 'slack.customers.import', files[0]?.name ?? null, locale);
    return;
  }
  for (const file of files) await importSharedFile(deps, file, actor, locale, event.channel);
}

async function importSharedFile(
  deps: SlackDeps,
  file: SharedFile,
  actor: Actor,
  locale: Locale,
  channel: string,
): Promise<void> {
  const name = file.name ?? file.id ?? 'file';
  if ((file.size ?? 0) > MAX_SLACK_IMPORT_BYTES) {
    await say(
      deps,
      channel,
      t(locale, 'slack.import.too_big', { mb: formatNumber(locale, MAX_SLACK_IMPORT_BYTES / 1024 / 1024) }),
    );
    return;
  }
  await say(deps, channel, t(locale, 'slack.import.started', { name }));
  let text: string;
  try {
    const body = await download(deps, file);
    const report = await deps.app.customers.importCsv(body, actor);
    text = renderImportSummary(report, locale);
  } catch (error) {
    text = t(locale, 'slack.import.failed', { reason: errorText(deps, error, locale) });
  }
  await say(deps, channel, text);
}

/**
 * Streams the file from Slack with the bot token. The token only goes to Slack's own hosts (or to
 * SLACK_API_URL's, where tests run a fake): a file URL elsewhere is refused.
 */
async function download(deps: SlackDeps, file: SharedFile): Promise<NodeJS.ReadableStream> {
  const { config } = deps.app;
  const url = file.url_private_download ? new URL(file.url_private_download) : null;
  const apiOrigin = new URL(config.SLACK_API_URL).origin;
  if (
    url === null ||
    !(url.origin === apiOrigin || (url.protocol === 'https:' && url.hostname.endsWith('.slack.com')))
  ) {
    throw new Error(`Slack gave no usable download address for file ${file.id ?? '?'}`);
  }
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${config.SLACK_BOT_TOKEN ?? ''}` },
    // A stalled download must not hold the import (and its reply) forever.
    signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
  });
  if (!response.ok || !response.body) throw new Error(`Slack answered ${response.status} to the file download`);
  return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
}

async function say(deps: SlackDeps, channel: string, text: string): Promise<void> {
  try {
    await deps.client.chat.postMessage({ channel, text });
  } catch (error) {
    deps.app.logger.warn({ code: slackErrorCode(error), channel }, 'could not answer a contacts import in Slack');
  }
}
