/**
 * `/broadcast` and its subcommands: no text opens the modal; `list`, `status ID`, `pause|resume|cancel|retry ID`
 * and `help` answer privately (response_url). Each one is checked against the allowlist first.
 */
import { resumeAnswer } from '../../campaigns/daily-cap.js';
import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildProgressView } from '../../campaigns/progress-view.js';
import type { Campaign, Locale } from '../../campaigns/types.js';
import { escapeMrkdwn, progressMessage } from './blocks.js';
import { errorText, slackActor, type SlackDeps } from './deps.js';
import { formatNumber, t } from './i18n.js';
import { postProgressMessage } from './progress-post.js';
import { openWizard } from './wizard.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Extra subcommands other modules plug in (e.g. `schedules`), by name. */
export type Subcommand = (deps: SlackDeps, args: CommandArgs, rest: string[], locale: Locale) => Promise<RespondArguments | null>;

const CONTROLS = ['pause', 'resume', 'cancel', 'retry'] as const;
type Control = (typeof CONTROLS)[number];

/** Handles `/broadcast …`. */
export async function onBroadcast(deps: SlackDeps, args: CommandArgs, extra: Record<string, Subcommand> = {}): Promise<void> {
  const { command, ack, respond } = args;
  await ack();
  const [first = '', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
  const sub = first.toLowerCase();
  const locale = await deps.locales.of(command.user_id);
  const actor = slackActor({ id: command.user_id, name: command.user_name }, command.channel_id, locale);
  if (!(await deps.access.allows(command.user_id))) {
    await deps.access.refuse(actor, `slack.broadcast${sub ? `.${sub}` : ''}`, rest[0] ?? null, locale);
    return;
  }
  const reply = (message: RespondArguments) => respond({ response_type: 'ephemeral', ...message });
  try {
    if (sub === '') {
      await openWizard(deps, command.trigger_id, command.channel_id, locale);
    } else if (sub === 'help') {
      await reply({ text: helpText(locale, Object.keys(extra)) });
    } else if (sub === 'list') {
      await reply({ text: await listText(deps, locale) });
    } else if (sub === 'status') {
      const id = rest[0];
      if (!id) await reply({ text: t(locale, 'slack.usage.needId', { action: 'status' }) });
      else {
        const campaign = await deps.app.campaigns.get(id);
        const message = progressMessage(await deps.app.campaigns.view(campaign), locale);
        await reply({ text: message.text, blocks: message.blocks });
      }
    } else if ((CONTROLS as readonly string[]).includes(sub)) {
      const id = rest[0];
      if (!id) await reply({ text: t(locale, 'slack.usage.needId', { action: sub }) });
      else await control(deps, sub as Control, id, args, locale, reply);
    } else if (extra[sub]) {
      const message = await extra[sub](deps, args, rest, locale);
      if (message) await reply(message);
    } else {
      await reply({ text: `${t(locale, 'slack.unknownCommand', { text: escapeMrkdwn(command.text) })}\n\n${helpText(locale, Object.keys(extra))}` });
    }
  } catch (error) {
    await reply({ text: errorText(deps, error, locale) });
  }
}

async function control(
  deps: SlackDeps,
  action: Control,
  id: string,
  { command }: CommandArgs,
  locale: Locale,
  reply: (message: RespondArguments) => Promise<unknown>,
): Promise<void> {
  const actor = slackActor({ id: command.user_id, name: command.user_name }, command.channel_id, locale);
  if (action === 'retry') {
    const { campaign, created } = await deps.app.campaigns.retry(id, actor);
    if (!created) {
      // The campaign's retry is still running: name it instead of making a second one.
      await reply({ text: t(locale, 'slack.done.retryRunning', { title: escapeMrkdwn(campaign.title), id: campaign.id }) });
      return;
    }
    await reply({ text: t(locale, 'slack.done.retry', { title: campaign.title, total: formatNumber(locale, campaign.counts.total), id: campaign.id }) });
    await postProgressMessage(deps, campaign, command.channel_id, command.user_id, locale);
    return;
  }
  const campaign = await deps.app.campaigns[action](id, actor);
  const answer = resumeAnswer(campaign, locale, deps.app.config.SCHEDULE_TIMEZONE);
  await reply({ text: answer ?? t(locale, `slack.done.${action}`, { title: campaign.title }) });
  await deps.notifier.refresh(campaign.id);
}

/** The usage of /broadcast. */
export function helpText(locale: Locale, extra: string[] = []): string {
  const lines = [t(locale, 'slack.help')];
  for (const name of extra) lines.push(t(locale, `slack.help.${name}`));
  return lines.join('\n');
}

async function listText(deps: SlackDeps, locale: Locale): Promise<string> {
  const campaigns = await deps.app.campaigns.list({ limit: 10 });
  if (campaigns.length === 0) return t(locale, 'slack.list.empty');
  return [t(locale, 'slack.list.header'), ...campaigns.map((c) => listLine(c, locale))].join('\n');
}

function listLine(campaign: Campaign, locale: Locale): string {
  const view = buildProgressView(campaign, 0);
  return t(locale, 'slack.list.item', {
    title: escapeMrkdwn(campaign.title),
    status: t(locale, `status.${campaign.status}`),
    done: formatNumber(locale, view.done),
    total: formatNumber(locale, view.total),
    percent: view.percent,
    id: campaign.id,
  });
}
