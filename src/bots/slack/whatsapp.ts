/**
 * `/whatsapp` in Slack: `status` (default), `link` (QR codes uploaded as images to the admin's DM, each
 * new one replacing the last) or `link +62…` (a pairing code), and `logout`. The work is done by the
 * surface-neutral use cases in src/whatsapp/admin.ts; only allowlisted users may run it.
 */
import type { RespondArguments } from '@slack/bolt';
import { normalizePhone } from '../../campaigns/phone.js';
import type { Locale } from '../../campaigns/types.js';
import type { LinkRequest } from '../../whatsapp/account.js';
import { describeLinkPrompt, describeQuota, describeStatus, dryRunLinkRefusal, type LinkPrompt, type WhatsAppAdmin } from '../../whatsapp/admin.js';
import { accountAdmin, accountsSection, isAccountName } from '../../whatsapp/account-admin.js';
import { slackErrorCode } from './client.js';
import type { CommandArgs } from './commands.js';
import { errorText, slackActor, type SlackDeps } from './deps.js';
import { t } from './i18n.js';

/** Handles `/whatsapp …`. */
export async function onWhatsApp(deps: SlackDeps, admin: () => WhatsAppAdmin, args: CommandArgs): Promise<void> {
  const { command, ack, respond } = args;
  await ack();
  const [first = '', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
  const sub = first.toLowerCase() || 'status';
  const locale = await deps.locales.of(command.user_id);
  const actor = slackActor({ id: command.user_id, name: command.user_name }, command.channel_id, locale);
  if (!(await deps.access.allows(command.user_id))) {
    await deps.access.refuse(actor, `slack.whatsapp.${sub}`, null, locale);
    return;
  }
  const reply = (message: RespondArguments) => respond({ response_type: 'ephemeral', ...message });
  try {
    if (sub === 'status') {
      const lines = [
        describeStatus(await admin().status(), locale),
        describeQuota(await admin().quota(), locale),
        // With several numbers: each one, its driver and the worker sending for it.
        await accountsSection(deps.app, locale),
      ];
      await reply({ text: lines.filter(Boolean).join('\n') });
    } else if (sub === 'link') {
      // `/whatsapp link NAME [+62…]` links another sender account; without a name, `default`.
      const name = (await isAccountName(deps.app, rest[0])) ? (rest.shift() as string) : null;
      const named = name ? await accountAdmin(deps.app, name) : null;
      try {
        const target = named?.admin ?? admin();
        const request = linkRequest(rest[0], deps.app.config.DEFAULT_COUNTRY);
        if ('error' in request) {
          await reply({ text: t(locale, 'whatsapp.error.bad_phone', { phone: request.error }) });
          return;
        }
        // In dry-run there is nothing to link: say that once instead of "preparing…" followed by the refusal.
        const status = await target.status();
        if (status.driver === 'dry-run' && !status.autoFallback) {
          await reply({ text: dryRunLinkRefusal(locale, name) });
          return;
        }
        await reply({ text: t(locale, 'slack.whatsapp.linking') });
        await link(deps, target, request, command.user_id, locale);
      } finally {
        await named?.close();
      }
    } else if (sub === 'logout') {
      await admin().logout();
      await deps.app.store.audit.record({ actor, action: 'whatsapp.logout', target: null, outcome: 'ok', detail: null });
      await reply({ text: t(locale, 'whatsapp.logout.done') });
    } else {
      await reply({ text: t(locale, 'slack.whatsapp.help') });
    }
  } catch (error) {
    await reply({ text: errorText(deps, error, locale) });
  }
}

function linkRequest(phone: string | undefined, country: string): LinkRequest | { error: string } {
  if (!phone) return { mode: 'qr' };
  const normalized = normalizePhone(phone, country);
  return normalized.ok ? { mode: 'pairing', phone: normalized.phone } : { error: phone };
}

/** Runs the link in the admin's DM: every QR code as an image (the previous one deleted), then the outcome. */
async function link(deps: SlackDeps, admin: WhatsAppAdmin, request: LinkRequest, userId: string, locale: Locale): Promise<void> {
  const { client } = deps;
  const dm = (await client.conversations.open({ users: userId })).channel?.id;
  if (!dm) throw new Error('conversations.open returned no channel id; check the im:write scope');
  let shownFile: string | null = null;
  const show = async (prompt: LinkPrompt) => {
    const text = describeLinkPrompt(prompt, locale);
    if (!prompt.png) {
      await client.chat.postMessage({ channel: dm, text });
      return;
    }
    const uploaded = await client.filesUploadV2({ channel_id: dm, file: prompt.png, filename: 'whatsapp-link-qr.png', initial_comment: text });
    const previous = shownFile;
    shownFile = uploadedFileId(uploaded) ?? null;
    if (previous) await deleteFile(deps, previous);
  };
  try {
    const outcome = await admin.link(request, show);
    const account = outcome.state.account ?? t(locale, 'whatsapp.status.unknown_account');
    const done = t(locale, 'whatsapp.link.done', { account });
    await client.chat.postMessage({ channel: dm, text: outcome.restartNeeded ? `${done} ${t(locale, 'whatsapp.link.restart')}` : done });
  } catch (error) {
    await client.chat.postMessage({ channel: dm, text: errorText(deps, error, locale) });
  } finally {
    // A QR code left in the chat is useless once linking ended, and better not lying around.
    if (shownFile) await deleteFile(deps, shownFile);
  }
}

function uploadedFileId(result: unknown): string | undefined {
  const files = (result as { files?: { files?: { id?: string }[] }[] }).files;
  return files?.[0]?.files?.[0]?.id;
}

async function deleteFile(deps: SlackDeps, file: string): Promise<void> {
  try {
    await deps.client.files.delete({ file });
  } catch (error) {
    deps.app.logger.info({ code: slackErrorCode(error), file }, 'could not delete an old WhatsApp QR image in Slack');
  }
}
