/**
 * Fuzzing the Telegram surface (issue 13): random `Update` JSON through the real bot's `handleUpdate` (every
 * middleware and handler, the real use cases and store, the fake Bot API). The bot must never throw out of
 * handleUpdate, never send to a chat the update did not come from (its chat, or its sender's private chat), and
 * never put the bot token or another secret in anything it sends.
 */
import fc from 'fast-check';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBot, botRetry } from '../../src/bots/telegram/bot.js';
import type { TelegramDeps } from '../../src/bots/telegram/deps.js';
import { createTelegramNotifier } from '../../src/bots/telegram/index.js';
import { WizardStore } from '../../src/bots/telegram/wizard-store.js';
import { createScheduleUseCases, type ScheduleUseCases } from '../../src/schedules/use-cases.js';
import { createWhatsAppAdmin } from '../../src/whatsapp/admin.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedCustomers } from '../helpers/seed.js';
import { fuzzParameters } from './settings.js';

const ADMINS = [1001, 1002];
const DASHBOARD_PASSWORD = 'fuzz-dashboard-password-1234';

const userId = fc.constantFrom(1001, 1002, 5555, 0, -1, 2 ** 53 - 1);
const chat = fc.oneof(
  userId.map((id) => ({ id, type: 'private' as const, first_name: 'X' })),
  fc.constantFrom(-100777, -1, -1001234567890).map((id) => ({ id, type: 'group' as const, title: 'G' })),
  fc.constantFrom(-1009999).map((id) => ({ id, type: 'supergroup' as const, title: 'S' })),
  fc.constantFrom(-1008888).map((id) => ({ id, type: 'channel' as const, title: 'C' })),
);
const from = fc.record({ id: userId, is_bot: fc.boolean(), first_name: fc.string({ maxLength: 10 }), language_code: fc.option(fc.constantFrom('id', 'en', 'ms', 'xx', ''), { nil: undefined }) });
const words = fc.constantFrom(
  '/start', '/help', '/broadcast', '/campaigns', '/campaign', '/campaign abc', '/pause', '/pause x', '/resume 1', '/cancel zz', '/retry r',
  '/customers', '/customers vip', '/optout', '/optout 081234567890', '/optout +62abc', '/schedules', '/whatsapp', '/whatsapp link', '/whatsapp status',
  '/whatsapp logout', 'Promo', 'semua', 'all', 'Halo {{name}}', '{{constructor}}', '<!channel>', '✖', '🚀', '',
);
const text = fc.oneof(words, fc.string({ maxLength: 80 }), fc.tuple(words, fc.string({ maxLength: 30 })).map(([w, s]) => `${w} ${s}`));
const callbackData = fc.oneof(
  fc.constantFrom('wz:send', 'wz:cancel', 'wzopen:continue', 'wzopen:new', 'c:pause:abc', 'c:resume:abc', 'c:cancel:abc', 'c:details:abc', 'c:retry:abc', 'sched:del:x', ''),
  fc.string({ maxLength: 64 }),
  fc.tuple(fc.constantFrom('wz:', 'c:pause:', 'c:cancel:', 'c:retry:', 'cc:', 'sd:'), fc.string({ maxLength: 40 })).map(([a, b]) => a + b),
);
const junk = fc.jsonValue({ maxDepth: 2 });

const message = fc.record({ chat, from: fc.option(from, { nil: undefined }), text: fc.option(text, { nil: undefined }), extra: fc.constantFrom('none', 'document', 'photo', 'reply', 'contact') }).map((m) => ({
  message_id: 7,
  date: 1,
  chat: m.chat,
  ...(m.from ? { from: m.from } : {}),
  ...(m.text !== undefined ? { text: m.text, ...(m.text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: m.text.split(' ')[0]!.length }] } : {}) } : {}),
  ...(m.extra === 'document' ? { document: { file_id: 'nope', file_unique_id: 'u', file_name: 'x.csv', file_size: 10 } } : {}),
  ...(m.extra === 'photo' ? { photo: [{ file_id: 'nope', file_unique_id: 'u', width: 1, height: 1 }] } : {}),
  ...(m.extra === 'reply' ? { reply_to_message: { message_id: 3, date: 1, chat: m.chat, text: 'q' } } : {}),
  ...(m.extra === 'contact' ? { contact: { phone_number: '+6281234567890', first_name: 'R' } } : {}),
}));

const callbackQuery = fc.record({ from, chat, data: fc.option(callbackData, { nil: undefined }), messageId: fc.integer({ min: 1, max: 50 }) }).map((q) => ({
  id: 'cb',
  from: q.from,
  chat_instance: 'ci',
  message: { message_id: q.messageId, date: 1, chat: q.chat, text: 'old' },
  ...(q.data !== undefined ? { data: q.data } : {}),
}));

/** An admin writing to the bot in private: the updates that reach the handlers past the admin check. */
const adminMessage = fc.record({ id: fc.constantFrom(...ADMINS), text, language: fc.constantFrom('id', 'en') }).map((a) => ({
  message: {
    message_id: 7,
    date: 1,
    chat: { id: a.id, type: 'private' as const, first_name: 'A' },
    from: { id: a.id, is_bot: false, first_name: 'A', language_code: a.language },
    text: a.text,
    ...(a.text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: a.text.split(' ')[0]!.length }] } : {}),
  },
}));

const update = fc.oneof(
  { arbitrary: adminMessage, weight: 3 },
  message.map((m) => ({ message: m })),
  callbackQuery.map((q) => ({ callback_query: q })),
  message.map((m) => ({ edited_message: m })),
  fc.record({ my_chat_member: junk }),
  fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 2 }),
);

/** The chats an update may be answered in: its chat and its sender's private chat. */
function allowedChats(u: Record<string, unknown>): Set<string> {
  const allowed = new Set<string>();
  const body = (u.message ?? u.edited_message ?? u.callback_query) as { chat?: { id: number }; from?: { id: number }; message?: { chat?: { id: number } } } | undefined;
  for (const id of [body?.chat?.id, body?.from?.id, body?.message?.chat?.id]) if (id !== undefined) allowed.add(String(id));
  return allowed;
}

let fake: FakeTelegramApi;
let test: TestApp;
let schedules: ScheduleUseCases | undefined;

beforeAll(async () => {
  fake = await FakeTelegramApi.start();
  test = await startTestApp(
    { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_ADMIN_IDS: ADMINS.join(','), DASHBOARD_PASSWORD },
    { withWorker: false },
  );
  await seedCustomers(test.app, 3);
});
afterAll(async () => {
  await schedules?.close();
  await test?.close();
  await fake?.close();
});

describe('fuzz: Telegram updates', () => {
  it('every update is handled without throwing, answered only where it came from, with no secret', { timeout: 1_800_000 }, async () => {
    const { app } = test;
    const api = new Api(fake.token, { apiRoot: app.config.TELEGRAM_API_ROOT });
    api.config.use(botRetry());
    const deps: TelegramDeps = {
      app,
      api,
      notifier: createTelegramNotifier(app),
      whatsapp: () => createWhatsAppAdmin(app),
      schedules: () => (schedules ??= createScheduleUseCases(app)),
    };
    const { bot } = buildBot(fake.token, deps, new WizardStore(app.store.kv, { ttlMs: 60_000, fallbackLocale: 'id' }));
    await bot.init();
    const secrets = [fake.token, DASHBOARD_PASSWORD, fake.token.split(':')[1]!];
    let updateId = 1;
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(update, async (body) => {
        cases++;
        const u = { update_id: updateId++, ...body };
        const mark = fake.mark();
        // The property itself: handleUpdate settles (bot.catch is only for the runner; an escape is a crash).
        await bot.handleUpdate(u as never);
        const allowed = allowedChats(u);
        for (const call of fake.calls.slice(mark)) {
          const target = call.params.chat_id;
          if (target !== undefined) expect(allowed, `${call.method} to ${String(target)} for ${JSON.stringify(u)}`).toContain(String(target));
          const sent = JSON.stringify(call.params);
          for (const secret of secrets) expect(sent).not.toContain(secret);
        }
      }),
      fuzzParameters,
    );
    expect(cases).toBe(fuzzParameters.numRuns);
    // Not all refusals: admins' commands reached their handlers and were answered.
    const answered = fake.calls.filter((c) => c.method === 'sendMessage' && ADMINS.map(String).includes(String(c.params.chat_id)));
    expect(answered.length).toBeGreaterThan(cases / 20);
  });
});
