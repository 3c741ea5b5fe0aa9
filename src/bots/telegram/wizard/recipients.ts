/**
 * Wizard step 2: who receives the campaign. All customers (with the count), By tag (multi-select with
 * counts), Custom numbers (pasted; invalid lines listed back) or Upload contacts (imported like the CLI does).
 */
import { InlineKeyboard } from 'grammy';
import { parsePhoneList, rejectionText } from '../../../campaigns/phone.js';
import type { Audience } from '../../../campaigns/types.js';
import { formatNumber } from '../../../i18n/index.js';
import { actorOf, clip, describeError } from '../context.js';
import { importCsvDocument, importReportText } from '../csv-import.js';
import { backKeyboard, once, wizardData, replyHint, waitInput, withCancel, type Wizard } from './io.js';

/** Tag buttons that fit in one message with room for Done / Back / Cancel (Telegram allows 100 buttons). */
const MAX_TAGS = 60;
const LISTED_INVALID = 30;

export interface ChosenAudience {
  audience: Audience;
  /** How the choice is described in the preview. */
  label: string;
  /** Pasted lines that were not valid numbers (counted in the preview). */
  invalidInputs?: number;
}

/** Asks for the recipients until the admin picks a usable audience. */
export async function askRecipients(w: Wizard): Promise<ChosenAudience> {
  const { tr, deps } = w;
  const n = (v: number) => formatNumber(w.locale, v);
  for (;;) {
    const count = await once(
      w,
      () => deps.app.customers.count(),
      (e) => describeError(deps.app, w.locale, e),
    );
    const total = count.ok ? count.value : 0;
    const keyboard = new InlineKeyboard()
      .text(tr('tg.wizard.recipients.all', { count: n(total) }), wizardData(w, 'aud', 'all'))
      .row()
      .text(tr('tg.wizard.recipients.tags'), wizardData(w, 'aud', 'tags'))
      .text(tr('tg.wizard.recipients.phones'), wizardData(w, 'aud', 'phones'))
      .row()
      .text(tr('tg.wizard.recipients.csv'), wizardData(w, 'aud', 'csv'));
    await w.ctx.reply(tr('tg.wizard.recipients.ask'), { reply_markup: withCancel(keyboard, 'aud', w) });
    const input = await waitInput(w, 'aud', ['button'], tr('tg.wizard.useButtons'));
    if (input.kind !== 'button') continue;
    let chosen: ChosenAudience | null = null;
    if (input.action === 'all') {
      if (total === 0) await w.ctx.reply(tr('tg.wizard.recipients.noCustomers'));
      else chosen = { audience: { kind: 'all' }, label: tr('tg.audience.all') };
    } else if (input.action === 'tags') chosen = await chooseTags(w);
    else if (input.action === 'phones') chosen = await pastePhones(w);
    else if (input.action === 'csv') chosen = await uploadCsv(w);
    if (chosen) return chosen;
  }
}

async function chooseTags(w: Wizard): Promise<ChosenAudience | null> {
  const { tr, deps } = w;
  const n = (v: number) => formatNumber(w.locale, v);
  const result = await once(
    w,
    () => deps.app.customers.tags(),
    (e) => describeError(deps.app, w.locale, e),
  );
  const tags = (result.ok ? result.value : []).slice(0, MAX_TAGS);
  if (tags.length === 0) {
    await w.ctx.reply(result.ok ? tr('tg.wizard.tags.none') : result.error);
    return null;
  }
  const selected = new Set<number>();
  const keyboard = () => {
    const kb = new InlineKeyboard();
    tags.forEach((tag, index) => {
      const mark = selected.has(index) ? '☑' : '☐';
      kb.text(`${mark} ${tag.tag} · ${n(tag.count)}`, wizardData(w, 'tag', `t${index}`));
      if (index % 2 === 1) kb.row();
    });
    return kb
      .row()
      .text(tr('tg.button.done'), wizardData(w, 'tag', 'done'))
      .text(tr('tg.button.back'), wizardData(w, 'tag', 'back'));
  };
  await w.ctx.reply(tr('tg.wizard.tags.ask'), { reply_markup: withCancel(keyboard(), 'tag', w) });
  for (;;) {
    const input = await waitInput(w, 'tag', ['button'], tr('tg.wizard.useButtons'));
    if (input.kind !== 'button') continue;
    if (input.action === 'back') return null;
    if (input.action === 'done') {
      if (selected.size === 0) {
        await w.ctx.reply(tr('tg.wizard.tags.pickOne'));
        continue;
      }
      const chosen = [...selected].sort((a, b) => a - b).map((i) => tags[i]?.tag ?? '');
      return { audience: { kind: 'tags', tags: chosen }, label: tr('tg.audience.tags', { tags: chosen.join(', ') }) };
    }
    const index = Number(input.action.slice(1));
    const tag = tags[index];
    if (!Number.isInteger(index) || !tag) continue;
    if (tag.count === 0 && !selected.has(index)) {
      // Refused here, not after the whole message is written: nobody opted in carries this tag.
      await w.ctx.reply(tr('tg.wizard.tags.empty', { tag: tag.tag }));
      continue;
    }
    if (selected.has(index)) selected.delete(index);
    else selected.add(index);
    await input.ctx.editMessageReplyMarkup({ reply_markup: withCancel(keyboard(), 'tag', w) });
  }
}

async function pastePhones(w: Wizard): Promise<ChosenAudience | null> {
  const { tr, deps } = w;
  const n = (v: number) => formatNumber(w.locale, v);
  await w.ctx.reply(tr('tg.wizard.phones.ask', { country: deps.app.config.DEFAULT_COUNTRY }) + replyHint(w), {
    reply_markup: backKeyboard('ph', w),
  });
  let valid: string[] = [];
  let invalid = 0;
  for (;;) {
    const input = await waitInput(w, 'ph', ['text', 'button'], tr('tg.wizard.phones.hint'));
    if (input.kind === 'button') {
      if (input.action === 'back') return null;
      if (input.action === 'use' && valid.length > 0) break;
      if (input.action === 'again')
        await w.ctx.reply(tr('tg.wizard.phones.again'), { reply_markup: backKeyboard('ph', w) });
      continue;
    }
    if (input.kind !== 'text') continue;
    const parsed = parsePhoneList(input.text, deps.app.config.DEFAULT_COUNTRY);
    valid = parsed.phones;
    invalid = parsed.invalid.length;
    if (parsed.invalid.length === 0 && valid.length > 0) break;
    const lines = [tr('tg.wizard.phones.invalidHeader', { count: n(parsed.invalid.length) })];
    for (const bad of parsed.invalid.slice(0, LISTED_INVALID)) {
      lines.push(
        tr('tg.wizard.phones.invalidLine', { line: bad.line, value: bad.value, reason: rejectionText(w.locale, bad.reason) }),
      );
    }
    if (parsed.invalid.length > LISTED_INVALID)
      lines.push(tr('tg.more', { count: n(parsed.invalid.length - LISTED_INVALID) }));
    if (valid.length === 0) {
      lines.push('', tr('tg.wizard.phones.noneValid'));
      await w.ctx.reply(clip(lines.join('\n')), { reply_markup: backKeyboard('ph', w) });
      continue;
    }
    const keyboard = new InlineKeyboard()
      .text(tr('tg.wizard.phones.use', { count: n(valid.length) }), wizardData(w, 'ph', 'use'))
      .row()
      .text(tr('tg.wizard.phones.pasteAgain'), wizardData(w, 'ph', 'again'))
      .text(tr('tg.button.back'), wizardData(w, 'ph', 'back'));
    await w.ctx.reply(clip(lines.join('\n')), { reply_markup: withCancel(keyboard, 'ph', w) });
  }
  await w.ctx.reply(tr('tg.wizard.phones.accepted', { count: n(valid.length) }));
  return {
    audience: { kind: 'phones', phones: valid },
    label: tr('tg.audience.phones', { count: n(valid.length) }),
    invalidInputs: invalid,
  };
}

async function uploadCsv(w: Wizard): Promise<ChosenAudience | null> {
  const { tr, deps } = w;
  const n = (v: number) => formatNumber(w.locale, v);
  await w.ctx.reply(tr('tg.wizard.csv.ask') + replyHint(w), { reply_markup: backKeyboard('csv', w) });
  for (;;) {
    const input = await waitInput(w, 'csv', ['document', 'button'], tr('tg.wizard.csv.hint'));
    if (input.kind === 'button') {
      if (input.action === 'back') return null;
      continue;
    }
    if (input.kind !== 'document') continue;
    const actor = actorOf(input.ctx, w.locale);
    const imported = await once(
      w,
      async () => {
        const report = await importCsvDocument(deps, { fileId: input.fileId, fileName: input.fileName }, actor);
        // The wizard's saved replay log keeps what this step returns: a reference to the stored list, not its numbers.
        const list = await deps.app.store.audienceLists.create(report.phones);
        return { text: importReportText(report, w.locale), ...list };
      },
      (e) => describeError(deps.app, w.locale, e),
    );
    if (!imported.ok) {
      await w.ctx.reply(tr('tg.import.failed', { reason: imported.error }));
      continue;
    }
    await w.ctx.reply(clip(imported.value.text));
    const { listId, count } = imported.value;
    if (count === 0) {
      await w.ctx.reply(tr('tg.wizard.csv.noPhones'), { reply_markup: backKeyboard('csv', w) });
      continue;
    }
    return {
      audience: { kind: 'list', listId, count },
      label: tr('tg.audience.csv', { count: n(count) }),
    };
  }
}

/** The parser's reasons are English codes; the catalogue has them in both languages. */
