/**
 * Scheduling from Slack: a "Schedule…" button on the preview pushes a step with date and time pickers or
 * a cron expression / preset; `/broadcast schedules` lists, pauses, resumes and deletes schedules. The
 * rules live in the schedule use cases (src/schedules/use-cases.ts); this module only asks and shows.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DomainError } from '../../campaigns/errors.js';
import type { Locale } from '../../campaigns/types.js';
import '../../i18n/schedule-approval.js';
import { pendingScheduleIds } from '../../schedules/approval.js';
import { scheduleLine } from '../../schedules/describe.js';
import type { SavedSchedule, ScheduleUseCases } from '../../schedules/use-cases.js';
import { noticeView, plain, type Block, type ModalView } from './blocks.js';
import type { Subcommand } from './commands.js';
import { errorText, slackActor, tell, type SlackDeps } from './deps.js';
import { formatNumber, t } from './i18n.js';
import { deleteDraft, loadDraft } from './drafts.js';
import type { ViewArgs } from './wizard.js';

export const SCHEDULE_BUTTON = 'broadcast_schedule';
export const SCHEDULE_VIEW = 'broadcast_schedule_save';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The "Schedule…" button shown on the preview next to Send. */
export function scheduleButtonBlock(draftId: string, locale: Locale): Block {
  return {
    type: 'actions',
    block_id: 'schedule',
    elements: [{ type: 'button', action_id: SCHEDULE_BUTTON, value: draftId, text: plain(t(locale, 'slack.schedule.button'), 75) }],
  };
}

/** The schedule step: once at a date and time (in a time zone), or recurring with a cron expression or preset. */
export function scheduleView(draftId: string, locale: Locale, timezone: string): ModalView {
  const options = [
    { text: plain(t(locale, 'slack.schedule.once'), 75), value: 'once' },
    { text: plain(t(locale, 'slack.schedule.cron'), 75), value: 'cron' },
  ];
  const optional = (block_id: string, label: string, element: Record<string, unknown>, hint?: string): Block =>
    ({
      type: 'input',
      block_id,
      optional: true,
      label: plain(label, 2000),
      element: { action_id: 'value', ...element },
      ...(hint ? { hint: plain(hint, 2000) } : {}),
    }) as Block;
  return {
    type: 'modal',
    callback_id: SCHEDULE_VIEW,
    private_metadata: draftId,
    title: plain(t(locale, 'slack.schedule.title'), 24),
    submit: plain(t(locale, 'slack.schedule.save'), 24),
    close: plain(t(locale, 'slack.modal.back'), 24),
    blocks: [
      {
        type: 'input',
        block_id: 'kind',
        label: plain(t(locale, 'slack.schedule.kind'), 2000),
        element: { type: 'radio_buttons', action_id: 'value', options, initial_option: options[0] },
      },
      optional('date', t(locale, 'slack.schedule.date'), { type: 'datepicker' }),
      optional('time', t(locale, 'slack.schedule.time'), { type: 'timepicker' }),
      optional('cron', t(locale, 'slack.schedule.cronField'), { type: 'plain_text_input' }, t(locale, 'slack.schedule.cronHint')),
      optional('tz', t(locale, 'slack.schedule.timezone'), { type: 'plain_text_input', initial_value: timezone }),
      optional('name', t(locale, 'slack.schedule.name'), { type: 'plain_text_input', max_length: 120 }, t(locale, 'slack.schedule.nameHint')),
    ],
  };
}

/** "Schedule…" pressed on the preview: push the schedule step. */
export async function onScheduleButton(deps: SlackDeps, { ack, body, action }: ButtonArgs): Promise<void> {
  await ack();
  const locale = await deps.locales.of(body.user.id);
  if (!(await deps.access.allows(body.user.id))) {
    await deps.access.refuse(slackActor(body.user, undefined, locale), 'slack.schedule', null, locale);
    return;
  }
  await deps.client.views.push({
    trigger_id: body.trigger_id,
    view: scheduleView(action.value ?? '', locale, deps.app.config.SCHEDULE_TIMEZONE),
  });
}

/** The schedule step submitted: save it (inline errors for a bad time, cron or zone), close the modal, confirm. */
export async function submitSchedule(deps: SlackDeps, schedules: ScheduleUseCases, { ack, body, view }: ViewArgs): Promise<void> {
  const locale = await deps.locales.of(body.user.id);
  if (!(await deps.access.allows(body.user.id))) {
    await ack({ response_action: 'update', view: noticeView(locale, t(locale, 'slack.refused')) });
    await deps.access.refuse(slackActor(body.user, undefined, locale), 'slack.schedule.save', null, locale, false);
    return;
  }
  const stored = await loadDraft(deps, view.private_metadata);
  if (!stored) {
    await ack({ response_action: 'update', view: noticeView(locale, t(locale, 'slack.preview.expired')) });
    return;
  }
  const values = view.state.values;
  const text = (block: string) => (values[block]?.value?.value ?? '').trim();
  const kind = values.kind?.value?.selected_option?.value === 'cron' ? 'cron' : 'once';
  const date = values.date?.value?.selected_date ?? '';
  const time = values.time?.value?.selected_time ?? '';
  if (kind === 'once' && (!date || !time)) {
    await ack({ response_action: 'errors', errors: { [date ? 'time' : 'date']: t(locale, 'slack.schedule.whenRequired') } });
    return;
  }
  if (kind === 'cron' && !text('cron')) {
    await ack({ response_action: 'errors', errors: { cron: t(locale, 'slack.schedule.cronRequired') } });
    return;
  }
  const actor = slackActor(body.user, stored.channel, locale);
  let saved: SavedSchedule;
  try {
    saved = await schedules.create(
      {
        ...stored.draft,
        ...(text('name') ? { name: text('name') } : {}),
        ...(kind === 'once' ? { at: `${date} ${time}` } : { cron: text('cron') }),
        ...(text('tz') ? { timezone: text('tz') } : {}),
      },
      actor,
    );
  } catch (error) {
    const block = error instanceof DomainError ? blockForScheduleError(error.code, kind) : 'kind';
    await ack({ response_action: 'errors', errors: { [block]: errorText(deps, error, locale) } });
    return;
  }
  await ack({ response_action: 'clear' });
  await deleteDraft(deps, view.private_metadata);
  await tell(deps, actor, savedText(saved, locale));
}

/** `/broadcast schedules [list | pause ID | resume ID | delete ID]`. */
export function schedulesSubcommand(schedules: () => ScheduleUseCases): Subcommand {
  return async (deps, { command }, rest, locale) => {
    const [action = 'list', id] = rest;
    const actor = slackActor({ id: command.user_id, name: command.user_name }, command.channel_id, locale);
    if (action === 'list') {
      const all = await schedules().list();
      if (all.length === 0) return { text: t(locale, 'schedule.list.empty') };
      const pending = await pendingScheduleIds(deps.app, all);
      return { text: [t(locale, 'slack.schedule.listHeader'), ...all.map((s) => `• ${scheduleLine(s, locale, pending.has(s.id))}`)].join('\n') };
    }
    if (!['pause', 'resume', 'delete'].includes(action)) return { text: t(locale, 'slack.help.schedules') };
    if (!id) return { text: t(locale, 'slack.schedule.needId', { action }) };
    if (action === 'pause') return { text: t(locale, 'schedule.paused', { id: (await schedules().pause(id, actor)).id }) };
    if (action === 'delete') {
      await schedules().delete(id, actor);
      return { text: t(locale, 'schedule.deleted', { id }) };
    }
    const resumed = await schedules().resume(id, actor);
    return { text: [t(locale, 'schedule.resumed', { id: resumed.schedule.id }), ...nextRuns(resumed, locale)].join('\n') };
  };
}

function savedText(saved: SavedSchedule, locale: Locale): string {
  return [
    t(locale, 'schedule.saved', { name: saved.schedule.name, id: saved.schedule.id }),
    ...nextRuns(saved, locale),
    t(locale, 'schedule.recipients_now', { total: formatNumber(locale, saved.recipientsNow) }),
    ...(saved.awaitingApproval ? [t(locale, 'schedule.approval.waiting')] : []),
  ].join('\n');
}

function nextRuns(saved: SavedSchedule, locale: Locale): string[] {
  return saved.nextRunsText.length > 0 ? [t(locale, 'schedule.next_runs'), ...saved.nextRunsText.map((r) => `• ${r}`)] : [];
}

function blockForScheduleError(code: string, kind: 'once' | 'cron'): string {
  if (code === 'bad_timezone') return 'tz';
  if (code === 'empty_name') return 'name';
  if (['bad_cron', 'bad_input'].includes(code)) return 'cron';
  if (['bad_time', 'time_past', 'no_when'].includes(code)) return kind === 'cron' ? 'cron' : 'date';
  return 'kind';
}
