/**
 * Wizard step 3: the message. Text with variables, or a photo / document with a caption; the file is
 * stored once under DATA_DIR/media and the campaign refers to it.
 */
import type { MediaRef, WhatsAppTemplateSpec } from '../../../campaigns/types.js';
import { describeError } from '../context.js';
import { downloadMedia } from '../files.js';
import { accountDriver } from '../../../whatsapp/account-templates.js';
import { cancelWizard, once, replyHint, waitInput, withCancel, type Wizard } from './io.js';
import { InlineKeyboard } from 'grammy';

export interface ChosenMessage {
  template: string;
  media: MediaRef | null;
  /** The approved template chosen on a Cloud API number (then `template` is its body with the mapping in place). */
  whatsappTemplate?: WhatsAppTemplateSpec | null;
}

/** Asks for the message until the admin sends text, a photo or a document; `account` is the number chosen before. */
export async function askMessage(w: Wizard, account?: string): Promise<ChosenMessage> {
  const { tr, deps } = w;
  // A Cloud API number sends approved templates: the picker (that number's templates) replaces the free-text step.
  const driver = await once(w, () => accountDriver(deps.app, account), (e) => describeError(deps.app, w.locale, e));
  if (!driver.ok) {
    await w.ctx.reply(driver.error);
    return cancelWizard(w);
  }
  if (driver.value === 'cloud') return (await import('./template.js')).askTemplate(w, account);
  await w.ctx.reply(tr('tg.wizard.message.ask') + replyHint(w), {
    reply_markup: withCancel(new InlineKeyboard(), 'msg', w),
  });
  for (;;) {
    const input = await waitInput(w, 'msg', ['text', 'photo', 'document'], tr('tg.wizard.message.hint'));
    if (input.kind === 'text') {
      if (input.text.trim() === '') continue;
      return { template: input.text, media: null };
    }
    if (input.kind !== 'photo' && input.kind !== 'document') continue;
    const file =
      input.kind === 'photo'
        ? { fileId: input.fileId, kind: 'image' as const, fileName: 'photo.jpg', mimeType: 'image/jpeg' }
        : { fileId: input.fileId, kind: 'document' as const, fileName: input.fileName, mimeType: input.mimeType };
    const stored = await once(
      w,
      () => downloadMedia(deps.api, deps.app.config, file),
      (e) => describeError(deps.app, w.locale, e),
    );
    if (!stored.ok) {
      await w.ctx.reply(tr('tg.wizard.message.fileFailed', { reason: stored.error }));
      continue;
    }
    return { template: input.caption, media: stored.value };
  }
}
