import { describe, expect, it } from 'vitest';
import type { SenderState } from '../../../src/campaigns/ports.js';
import type { LinkPrompt, WhatsAppAdmin } from '../../../src/whatsapp/admin.js';
import { seedCustomers } from '../../helpers/seed.js';
import { ADMIN, startSlackHarness, type SlackHarness } from './harness.js';
import { composeValues, viewButtonPayload } from './slack-client.js';
import { waitUntil } from '../../helpers/wait.js';

/** A `/whatsapp` use case double: link shows two QR codes, then reports the account linked. */
function fakeAdmin(): WhatsAppAdmin & { logouts: number } {
  const connected: SenderState = { status: 'connected', account: '+6281299990000', since: new Date(), reason: null };
  return {
    logouts: 0,
    async status() {
      return { ...connected, linkedAccount: connected.account, heldElsewhere: false, driver: 'baileys', autoFallback: false };
    },
    async link(_request, onCode: (code: LinkPrompt) => Promise<void>) {
      await onCode({ qr: 'qr-1', png: Buffer.from('png-1') });
      await onCode({ qr: 'qr-2', png: Buffer.from('png-2') });
      return { state: connected, restartNeeded: false };
    },
    async logout() {
      this.logouts++;
    },
    async quota() {
      return null;
    },
  };
}

async function reply(h: SlackHarness, command: string, text: string, user: string, id: string): Promise<string> {
  expect((await h.slack.slash(command, text, user, id)).status).toBe(200);
  await waitUntil(() => h.fake.responses.some((r) => r.id === id), { what: `a reply to ${command} ${text}` });
  return String(h.fake.responses.find((r) => r.id === id)?.body.text);
}

describe('Slack /whatsapp', () => {
  it('shows the dry-run status from the real use cases', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en' });
    expect(await reply(h, '/whatsapp', '', ADMIN, 'wa-status')).toMatch(/dry-run/i);
    // In dry-run there is nothing to link: said once, with no "I'm sending the link code" first and no DM.
    expect(await reply(h, '/whatsapp', 'link', ADMIN, 'wa-link-dry')).toContain('dry-run mode');
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'DADMIN')).toHaveLength(0);
  });

  it('links with QR images in the DM (each replacing the last), refuses strangers and bad numbers, and logs out', async () => {
    const admin = fakeAdmin();
    const h = await startSlackHarness({ BOT_LOCALE: 'en' }, { whatsapp: admin });
    expect(await reply(h, '/whatsapp', 'status', ADMIN, 'wa-1')).toContain('+6281299990000');

    await reply(h, '/whatsapp', 'link', ADMIN, 'wa-2');
    const done = await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('linked as +6281299990000'));
    expect(done.args.channel).toBe('DADMIN');
    expect(h.fake.uploads.map((u) => u.content)).toEqual(['png-1', 'png-2']);
    const completes = h.fake.callsOf('files.completeUploadExternal');
    expect(completes.map((c) => c.args.channel_id)).toEqual(['DADMIN', 'DADMIN']);
    const fileIds = completes.map((c) => (c.args.files as { id: string }[])[0]?.id);
    await h.fake.waitForCall('files.delete', (c) => c.args.file === fileIds[1]);
    expect(h.fake.callsOf('files.delete').map((c) => c.args.file)).toEqual(fileIds);

    expect(await reply(h, '/whatsapp', 'link 12ab', ADMIN, 'wa-3')).toContain('The number 12ab is not valid');
    await h.slack.slash('/whatsapp', 'logout', 'USTRANGER', 'wa-4');
    await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === 'USTRANGER');
    expect(admin.logouts).toBe(0);
    expect(await reply(h, '/whatsapp', 'logout', ADMIN, 'wa-5')).toContain('unlinked');
    expect(admin.logouts).toBe(1);
  });
});

describe('Slack schedules', () => {
  it('schedules a draft from the preview, with inline errors for a past time and a bad cron, and lists / pauses / deletes it', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 5, 'vip');
    await h.slack.command('', ADMIN, 'CGENERAL');
    const open = await h.fake.waitForCall('views.open');
    const pushed = await h.slack.submit(open.args.view as never, composeValues({ title: 'Weekly', kind: 'all', message: 'Halo {{name}}' }), ADMIN);
    const preview = pushed?.view as { private_metadata: string; blocks: { type: string; elements?: { action_id: string }[] }[] };
    expect(preview.blocks.at(-1)?.elements?.[0]?.action_id).toBe('broadcast_schedule');

    await h.slack.interact(viewButtonPayload('broadcast_schedule', preview.private_metadata, ADMIN));
    const push = await h.fake.waitForCall('views.push');
    const view = push.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('broadcast_schedule_save');

    const values = (over: Record<string, Record<string, unknown>>) => ({
      kind: { value: { type: 'radio_buttons', selected_option: { value: 'once' } } },
      date: { value: { type: 'datepicker', selected_date: null } },
      time: { value: { type: 'timepicker', selected_time: null } },
      cron: { value: { type: 'plain_text_input', value: null } },
      tz: { value: { type: 'plain_text_input', value: 'Asia/Jakarta' } },
      name: { value: { type: 'plain_text_input', value: null } },
      ...over,
    });
    const missing = await h.slack.submit(view, values({}), ADMIN);
    expect(missing).toMatchObject({ response_action: 'errors', errors: { date: 'Choose a date and a time.' } });
    const past = await h.slack.submit(
      view,
      values({ date: { value: { type: 'datepicker', selected_date: '2020-01-06' } }, time: { value: { type: 'timepicker', selected_time: '09:00' } } }),
      ADMIN,
    );
    expect(past?.response_action).toBe('errors');
    expect(String((past?.errors as Record<string, string>).date)).toMatch(/past/);
    const cron = (expression: string) =>
      values({ kind: { value: { type: 'radio_buttons', selected_option: { value: 'cron' } } }, cron: { value: { type: 'plain_text_input', value: expression } } });
    const badCron = await h.slack.submit(view, cron('61 * * * *'), ADMIN);
    expect(String((badCron?.errors as Record<string, string>).cron)).toContain('61');
    const badZone = await h.slack.submit(view, { ...cron('every Monday 09:00'), tz: { value: { type: 'plain_text_input', value: 'Mars/Olympus' } } }, ADMIN);
    expect(Object.keys((badZone?.errors as Record<string, string>) ?? {})).toEqual(['tz']);

    expect(await h.slack.submit(view, cron('every Monday 09:00'), ADMIN)).toEqual({ response_action: 'clear' });
    const [schedule] = await h.test.app.store.schedules.list();
    expect(schedule).toMatchObject({ kind: 'cron', cron: '0 9 * * 1', timezone: 'Asia/Jakarta', name: 'Weekly' });
    expect(schedule?.createdBy).toMatchObject({ surface: 'slack', userId: ADMIN });
    const confirmation = await h.fake.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('saved'));
    expect(String(confirmation.args.text)).toContain('Next runs:');
    expect(String(confirmation.args.text)).toContain('Recipients now: 5');
    // The draft was used up: saving again finds nothing.
    expect((await h.slack.submit(view, cron('every Monday 09:00'), ADMIN))?.response_action).toBe('update');

    const id = schedule!.id;
    expect(await reply(h, '/broadcast', 'schedules', ADMIN, 's-list')).toContain(id);
    expect(await reply(h, '/broadcast', `schedules pause ${id}`, ADMIN, 's-pause')).toContain(`Schedule ${id} paused.`);
    expect((await h.test.app.store.schedules.get(id))?.enabled).toBe(false);
    expect(await reply(h, '/broadcast', `schedules resume ${id}`, ADMIN, 's-resume')).toContain('Next runs:');
    expect(await reply(h, '/broadcast', `schedules delete ${id}`, ADMIN, 's-delete')).toContain(`Schedule ${id} deleted.`);
    expect(await h.test.app.store.schedules.list()).toHaveLength(0);
  });
});
