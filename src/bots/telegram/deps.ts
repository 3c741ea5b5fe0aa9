/** What the Telegram handlers share: the app, the Bot API client, the notifier and the use cases they call. */
import type { Api } from 'grammy';
import type { App } from '../../app-types.js';
import type { ScheduleUseCases } from '../../schedules/use-cases.js';
import type { WhatsAppAdmin } from '../../whatsapp/admin.js';
import type { TelegramNotifier } from './notifier.js';

export interface TelegramDeps {
  app: App;
  /** The bot's API client (auto-retry installed), usable outside an update, e.g. inside `conversation.external`. */
  api: Api;
  notifier: TelegramNotifier;
  /** The `/whatsapp` use cases, made on first use (they may open a WhatsApp connection). */
  whatsapp: () => WhatsAppAdmin;
  /** The schedule use cases, made on first use (they open a Redis connection). */
  schedules: () => ScheduleUseCases;
}
