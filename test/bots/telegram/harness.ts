/**
 * Runs the real Telegram bot against the fake Bot API, on a real app (test Redis, SQLite in a temp dir,
 * the dry-run sender, a running worker), with helpers to talk to it like an admin would.
 */
import { expect } from 'vitest';
import {
  startTelegramBot,
  type TelegramBotOptions,
  type TelegramBotService,
} from '../../../src/bots/telegram/index.js';
import type { CreateAppOptions } from '../../../src/app.js';
import type { App } from '../../../src/app-types.js';
import type { Campaign } from '../../../src/campaigns/types.js';
import { FakeTelegramApi, type ChatMessage, type FakeChat, type FakeUser } from '../../fakes/telegram-api.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { createLogger } from '../../../src/logging/logger.js';

export const ADMIN: FakeUser = { id: 1001, first_name: 'Ayu', username: 'ayu_admin', language_code: 'en' };
export const ADMIN_ID: FakeUser = { id: 1002, first_name: 'Budi', language_code: 'id' };
export const STRANGER: FakeUser = { id: 5555, first_name: 'Stranger', language_code: 'id' };
export const ADMIN_CHAT: FakeChat = { id: ADMIN.id, type: 'private' };
export const GROUP: FakeChat = { id: -100777, type: 'group', title: 'Admins' };

export interface BotHarness {
  fake: FakeTelegramApi;
  test: TestApp;
  bot: TelegramBotService;
  /** Stops the bot and starts a new one on the same app and store (a restart of the bot process). */
  restartBot(): Promise<void>;
  close(): Promise<void>;
}

export async function startBotHarness(
  env: Record<string, string> = {},
  botOptions: TelegramBotOptions | ((app: App) => TelegramBotOptions) = {},
  appOptions: CreateAppOptions = {},
): Promise<BotHarness> {
  const fake = await FakeTelegramApi.start();
  const test = await startTestApp(
    {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_ADMIN_IDS: `${ADMIN.id},${ADMIN_ID.id}`,
      ...env,
    },
    {
      ...appOptions,
      ...(process.env.TELEGRAM_TEST_LOG ? { logger: createLogger({ level: process.env.TELEGRAM_TEST_LOG, pretty: false }) } : {}),
    },
  );
  const options = typeof botOptions === 'function' ? botOptions(test.app) : botOptions;
  const harness: BotHarness = {
    fake,
    test,
    bot: await startTelegramBot(test.app, options),
    async restartBot() {
      await harness.bot.stop();
      harness.bot = await startTelegramBot(test.app, options);
    },
    async close() {
      await harness.bot.stop();
      await test.close();
      await fake.close();
    },
  };
  return harness;
}

/** The callback data of the button whose label matches `label`. */
export function buttonData(message: ChatMessage, label: RegExp): string {
  const rows =
    (message.replyMarkup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined)
      ?.inline_keyboard ?? [];
  const button = rows.flat().find((b) => label.test(b.text));
  if (!button?.callback_data) {
    throw new Error(
      `no button ${label} on message ${message.messageId}: ${JSON.stringify(rows.flat().map((b) => b.text))}`,
    );
  }
  return button.callback_data;
}

/** Button labels of a message. */
export function buttonLabels(message: ChatMessage): string[] {
  const rows = (message.replyMarkup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? [];
  return rows.flat().map((b) => b.text);
}

/** A user writes `text` and the bot answers in the chat with a message matching `reply`. */
export async function say(
  h: BotHarness,
  user: FakeUser,
  chat: FakeChat,
  text: string,
  reply: RegExp,
): Promise<ChatMessage> {
  const mark = h.fake.mark();
  h.fake.sendText(user, chat, text);
  return h.fake.waitForMessage(chat.id, reply, mark);
}

/** A user presses the button labelled `label` on `message` and the bot answers with a message matching `reply`. */
export async function press(
  h: BotHarness,
  user: FakeUser,
  chat: FakeChat,
  message: ChatMessage,
  label: RegExp,
  reply: RegExp,
): Promise<ChatMessage> {
  const mark = h.fake.mark();
  h.fake.pressButton(user, chat, message.messageId, buttonData(message, label));
  return h.fake.waitForMessage(chat.id, reply, mark);
}

/** Runs the wizard in English up to the preview: title, the given recipients step, then `text`. */
export async function wizardToPreview(
  h: BotHarness,
  chat: FakeChat,
  title: string,
  recipients: (step2: ChatMessage) => Promise<void>,
  text: string,
  user: FakeUser = ADMIN,
): Promise<ChatMessage> {
  await say(h, user, chat, '/broadcast', /step 1\/4/i);
  const step2 = await say(h, user, chat, title, /step 2\/4/i);
  const mark = h.fake.mark();
  await recipients(step2);
  await h.fake.waitForMessage(chat.id, /step 3\/4/i, mark);
  return say(h, user, chat, text, /Preview of/);
}

/** Presses Send now and returns the progress message and the campaign it shows. */
export async function sendNow(
  h: BotHarness,
  chat: FakeChat,
  preview: ChatMessage,
  user: FakeUser = ADMIN,
): Promise<{ progress: ChatMessage; campaign: Campaign }> {
  const progress = await press(h, user, chat, preview, /Send now/, /Broadcast (In Progress|Waiting)|Broadcast (Sedang Diproses|Menunggu)/);
  const data = buttonData(progress, /Pause|Jeda/);
  const id = data.split(':')[2] ?? '';
  return { progress, campaign: await h.test.app.campaigns.get(id) };
}

/** "Progress: P% (sent + failed / total)" of every text the progress message had, oldest first. */
export function progressCounts(message: ChatMessage): { percent: number; done: number; total: number }[] {
  return message.history
    .map((text) => /Progress: (\d+)% \(([\d.,]+) \+ ([\d.,]+) \/ ([\d.,]+)\)/.exec(text))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ percent: Number(m[1]), done: count(m[2]) + count(m[3]), total: count(m[4]) }));
}

/** A count as the message shows it, with or without thousands separators ("1,500", "1.500"). */
function count(shown: string | undefined): number {
  return Number((shown ?? '').replace(/[.,]/g, ''));
}

/** Edits Telegram answered with an error, other than the ones a test injected. */
export function expectNoEditErrors(h: BotHarness, allowedCodes: number[] = []): void {
  const failed = h.fake.callsOf('editMessageText').filter((c) => !c.ok && !allowedCodes.includes(c.errorCode ?? 0));
  expect(failed.map((c) => c.description)).toEqual([]);
}
