/** A schedule's approval request on Telegram (issue 15): buttons bound to the schedule id and its content version. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/campaigns/types.js';
import { readScheduleApproval } from '../../../src/schedules/approval.js';
import { createScheduleUseCases } from '../../../src/schedules/use-cases.js';
import { seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import { ADMIN, ADMIN_CHAT, ADMIN_ID, GROUP, buttonData, press, startBotHarness, type BotHarness } from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const AYU: Actor = { surface: 'telegram', userId: String(ADMIN.id), userName: '@ayu_admin', chatId: String(ADMIN_CHAT.id), locale: 'en' };

function lastToast(harness: BotHarness): string {
  return String(harness.fake.callsOf('answerCallbackQuery').at(-1)?.params.text ?? '');
}

describe('schedule approval on Telegram (issue 15)', () => {
  it("refuses the author's Approve and a stale Approve after an edit; another admin approves; Reject asks a reason and pauses", async () => {
    h = await startBotHarness({ APPROVAL_MIN_RECIPIENTS: '2', TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id), BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 2);
    const useCases = createScheduleUseCases(h.test.app);
    try {
      const mark = h.fake.mark();
      const saved = await useCases.create({ title: 'Weekly promo', template: 'Halo {{name}}', audience: { kind: 'all' }, cron: '0 9 * * 1' }, AYU);
      const id = saved.schedule.id;
      const first = await h.fake.waitForMessage(GROUP.id, /Schedule approval needed/, mark);
      expect(first.text).toContain(`'Weekly promo' (${id}) saved by @ayu_admin, 2 recipients now`);
      expect(first.text).toContain('Title: Weekly promo');
      expect(first.text).toContain('Audience: all customers');
      expect(first.text).toMatch(/Runs: .*Monday/);
      expect(first.text).toMatch(/(Low|Medium|High) risk/);
      const staleApprove = buttonData(first, /Approve/);
      expect(staleApprove).toMatch(new RegExp(`^sap:ok:${id}:[0-9a-f]{12}$`));

      // The author's own press is refused.
      h.fake.pressButton(ADMIN, GROUP, first.messageId, staleApprove);
      await waitUntil(() => lastToast(h!) !== '');
      expect(lastToast(h)).toBe(`You saved schedule ${id}; another admin must approve it.`);

      // Edited: a new request; the first one's Approve no longer approves anything.
      const editMark = h.fake.mark();
      await useCases.update(id, { template: 'Halo {{name}}, promo baru' }, AYU);
      const second = await h.fake.waitForMessage(GROUP.id, /Schedule approval needed/, editMark);
      expect(buttonData(second, /Approve/)).not.toBe(staleApprove);
      const toasts = h.fake.callsOf('answerCallbackQuery').length;
      h.fake.pressButton(ADMIN_ID, GROUP, first.messageId, staleApprove);
      await waitUntil(() => h!.fake.callsOf('answerCallbackQuery').length > toasts);
      expect(lastToast(h)).toMatch(new RegExp(`${id}.*(diubah|edited)`));
      expect((await readScheduleApproval(h.test.app, id))?.state).toBe('pending');

      // Budi (another admin) approves the current request: it loses its buttons and says who approved it.
      const noticeMark = h.fake.mark();
      h.fake.pressButton(ADMIN_ID, GROUP, second.messageId, buttonData(second, /Approve/));
      await waitUntil(() => /Approved by Budi/.test(h!.fake.message(GROUP.id, second.messageId)?.text ?? ''));
      expect((await readScheduleApproval(h.test.app, id))?.state).toBe('approved');
      await h.fake.waitForMessage(ADMIN_CHAT.id, new RegExp(`Schedule 'Weekly promo' \\(${id}\\) was approved by Budi`), noticeMark);

      // Another schedule rejected with a reason: paused, and Ayu is told why.
      const otherMark = h.fake.mark();
      const other = await useCases.create({ title: 'Daily', template: 'Halo {{name}}', audience: { kind: 'all' }, cron: '0 9 * * *' }, AYU);
      const request = await h.fake.waitForMessage(GROUP.id, /Schedule approval needed/, otherMark);
      const prompt = await press(h, ADMIN_ID, GROUP, request, /Reject/, /Kenapa jadwal 'Daily'/);
      const rejectMark = h.fake.mark();
      h.fake.sendText(ADMIN_ID, GROUP, 'terlalu sering', prompt.messageId);
      await h.fake.waitForMessage(ADMIN_CHAT.id, /was rejected by Budi: terlalu sering\. It is paused/, rejectMark);
      expect((await h.test.app.store.schedules.get(other.schedule.id))?.enabled).toBe(false);
    } finally {
      await useCases.close();
    }
  });
});
