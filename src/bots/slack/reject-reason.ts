/**
 * The "why reject?" modal of Slack approvals, shared by campaign and schedule approvals: the modal (bound by its
 * metadata to what it was opened for) and its submit (access check, a reason required, the reject use case run once
 * per modal, the outcome told to the admin).
 */
import type { Locale } from '../../campaigns/types.js';
import '../../i18n/approval.js';
import { escapeMrkdwn, plain, section, type ModalView } from './blocks.js';
import { errorText, slackActor, tell, type SlackDeps } from './deps.js';
import { t } from './i18n.js';
import type { ViewArgs } from './wizard.js';

type Actor = ReturnType<typeof slackActor>;

/** The reason modal: `heading` names what is rejected; `metadata` (with the channel) comes back on submit. */
export function reasonModal(options: { callbackId: string; title: string; heading: string; metadata: Record<string, string>; locale: Locale }): ModalView {
  const { locale } = options;
  return {
    type: 'modal',
    callback_id: options.callbackId,
    private_metadata: JSON.stringify(options.metadata),
    title: plain(options.title, 24),
    submit: plain(t(locale, 'approval.modalSubmit'), 24),
    blocks: [
      section(escapeMrkdwn(options.heading)),
      {
        type: 'input',
        block_id: 'reason',
        label: plain(t(locale, 'approval.reasonLabel'), 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}

/**
 * A reason modal submitted: refused (audited as `action`) unless `permitted`, asked again without a reason, else
 * `reject(metadata, actor, reason, key)` with a key unique to this modal, and the outcome told.
 */
export async function submitReason<M extends { id?: string; channel?: string }>(
  deps: SlackDeps,
  { ack, body, view }: ViewArgs,
  options: { action: string; permitted: boolean; reject: (meta: M, actor: Actor, reason: string, key: string) => Promise<unknown> },
): Promise<void> {
  const locale = await deps.locales.of(body.user.id);
  const meta = JSON.parse(view.private_metadata || '{}') as M;
  const actor = slackActor(body.user, meta.channel || undefined, locale);
  if (!(await deps.access.allows(body.user.id)) || !options.permitted) {
    await ack();
    await deps.access.refuse(actor, options.action, meta.id ?? null, locale, false);
    return;
  }
  const reason = (view.state.values.reason?.value?.value ?? '').trim();
  if (!reason) {
    await ack({ response_action: 'errors', errors: { reason: t(locale, 'approval.reasonRequired') } });
    return;
  }
  await ack();
  try {
    await options.reject(meta, actor, reason, `slack:reject:${view.id}`);
    await tell(deps, actor, t(locale, 'approval.done.rejected'));
  } catch (error) {
    await tell(deps, actor, errorText(deps, error, locale));
  }
}
