/**
 * Scheduling from Telegram: the wizard's "Schedule…" step (a date and time, a preset such as "every Monday
 * 09:00", or a cron expression) and `/schedules` to list, pause, resume and delete. The rules (parsing,
 * validation, arming) live in the schedule use cases; this module only asks and shows.
 */
import { Composer, InlineKeyboard, type Context } from 'grammy';
import type { CampaignDraft } from '../../campaigns/use-cases.js';
import type { Actor, Locale, Schedule } from '../../campaigns/types.js';
import { formatNumber, t } from '../../i18n/index.js';
import '../../i18n/schedules.js';
import '../../i18n/rulebook.js';
import '../../i18n/schedule-approval.js';
import { pendingScheduleIds } from '../../schedules/approval.js';
import { scheduleLine } from '../../schedules/describe.js';
import type { SavedSchedule } from '../../schedules/use-cases.js';
import { looksLikeDateTime } from '../../schedules/when.js';
import { actorOf, clip, describeError, localeOf, type BotContext } from './context.js';
import type { TelegramDeps } from './deps.js';
import { once, replyHint, waitInput, withCancel, wizardData, type Wizard } from './wizard/io.js';

/** Preset buttons of the schedule step and the text each one stands for (read by the schedule use case). */
const PRESETS = { tomorrow: 'tomorrow 09:00', daily: 'every day 09:00', monday: 'every Monday 09:00' } as const;
const LISTED = 20;

/** The wizard's schedule step: true when a schedule was saved, false to go back to the preview. */
export async function askSchedule(w: Wizard, draft: CampaignDraft, actor: Actor): Promise<boolean> {
  const { tr, deps } = w;
  const timezone = deps.app.config.SCHEDULE_TIMEZONE;
  const keyboard = new InlineKeyboard()
    .text(tr('tg.schedule.tomorrow'), wizardData(w, 'sch', 'tomorrow'))
    .row()
    .text(tr('tg.schedule.daily'), wizardData(w, 'sch', 'daily'))
    .text(tr('tg.schedule.monday'), wizardData(w, 'sch', 'monday'))
    .row()
    .text(tr('tg.button.back'), wizardData(w, 'sch', 'back'));
  await w.ctx.reply(tr('tg.schedule.ask', { timezone }) + replyHint(w), {
    reply_markup: withCancel(keyboard, 'sch', w),
  });
  for (;;) {
    const input = await waitInput(w, 'sch', ['text', 'button'], tr('tg.schedule.hint'));
    let when: string;
    if (input.kind === 'button') {
      if (input.action === 'back') return false;
      const preset = PRESETS[input.action as keyof typeof PRESETS] as string | undefined;
      if (!preset) continue;
      when = preset;
    } else if (input.kind === 'text') when = input.text.trim();
    else continue;
    const saved = await once(
      w,
      async () =>
        savedText(
          await deps.schedules().create(
            {
              title: draft.title,
              template: draft.template,
              media: draft.media ?? null,
              ...(draft.whatsappTemplate ? { whatsappTemplate: draft.whatsappTemplate } : {}),
              audience: draft.audience,
              ...(draft.account ? { account: draft.account } : {}),
              ...(looksLikeDateTime(when) ? { at: when } : { cron: when }),
              timezone,
            },
            actor,
          ),
          w.locale,
        ),
      (e) => describeError(deps.app, w.locale, e),
    );
    if (saved.ok) {
      await w.ctx.reply(saved.value);
      return true;
    }
    await w.ctx.reply(`${saved.error}\n${tr('tg.schedule.hint')}`);
  }
}

/** "✅ Schedule 'X' saved (id …)", the next runs and the recipients it has now. */
function savedText(saved: SavedSchedule, locale: Locale): string {
  const lines = [
    t(locale, 'schedule.saved', { name: saved.schedule.name, id: saved.schedule.id }),
    t(locale, 'schedule.next_runs'),
  ];
  for (const run of saved.nextRunsText) lines.push(`• ${run}`);
  lines.push(t(locale, 'schedule.recipients_now', { total: formatNumber(locale, saved.recipientsNow) }));
  if (saved.awaitingApproval) lines.push(t(locale, 'schedule.approval.waiting'));
  return lines.join('\n');
}

/** `/schedules` and the buttons under its list. */
export function scheduleCommands(deps: TelegramDeps): Composer<BotContext> {
  const { app } = deps;
  const composer = new Composer<BotContext>();

  composer.command('schedules', async (ctx) => {
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    try {
      const all = await deps.schedules().list();
      const { text, keyboard } = scheduleList(all, locale, await pendingScheduleIds(app, all));
      await ctx.reply(text, { reply_markup: keyboard });
    } catch (error) {
      await ctx.reply(describeError(app, locale, error));
    }
  });

  // 🗑 asks first: deleting a schedule cannot be undone. The question names the schedule; its buttons go once answered.
  composer.callbackQuery(/^sch:(delask|keep):([\w-]{1,40})$/, async (ctx) => {
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const id = ctx.match[2] ?? '';
    await ctx.answerCallbackQuery();
    if (ctx.match[1] === 'keep') {
      await ctx.editMessageText(t(locale, 'tg.schedule.deleteKept', { id }));
      return;
    }
    await ctx.reply(t(locale, 'tg.schedule.deleteAsk', { id }), {
      reply_markup: new InlineKeyboard()
        .text(t(locale, 'tg.schedule.deleteYes'), `sch:delete:${id}`)
        .text(t(locale, 'tg.schedule.deleteNo'), `sch:keep:${id}`),
    });
  });

  composer.callbackQuery(/^sch:(pause|resume|delete):([\w-]{1,40})$/, async (ctx) => {
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const action = ctx.match[1] as 'pause' | 'resume' | 'delete';
    const id = ctx.match[2] ?? '';
    const actor = actorOf(ctx, locale);
    try {
      if (action === 'pause') await deps.schedules().pause(id, actor);
      else if (action === 'resume') await deps.schedules().resume(id, actor);
      else await deps.schedules().delete(id, actor);
    } catch (error) {
      return void (await ctx.answerCallbackQuery({ text: describeError(app, locale, error), show_alert: true }));
    }
    const done = { pause: 'schedule.paused', resume: 'schedule.resumed', delete: 'schedule.deleted' }[action];
    await ctx.answerCallbackQuery({ text: t(locale, done, { id }) });
    // A delete is confirmed on the question message: it becomes the answer, without buttons.
    if (action === 'delete') return void (await ctx.editMessageText(t(locale, done, { id })));
    await refresh(ctx, deps, locale);
  });

  return composer;
}

async function refresh(ctx: Context, deps: TelegramDeps, locale: Locale): Promise<void> {
  const all = await deps.schedules().list();
  const { text, keyboard } = scheduleList(all, locale, await pendingScheduleIds(deps.app, all));
  await ctx.editMessageText(text, { reply_markup: keyboard }).catch((error: unknown) => {
    if (!(error instanceof Error && /message is not modified/.test(error.message))) throw error;
  });
}

function scheduleList(schedules: Schedule[], locale: Locale, pending: Set<string>): { text: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  if (schedules.length === 0) return { text: t(locale, 'schedule.list.empty'), keyboard };
  const shown = schedules.slice(0, LISTED);
  const lines = [t(locale, 'tg.schedules.header'), ...shown.map((s) => `• ${scheduleLine(s, locale, pending.has(s.id))}`)];
  if (schedules.length > LISTED)
    lines.push(t(locale, 'tg.more', { count: formatNumber(locale, schedules.length - LISTED) }));
  for (const s of shown) {
    const name = s.name.slice(0, 30);
    if (s.enabled) keyboard.text(`⏸ ${name}`, `sch:pause:${s.id}`);
    else if (s.kind === 'cron' || (s.at !== null && !s.lastRunAt)) keyboard.text(`▶ ${name}`, `sch:resume:${s.id}`);
    keyboard.text(`🗑 ${name}`, `sch:delask:${s.id}`).row();
  }
  // No trailing empty row: Telegram shows it as a gap.
  return { text: clip(lines.join('\n')), keyboard: new InlineKeyboard(keyboard.inline_keyboard.filter((r) => r.length > 0)) };
}
