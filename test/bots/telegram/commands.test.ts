import { afterEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, phoneAt, seedCustomers } from '../../helpers/seed.js';
import {
  ADMIN,
  ADMIN_CHAT,
  GROUP,
  STRANGER,
  buttonData,
  buttonLabels,
  say,
  startBotHarness,
  type BotHarness,
} from './harness.js';
import { sleep } from '../../helpers/wait.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Telegram commands', () => {
  it('/campaigns pages with buttons, /campaign ID shows one, and unknown ids are answered in words', async () => {
    h = await startBotHarness();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await h.test.app.campaigns.create(
        { title: `Kampanye ${i}`, template: 'Halo', audience: { kind: 'phones', phones: [phoneAt(i)] } },
        CLI_ACTOR,
      );
      ids.push(c.id);
      await h.test.waitForCampaign(c.id, ['completed']);
    }
    const page1 = await say(h, ADMIN, ADMIN_CHAT, '/campaigns', /Campaigns 1–8/);
    expect(page1.text).toContain(`• ${ids[9]} — Kampanye 9 — completed — 1/1`);
    expect(page1.text).not.toContain('Kampanye 1 ');
    expect(buttonLabels(page1)).toContain('Older ➡');
    expect(buttonLabels(page1)).not.toContain('⬅ Newer');

    h.fake.pressButton(ADMIN, ADMIN_CHAT, page1.messageId, buttonData(page1, /Older/));
    await h.fake.waitUntil(
      () => /Campaigns 9–10/.test(h!.fake.message(ADMIN_CHAT.id, page1.messageId)?.text ?? ''),
      'page 2',
    );
    const page2 = h.fake.message(ADMIN_CHAT.id, page1.messageId)!;
    expect(page2.text).toContain(`• ${ids[0]} — Kampanye 0`);
    expect(buttonLabels(page2)).toContain('⬅ Newer');

    const shown = await say(h, ADMIN, ADMIN_CHAT, `/campaign ${ids[3]!.toUpperCase()}`, /Kampanye 3/);
    expect(shown.text).toContain(`ID: ${ids[3]}`);
    expect(shown.text).toContain('Status: completed');
    // A finished campaign is not "⏳ Sending messages… Progress: 100%".
    expect(shown.text).not.toContain('Sending messages');
    expect(shown.text).toContain('✅ Sending finished. Progress: 100%');
    expect(buttonLabels(shown)).toEqual(['📄 Details']);

    await say(h, ADMIN, ADMIN_CHAT, '/campaign zzzzzzzz', /Campaign zzzzzzzz was not found\./);
    await say(h, ADMIN, ADMIN_CHAT, '/pause', /Give the campaign id: \/pause ID/);
    await say(
      h,
      ADMIN,
      ADMIN_CHAT,
      `/resume ${ids[0]}`,
      new RegExp(`Campaign ${ids[0]} has completed; it cannot be resumed`),
    );
  });

  it('/pause, /resume and /cancel ID control a running campaign; /retry ID sends the failed ones again with a new progress message', async () => {
    h = await startBotHarness({
      DRY_RUN_LATENCY_MS: '60',
      CAMPAIGN_LANES: '1',
      DRY_RUN_FAIL_RATE: '0.3',
      MAX_SEND_ATTEMPTS: '1',
    });
    const phones = await seedCustomers(h.test.app, 60);
    const running = await h.test.app.campaigns.create(
      { title: 'Jalan', template: 'Halo', audience: { kind: 'all' } },
      CLI_ACTOR,
    );
    await say(h, ADMIN, ADMIN_CHAT, `/pause ${running.id}`, /Campaign 'Jalan' paused\./);
    await h.test.waitForCampaign(running.id, ['paused']);
    await say(h, ADMIN, ADMIN_CHAT, `/resume ${running.id}`, /Campaign 'Jalan' resumed\./);
    await h.fake.waitUntil(() => h!.test.outbox().length >= 15, 'some sends');
    await say(h, ADMIN, ADMIN_CHAT, `/cancel ${running.id}`, /Campaign 'Jalan' cancelled\./);
    await h.test.waitForCampaign(running.id, ['cancelled']);
    const audit = await h.test.app.store.audit.list({ limit: 10 });
    expect(audit.filter((e) => e.actor.surface === 'telegram').map((e) => e.action)).toEqual(
      expect.arrayContaining(['campaign.pause', 'campaign.resume', 'campaign.cancel']),
    );

    // The lane writes its last results after the cancel: wait until the counts match what was sent.
    let cancelled = await h.test.app.campaigns.get(running.id);
    for (let i = 0; i < 200 && cancelled.counts.sent !== h.test.outbox().length; i++) {
      await sleep(25);
      cancelled = await h.test.app.campaigns.get(running.id);
    }
    expect(cancelled.counts.sent).toBe(h.test.outbox().length);
    expect(cancelled.counts.failed).toBeGreaterThan(0);
    const retried = await say(h, ADMIN, ADMIN_CHAT, `/retry ${running.id}`, /Retry campaign 'Jalan — retry 1' \(\w+\) created/);
    const retryId = /\((\w+)\)/.exec(retried.text ?? '')?.[1] ?? '';
    const progress = await h.fake.waitForMessage(ADMIN_CHAT.id, /Broadcast (Waiting|In Progress) — Campaign 'Jalan — retry 1'/);
    expect(buttonData(progress, /Pause/)).toBe(`cmp:pause:${retryId}`);
    await h.test.waitForCampaign(retryId, ['completed']);
    const retry = await h.test.app.campaigns.get(retryId);
    expect(retry.retryOf).toBe(running.id);
    expect(retry.counts.total).toBe(cancelled.counts.failed + cancelled.counts.unknown);
    // Only the failed ones were sent again: no customer got the message twice.
    const sentTo = h.test.outbox().map((l) => l.to);
    expect(new Set(sentTo).size).toBe(sentTo.length);
    for (const to of sentTo) expect(phones).toContain(to);
    await h.fake.waitForMessage(ADMIN_CHAT.id, /This is a retry of campaign 'Jalan'/);
  });

  it('/customers counts by tag, a CSV captioned /import imports, /optout opts a number out', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 3, 'vip');
    await seedCustomers(h.test.app, 2, 'reseller', 100);
    const counts = await say(h, ADMIN, ADMIN_CHAT, '/customers', /Subscribed customers: 5/);
    expect(counts.text).toContain('🏷 reseller: 2 (of 2)');
    expect(counts.text).toContain('🏷 vip: 3 (of 3)');

    let mark = h.fake.mark();
    h.fake.sendDocument(ADMIN, ADMIN_CHAT, {
      fileName: 'baru.csv',
      mimeType: 'text/csv',
      content: `phone,name,tags\n${phoneAt(0)},Budi Baru,vip\n0856 7777 8888,Rina,baru\n`,
      caption: '/import',
    });
    const report = await h.fake.waitForMessage(ADMIN_CHAT.id, /Import finished/, mark);
    expect(report.text).toContain('1 new, 1 updated, 0 unchanged, 0 rejected');
    expect((await h.test.app.store.customers.findByPhone('+6285677778888'))?.name).toBe('Rina');

    await say(h, ADMIN, ADMIN_CHAT, '/optout 0812-1000-0001', /\+6281210000001 will not receive broadcasts any more/);
    expect((await h.test.app.store.customers.findByPhone('+6281210000001'))?.optedOut).toBe(true);
    await say(h, ADMIN, ADMIN_CHAT, '/optout', /Give the number/);

    // A document without the caption is not imported.
    mark = h.fake.mark();
    h.fake.sendDocument(ADMIN, ADMIN_CHAT, {
      fileName: 'lain.csv',
      mimeType: 'text/csv',
      content: 'phone\n+6281299998888\n',
    });
    await h.fake.waitForMessage(ADMIN_CHAT.id, /didn't understand/, mark);
    expect(await h.test.app.store.customers.findByPhone('+6281299998888')).toBeNull();
  });

  it('works in a group: commands addressed to the bot by name, chatter of non-admins ignored, their commands refused', async () => {
    h = await startBotHarness({ TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id) });
    await seedCustomers(h.test.app, 2);
    await say(h, ADMIN, GROUP, '/customers@broadcast_test_bot', /Subscribed customers: 2/);
    const step1 = await say(h, ADMIN, GROUP, '/broadcast', /step 1\/4/i);
    // The fake bot has privacy mode on (like a new bot): questions that expect text say to reply.
    expect(step1.text).toContain('In a group, reply to this message so the bot receives it.');
    // Another admin's wizard in the same group is separate from this one.
    await say(h, { id: 1002, first_name: 'Budi', language_code: 'id' }, GROUP, '/broadcast', /langkah 1\/4/);
    await say(h, ADMIN, GROUP, 'Grup promo', /step 2\/4/i);

    const mark = h.fake.mark();
    h.fake.sendText(STRANGER, GROUP, 'selamat pagi semua');
    h.fake.sendText(STRANGER, GROUP, '/campaigns');
    await h.fake.waitForMessage(GROUP.id, /hanya untuk admin/, mark);
    const toGroup = h.fake.calls.slice(mark).filter((c) => c.method === 'sendMessage');
    expect(toGroup).toHaveLength(1);
    expect((await h.test.app.store.audit.list({ outcome: 'refused' })).map((e) => e.target)).toEqual(['/campaigns']);
  });

  it('sets the command menu in both languages at start', async () => {
    h = await startBotHarness();
    const menus = h.fake.callsOf('setMyCommands');
    expect(menus.map((c) => (c.params as { language_code?: string }).language_code)).toEqual([undefined, 'id', 'en']);
    const english = menus[2]!.params.commands as { command: string; description: string }[];
    expect(english.map((c) => c.command)).toEqual([
      'broadcast',
      'campaigns',
      'campaign',
      'pause',
      'resume',
      'cancel',
      'retry',
      'customers',
      'optout',
      'schedules',
      'whatsapp',
      'help',
    ]);
    expect(english[0]).toEqual({ command: 'broadcast', description: 'Create a new broadcast' });
    expect(h.fake.unknownMethods).toEqual([]);
  });
});
