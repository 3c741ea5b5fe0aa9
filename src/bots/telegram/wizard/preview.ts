/**
 * Wizard step 4: the preview. The message rendered for the first recipient, the final count after
 * removing opted-out, duplicate and invalid numbers, the estimated duration at the current pace and a
 * warning over the daily cap; then Send now, (Schedule…), Edit message or Cancel.
 */
import '../../../i18n/privacy.js';
import { describeQuota } from '../../../whatsapp/admin.js';
import { InlineKeyboard } from 'grammy';
import type { CampaignDraft, CampaignPreview } from '../../../campaigns/use-cases.js';
import { unknownVariablesError } from '../../../campaigns/draft-rules.js';
import { emptyVariableWarnings } from '../../../campaigns/empty-variables.js';
import { describeRecipientSum } from '../../../campaigns/preview-counts.js';
import { describeRisk } from '../../../campaigns/risk-report.js';
import { formatDuration, formatNumber } from '../../../i18n/index.js';
import { clip, describeError } from '../context.js';
import { dropButtons, once, waitInput, withCancel, wizardData, type Wizard } from './io.js';

export type PreviewChoice = 'send' | 'schedule' | 'edit' | 'recipients';

/** Shows the preview and returns what the admin chose. */
export async function showPreview(w: Wizard, draft: CampaignDraft, audienceLabel: string): Promise<PreviewChoice> {
  const { tr, deps } = w;
  const result = await once(
    w,
    () => deps.app.campaigns.preview(draft),
    (e) => describeError(deps.app, w.locale, e),
  );
  if (!result.ok) {
    await w.ctx.reply(result.error);
    return result.code === 'no_recipients' ? 'recipients' : 'edit';
  }
  const preview = result.value;
  if (preview.missingVariables.length > 0) {
    // Same rule as create (and Slack): unknown variables block sending, all of them named, back to the message.
    const error = unknownVariablesError(preview.missingVariables);
    await w.ctx.reply(tr(error.messageKey, error.params));
    return 'edit';
  }
  if (preview.total === 0) {
    await w.ctx.reply(`${previewCounts(w, preview, audienceLabel)}\n\n${tr('error.no_recipients')}`);
    return 'recipients';
  }
  // Each preview is its own step: Send now on an earlier preview of this draft must not send this one.
  w.previews += 1;
  const step = `pv${w.previews}`;
  const keyboard = new InlineKeyboard()
    .text(tr('tg.button.sendNow'), wizardData(w, step, 'send'))
    .text(tr('tg.button.schedule'), wizardData(w, step, 'schedule'));
  keyboard.row().text(tr('tg.button.editMessage'), wizardData(w, step, 'edit'));
  await w.ctx.reply(previewText(w, draft, preview, audienceLabel), { reply_markup: withCancel(keyboard, step, w) });
  for (;;) {
    const input = await waitInput(w, step, ['button'], tr('tg.wizard.useButtons'));
    if (input.kind !== 'button') continue;
    if (input.action === 'send' || input.action === 'edit' || input.action === 'schedule') {
      // A used preview loses its buttons, so nothing on it can be pressed a second time.
      await dropButtons(w, input.ctx);
      return input.action;
    }
  }
}

function previewText(w: Wizard, draft: CampaignDraft, preview: CampaignPreview, audienceLabel: string): string {
  const { tr } = w;
  const lines = [tr('tg.preview.header', { title: draft.title })];
  // A group's members need not all be admins: there the message is shown as written, with no customer's data.
  const inGroup = w.ctx.chat?.type !== 'private';
  if (inGroup) lines.push(tr('privacy.previewInGroup'));
  else if (preview.firstRecipient) lines.push(tr('tg.preview.sampleFor', { phone: preview.firstRecipient }));
  const shown = inGroup ? draft.template : preview.sample;
  lines.push('───', clip(shown || tr('tg.preview.noText'), 2500), '───');
  if (draft.media)
    lines.push(
      tr(draft.media.kind === 'image' ? 'tg.preview.photo' : 'tg.preview.document', { name: draft.media.fileName }),
    );
  lines.push(previewCounts(w, preview, audienceLabel));
  for (const name of preview.missingVariables) lines.push(tr('tg.preview.missingVariable', { name }));
  lines.push(...emptyVariableWarnings(preview.emptyVariables ?? [], preview.total, w.locale));
  const quota = describeQuota(preview.newChatQuota, w.locale);
  if (quota) lines.push(preview.overNewChatQuota ? `⚠️ ${quota}` : quota);
  // The pre-send risk report, compact: level, figures, one line per reason (same words as Slack and the CLI).
  lines.push(...describeRisk(w.locale, preview.risk));
  if (preview.overDailyCap) {
    const n = (v: number) => formatNumber(w.locale, v);
    // A Cloud number's limit frees up as its 24-hour window moves, not "tomorrow".
    const key = preview.dailyCapRolling ? 'tg.preview.overTierCap' : 'tg.preview.overCap';
    lines.push(tr(key, { cap: n(preview.dailyCap), sentToday: n(preview.sentToday), total: n(preview.total) }));
  }
  return lines.join('\n');
}

function previewCounts(w: Wizard, preview: CampaignPreview, audienceLabel: string): string {
  const { tr } = w;
  const n = (v: number) => formatNumber(w.locale, v);
  const lines = [
    tr('tg.preview.audience', { audience: audienceLabel }),
    // One rule with Slack: selected − removed = recipients, so the figures always add up.
    tr('tg.preview.total', { counts: describeRecipientSum(w.locale, preview) }),
  ];
  lines.push(
    preview.ratePerMinute > 0
      ? tr('tg.preview.duration', {
          duration: formatDuration(w.locale, preview.estimatedDurationMs),
          rate: n(preview.ratePerMinute),
        })
      : tr('tg.preview.durationUnpaced', { duration: formatDuration(w.locale, preview.estimatedDurationMs) }),
  );
  return lines.join('\n');
}
