/**
 * Issue 11 gaps: alerts kept in the notifications table are surface-neutral (no Telegram `/resume ID` for Slack or
 * CLI readers) and speak their author's language, not BOT_LOCALE: a campaign's auto-pause, a schedule's missed run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/campaigns/types.js';
import { reportMissed } from '../../src/schedules/fire.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { seedCustomers } from '../helpers/seed.js';

const ENGLISH_AUTHOR: Actor = { surface: 'telegram', userId: '42', locale: 'en' };

let running: TestApp[] = [];
afterEach(async () => {
  for (const t of running) await t.close();
  running = [];
});

describe('stored alerts', () => {
  it('an auto-pause is stored without any surface’s command syntax, in the campaign author’s language', async () => {
    const t = await startTestApp({ BOT_LOCALE: 'id', DAILY_CAP: '2' });
    running.push(t);
    await seedCustomers(t.app, 3);
    const c = await t.app.campaigns.create({ title: 'cap', template: 'x', audience: { kind: 'all' } }, ENGLISH_AUTHOR);
    await t.waitForCampaign(c.id, ['paused']);
    const notes = (await t.app.store.notifications.list({ campaignId: c.id })).filter((n) => n.kind === 'campaign_paused');
    expect(notes).toHaveLength(1);
    const text = notes[0]!.text;
    expect(text).toMatch(/^⏸ Campaign 'cap' paused itself: /);
    expect(text).not.toMatch(/\/resume|broadcast-bot|dijeda/);
  });

  it('a schedule’s missed run is stored and relayed in its author’s language, its time too', async () => {
    const t = await startTestApp({ BOT_LOCALE: 'id' }, { withWorker: false });
    running.push(t);
    const recorder = new RecordingNotifier('telegram');
    t.app.notifiers.register(recorder);
    const schedule = await t.app.store.schedules.create({
      name: 'Pagi',
      draft: { title: 'Pagi', template: 'x', media: null, audience: { kind: 'all' } },
      kind: 'cron',
      at: null,
      cron: '0 9 * * 1',
      timezone: 'Asia/Jakarta',
      enabled: true,
      createdBy: ENGLISH_AUTHOR,
      lastRunAt: null,
      lastCampaignId: null,
      lastOutcome: null,
      nextRunAt: null,
    });
    await reportMissed(t.app, schedule, new Date('2026-03-02T02:00:00Z'));
    const [note] = await t.app.store.notifications.list();
    expect(note?.text).toMatch(/^⌛ Schedule 'Pagi' \(\w+\) missed its run at Mon 2026-03-02 09:00 Asia\/Jakarta: /);
    expect(recorder.alerts).toHaveLength(1);
    expect(recorder.alerts[0]).toMatchObject({ kind: 'schedule_missed', locale: 'en', detail: note?.text });
  });
});
