import { afterEach, describe, expect, it } from 'vitest';
import { createScheduleUseCases } from '../../../src/schedules/use-cases.js';
import { seedCustomers } from '../../helpers/seed.js';
import {
  ADMIN,
  ADMIN_CHAT,
  buttonData,
  press,
  say,
  startBotHarness,
  wizardToPreview,
  type BotHarness,
} from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('scheduling from Telegram', () => {
  it('Schedule… in the wizard saves a recurring schedule, with clear errors for a bad cron and a past time', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 4, 'vip');
    const preview = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Promo Senin',
      async (step2) => void (await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i)),
      'Halo {{name}}, promo Senin!',
    );
    const ask = await press(h, ADMIN, ADMIN_CHAT, preview, /Schedule…/, /When should it go out\?/);
    expect(ask.text).toContain('Time zone: Asia/Jakarta');

    await say(
      h,
      ADMIN,
      ADMIN_CHAT,
      '61 25 * * *',
      /The cron expression "61 25 \* \* \*" is invalid: .+Write the time/s,
    );
    await say(h, ADMIN, ADMIN_CHAT, '2020-01-01 10:00', /The time .* is in the past\. Choose a time in the future\./);
    expect(await h.test.app.store.schedules.list()).toEqual([]);

    const mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, ask.messageId, buttonData(ask, /Every Monday 09:00/));
    const saved = await h.fake.waitForMessage(ADMIN_CHAT.id, /Schedule 'Promo Senin' saved/, mark);
    expect(saved.text).toContain('Next runs:');
    expect(saved.text!.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(3);
    expect(saved.text).toContain('Recipients now: 4');
    const [schedule] = await h.test.app.store.schedules.list();
    expect(schedule).toMatchObject({
      kind: 'cron',
      cron: '0 9 * * 1',
      timezone: 'Asia/Jakarta',
      enabled: true,
      draft: { title: 'Promo Senin', template: 'Halo {{name}}, promo Senin!', audience: { kind: 'all' } },
      createdBy: { surface: 'telegram', userId: String(ADMIN.id) },
    });
    // The wizard is over: no campaign was sent.
    expect(await h.test.app.campaigns.list()).toEqual([]);
    await say(h, ADMIN, ADMIN_CHAT, 'teks biasa', /didn't understand/);
  });

  it('/schedules lists schedules with buttons to pause, resume and delete', async () => {
    h = await startBotHarness();
    await say(h, ADMIN, ADMIN_CHAT, '/schedules', /No schedules yet/);
    const actor = { surface: 'cli' as const, userId: 'tester' };
    const { schedule } = await createScheduleUseCases(h.test.app).create(
      { title: 'Harian', template: 'Halo', audience: { kind: 'all' }, cron: 'every day 09:00' },
      actor,
    );
    const list = await say(h, ADMIN, ADMIN_CHAT, '/schedules', /Scheduled broadcasts/);
    expect(list.text).toContain(schedule.id);

    let mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, list.messageId, `sch:pause:${schedule.id}`);
    const paused = await h.fake.waitForCall((c) => c.method === 'answerCallbackQuery', 'pause answer', 10_000, mark);
    expect(paused.params.text).toBe(`⏸ Schedule ${schedule.id} paused.`);
    expect((await h.test.app.store.schedules.get(schedule.id))?.enabled).toBe(false);
    await h.fake.waitUntil(() => buttonLabelsOf(h!, list.messageId).includes('▶ Harian'), 'the resume button');

    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, list.messageId, `sch:resume:${schedule.id}`);
    await h.fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && /resumed/.test(String(c.params.text)),
      'resume',
      10_000,
      mark,
    );
    expect((await h.test.app.store.schedules.get(schedule.id))?.enabled).toBe(true);

    // 🗑 asks first (issue 11, defect 11): "No" keeps the schedule, "Yes" deletes it.
    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, list.messageId, `sch:delask:${schedule.id}`);
    const ask = await h.fake.waitForMessage(ADMIN_CHAT.id, new RegExp(`Delete schedule ${schedule.id}\\?`), mark);
    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, ask.messageId, `sch:keep:${schedule.id}`);
    await h.fake.waitUntil(() => /is kept/.test(h!.fake.message(ADMIN_CHAT.id, ask.messageId)?.text ?? ''), 'kept');
    expect(await h.test.app.store.schedules.get(schedule.id)).not.toBeNull();
    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, list.messageId, `sch:delask:${schedule.id}`);
    const again = await h.fake.waitForMessage(ADMIN_CHAT.id, /Delete schedule/, mark);
    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, again.messageId, `sch:delete:${schedule.id}`);
    await h.fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && /deleted/.test(String(c.params.text)),
      'delete',
      10_000,
      mark,
    );
    expect(await h.test.app.store.schedules.get(schedule.id)).toBeNull();
    await h.fake.waitUntil(() => h!.fake.message(ADMIN_CHAT.id, again.messageId)?.replyMarkup === undefined, 'answered');
  });
});

function buttonLabelsOf(harness: BotHarness, messageId: number): string[] {
  const markup = harness.fake.message(ADMIN_CHAT.id, messageId)?.replyMarkup as
    { inline_keyboard?: { text: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => b.text);
}
