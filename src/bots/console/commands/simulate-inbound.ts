/**
 * `broadcast-bot whatsapp simulate-inbound --from PHONE --text TEXT [--media KIND]`: feeds a message through the same
 * inbound path as WhatsApp's own (src/whatsapp/listeners.ts), so admins can rehearse a customer's reply or STOP and
 * tests can drive it. Only with the dry-run sender: with a real account, inbound messages come from customers.
 */
import { parseArgs } from 'node:util';
import type { InboundMediaKind } from '../../../campaigns/ports.js';
import { normalizePhone } from '../../../campaigns/phone.js';
import type { Locale } from '../../../campaigns/types.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/replies.js';
import '../../../i18n/whatsapp.js';
import { EXIT, UsageError, type CliContext } from '../context.js';

const MEDIA: readonly InboundMediaKind[] = ['image', 'video', 'audio', 'document', 'sticker', 'location', 'contact', 'other'];

export async function simulateInbound(ctx: CliContext, args: string[], locale: Locale): Promise<number> {
  const SIMULATE_USAGE = t(locale, 'cli.usage.simulateInbound');
  let values: { from?: string; text?: string; media?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { from: { type: 'string' }, text: { type: 'string' }, media: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${SIMULATE_USAGE}`);
  }
  if (!values.from || (values.text === undefined && !values.media)) throw new UsageError(SIMULATE_USAGE);
  const media = values.media as InboundMediaKind | undefined;
  if (media !== undefined && !MEDIA.includes(media)) throw new UsageError(`${t(locale, 'cli.oneOf', { option: '--media', choices: MEDIA.join(', ') })}\n${SIMULATE_USAGE}`);
  const parsed = normalizePhone(values.from, ctx.env.DEFAULT_COUNTRY ?? 'ID');
  if (!parsed.ok) throw new UsageError(t(locale, 'whatsapp.error.bad_phone', { phone: values.from }));
  const app = await ctx.openApp();
  if (app.sender.driver !== 'dry-run') throw new UsageError(t(locale, 'cli.simulate.dryRunOnly'));
  // The forward goes to the chat surfaces straight from here, as from a worker process.
  const { config } = app;
  if (config.TELEGRAM_BOT_TOKEN) app.notifiers.register((await import('../../telegram/index.js')).createTelegramNotifier(app));
  if (config.SLACK_BOT_TOKEN) app.notifiers.register((await import('../../slack/index.js')).createSlackNotifier(app));
  const { createInboundHandler } = await import('../../../whatsapp/listeners.js');
  const outcome = await createInboundHandler(app)({ from: parsed.phone, text: values.text ?? '', at: new Date(), ...(media ? { media } : {}) });
  const say = (line: string) => ctx.stdout.write(`${line}\n`);
  switch (outcome.kind) {
    case 'opted_out':
    case 'already_opted_out':
      say(t(locale, 'cli.simulate.optedOut', { phone: parsed.phone }));
      break;
    case 'forwarded':
      say(t(locale, 'cli.simulate.forwarded', { title: outcome.campaign.title, id: outcome.campaign.id }));
      break;
    case 'no_campaign':
      say(t(locale, 'cli.simulate.ignored', { phone: parsed.phone, days: config.REPLY_WINDOW_DAYS }));
      break;
    case 'off':
      say(t(locale, 'cli.simulate.off'));
      break;
  }
  return EXIT.ok;
}
