import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { WIZARD_NAMESPACE, WIZARD_VERSION } from '../../../src/bots/telegram/wizard-store.js';
import { phoneAt, seedCustomers } from '../../helpers/seed.js';
import { emptyVariableWarnings } from '../../../src/campaigns/empty-variables.js';
import {
  ADMIN,
  ADMIN_CHAT,
  buttonData,
  buttonLabels,
  press,
  say,
  sendNow,
  startBotHarness,
  STRANGER,
  wizardToPreview,
  type BotHarness,
} from './harness.js';
import { sleep } from '../../helpers/wait.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function wizardKeys(harness: BotHarness): Promise<string[]> {
  const index = await harness.test.app.store.kv.get(WIZARD_NAMESPACE, '_index');
  return index ? (JSON.parse(index) as string[]) : [];
}

/** The wizard state is saved after the reply went out: wait for the store to show `expected`. */
async function expectWizardKeys(harness: BotHarness, expected: string[]): Promise<void> {
  const deadline = Date.now() + 5000;
  let keys = await wizardKeys(harness);
  while (JSON.stringify(keys) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(25);
    keys = await wizardKeys(harness);
  }
  expect(keys).toEqual(expected);
}

describe('the /broadcast wizard: other paths', () => {
  it('the preview warns about recipients with an empty variable, with the shared text', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 5, 'vip');
    await h.test.app.store.customers.upsertMany([{ phone: phoneAt(5), name: '', tags: ['vip'], attributes: {} }]);
    const preview = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Promo',
      async (step2) => {
        await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
      },
      'Halo {{name}}!',
    );
    const [warning] = emptyVariableWarnings([{ name: 'name', count: 1 }], 6, 'en');
    expect(warning).toBeTruthy();
    expect(preview.text).toContain(warning);
  });

  it('/cancel mid-wizard ends it: nothing is created and a later text is not taken as wizard input', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 3);
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    await say(h, ADMIN, ADMIN_CHAT, 'Flash sale', /step 2\/4/i);
    await expectWizardKeys(h, [`${ADMIN_CHAT.id}:${ADMIN.id}`]);

    await say(h, ADMIN, ADMIN_CHAT, '/cancel', /Broadcast cancelled\. Nothing was sent\./);
    await expectWizardKeys(h, []);
    await say(h, ADMIN, ADMIN_CHAT, 'Halo semua', /didn't understand/);
    expect(await h.test.app.campaigns.list()).toEqual([]);

    // The Cancel button does the same, at another step.
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Flash sale', /step 2\/4/i);
    const step3 = await press(h, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
    await press(h, ADMIN, ADMIN_CHAT, step3, /Cancel/, /Broadcast cancelled/);
    await expectWizardKeys(h, []);
    // An old wizard's button after the end says so instead of doing anything.
    const mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, step2.messageId, buttonData(step2, /All customers/));
    const answer = await h.fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery',
      'the stale answer',
      10_000,
      mark,
    );
    expect(answer.params.text).toMatch(/no longer works/);
    expect(await h.test.app.campaigns.list()).toEqual([]);
  });

  it('a restart of the bot mid-wizard resumes it where it was (state in the store, updates not delivered twice)', async () => {
    h = await startBotHarness();
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Tetap jalan', /step 2\/4/i);
    await press(h, ADMIN, ADMIN_CHAT, step2, /Custom numbers/, /Paste the numbers/);

    await h.restartBot();
    expect(h.fake.unconfirmedUpdates()).toBe(0);

    await say(h, ADMIN, ADMIN_CHAT, '0812-3456-7890\n0813 1111 2222', /2 numbers accepted/);
    await h.fake.waitForMessage(ADMIN_CHAT.id, /step 3\/4/i);
    const preview = await say(h, ADMIN, ADMIN_CHAT, 'Halo {{name|Kak}}', /Preview of 'Tetap jalan'/);
    expect(preview.text).toContain('To send: 2 recipients');
    const { campaign } = await sendNow(h, ADMIN_CHAT, preview);
    await h.test.waitForCampaign(campaign.id, ['completed']);
    expect(
      h.test
        .outbox()
        .map((l) => l.to)
        .sort(),
    ).toEqual(['+6281234567890', '+6281311112222']);
    // Each step was asked exactly once: nothing was replayed twice after the restart.
    expect(h.fake.botMessages(ADMIN_CHAT.id).filter((m) => /step 2\/4/i.test(m.history[0] ?? ''))).toHaveLength(1);
  });

  it('a wizard saved by an older version of the wizard is dropped rather than replayed wrongly', async () => {
    h = await startBotHarness();
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    await expectWizardKeys(h, [`${ADMIN_CHAT.id}:${ADMIN.id}`]);
    const key = `${ADMIN_CHAT.id}:${ADMIN.id}`;
    const stored = JSON.parse((await h.test.app.store.kv.get(WIZARD_NAMESPACE, key)) ?? '{}') as {
      state: { version: unknown[] };
    };
    expect(stored.state.version).toEqual([0, WIZARD_VERSION]);
    stored.state.version = [0, 'broadcast-0'];
    await h.test.app.store.kv.set(WIZARD_NAMESPACE, key, JSON.stringify(stored));
    await say(h, ADMIN, ADMIN_CHAT, 'Judul', /didn't understand/);
    expect(await h.test.app.campaigns.list()).toEqual([]);
  });

  it('pasted numbers: invalid lines are listed back by line, and the valid ones are used', async () => {
    h = await startBotHarness();
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Nomor manual', /step 2\/4/i);
    await press(h, ADMIN, ADMIN_CHAT, step2, /Custom numbers/, /Paste the numbers/);
    const listed = await say(
      h,
      ADMIN,
      ADMIN_CHAT,
      '0812-3456-7890\nhalo\n+62 813 1111 2222, 12\n0812-3456-7890',
      /invalid numbers/,
    );
    expect(listed.text).toContain('⚠️ 2 invalid numbers:');
    expect(listed.text).toContain('Line 2: “halo” — contains letters');
    expect(listed.text).toMatch(/Line 3: “12” — /);
    expect(buttonLabels(listed)).toContain('✅ Continue with 2 valid numbers');

    const step3 = await press(h, ADMIN, ADMIN_CHAT, listed, /Continue with 2/, /step 3\/4/i);
    expect(step3.text).toContain('{{name}}');
    const preview = await say(h, ADMIN, ADMIN_CHAT, 'Promo untuk {{phone}}', /Preview of/);
    expect(preview.text).toContain('To send: 4 selected − 2 invalid = 2 recipients');
    expect(preview.text).toContain('Promo untuk +6281234567890');
    const { campaign } = await sendNow(h, ADMIN_CHAT, preview);
    // Stored as a reference to a phone list, not the numbers (issue 18).
    expect(campaign.audience).toMatchObject({ kind: 'list', count: 2 });
    const listId = campaign.audience.kind === 'list' ? campaign.audience.listId : '';
    const pages: string[][] = [];
    for await (const page of h.test.app.store.audienceLists.pages(listId, 1000)) pages.push(page);
    expect(pages).toEqual([['+6281234567890', '+6281311112222']]);
  });

  it('Upload contacts: the document is imported like the CLI import (customers saved) and its numbers are the audience', async () => {
    h = await startBotHarness();
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Dari CSV', /step 2\/4/i);
    await press(h, ADMIN, ADMIN_CHAT, step2, /Upload contacts/, /Send the contacts file/);
    const mark = h.fake.mark();
    h.fake.sendDocument(ADMIN, ADMIN_CHAT, {
      fileName: 'pelanggan.csv',
      mimeType: 'text/csv',
      content: 'phone,name,tags,kota\n0812-3456-7890,Budi,vip,Jakarta\n0813 1111 2222,Siti,,Bandung\nbukan nomor,X,,\n',
    });
    const report = await h.fake.waitForMessage(ADMIN_CHAT.id, /Import finished/, mark);
    expect(report.text).toContain('📥 Import finished: 2 new, 0 updated, 0 unchanged, 1 rejected.');
    expect(report.text).toMatch(/Line 4: “bukan nomor” — /);
    await h.fake.waitForMessage(ADMIN_CHAT.id, /step 3\/4/i, mark);
    expect(await h.test.app.customers.count()).toBe(2);
    // The wizard's saved record references the uploaded list; the numbers themselves are not in it (issue 18).
    const savedRecord = () => h!.test.app.store.kv.get(WIZARD_NAMESPACE, `${ADMIN_CHAT.id}:${ADMIN.id}`);
    // The record is written once the update's handling ends, just after the step-3 message went out.
    await expect.poll(async () => (await savedRecord()) ?? '', { timeout: 20_000 }).toContain('listId');
    const saved = await savedRecord();
    expect(saved).not.toContain('6281234567890');
    expect(saved).not.toContain('6281311112222');

    const preview = await say(h, ADMIN, ADMIN_CHAT, 'Halo {{name}} di {{kota}}', /Preview of 'Dari CSV'/);
    expect(preview.text).toContain('Halo Budi di Jakarta');
    expect(preview.text).toContain('2 numbers from the file');
    const { campaign } = await sendNow(h, ADMIN_CHAT, preview);
    expect(campaign.audience).toMatchObject({ kind: 'list', count: 2 });
    await h.test.waitForCampaign(campaign.id, ['completed']);
    expect(
      h.test
        .outbox()
        .map((l) => l.text)
        .sort(),
    ).toEqual(['Halo Budi di Jakarta', 'Halo Siti di Bandung']);
  });

  it('a photo with a caption: stored under DATA_DIR/media and sent with every message', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 3);
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Foto promo', /step 2\/4/i);
    await press(h, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
    const photo = Buffer.from('\xff\xd8\xff\xe0 fake jpeg bytes for the test \xff\xd9', 'latin1');
    const mark = h.fake.mark();
    h.fake.sendPhoto(ADMIN, ADMIN_CHAT, { content: photo, caption: 'Diskon 50% untuk {{name}}!' });
    const preview = await h.fake.waitForMessage(ADMIN_CHAT.id, /Preview of 'Foto promo'/, mark);
    expect(preview.text).toContain('🖼 Photo attached');
    expect(preview.text).toContain('Diskon 50% untuk Customer 0!');

    const { campaign } = await sendNow(h, ADMIN_CHAT, preview);
    expect(campaign.media?.kind).toBe('image');
    expect(campaign.media?.path.startsWith(`${h.test.dataDir}/media/`)).toBe(true);
    // The largest size was downloaded, byte for byte.
    expect(readFileSync(campaign.media!.path).equals(photo)).toBe(true);
    await h.test.waitForCampaign(campaign.id, ['completed']);
    const lines = h.test.outbox();
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.media).toBeTruthy();
  });

  it('Edit message from the preview goes back to the message step and the new text is sent', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 2);
    const preview = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Ubah pesan',
      async (step2) => void (await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i)),
      'Versi pertama',
    );
    await press(h, ADMIN, ADMIN_CHAT, preview, /Edit message/, /step 3\/4/i);
    const second = await say(h, ADMIN, ADMIN_CHAT, 'Versi kedua', /Preview of 'Ubah pesan'/);
    expect(second.text).toContain('Versi kedua');
    const { campaign } = await sendNow(h, ADMIN_CHAT, second);
    await h.test.waitForCampaign(campaign.id, ['completed']);
    expect(h.test.outbox().map((l) => l.text)).toEqual(['Versi kedua', 'Versi kedua']);
  });

  it('a wizard left alone expires with a message, and its state is gone', async () => {
    h = await startBotHarness({}, { wizardTtlMs: 800, sweepIntervalMs: 100 });
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const expired = await h.fake.waitForMessage(ADMIN_CHAT.id, /closed after 30 minutes without activity/);
    expect(expired.text).toContain('Nothing was sent');
    await expectWizardKeys(h, []);
    await say(h, ADMIN, ADMIN_CHAT, 'Judul terlambat', /didn't understand/);
  });

  it('a non-admin is refused politely in their language and audited; nothing is shown or changed', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 2);
    const strangerChat = { id: STRANGER.id, type: 'private' as const };
    const refusal = await say(h, STRANGER, strangerChat, '/broadcast', /hanya untuk admin/);
    expect(refusal.text).toContain(`ID Telegram Anda ${STRANGER.id}`);
    await say(h, STRANGER, strangerChat, '/customers', /hanya untuk admin/);

    // A campaign button pressed by a stranger (e.g. in a shared group) is refused too.
    const preview = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Rahasia',
      async (step2) => void (await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i)),
      'Halo',
    );
    const { progress, campaign } = await sendNow(h, ADMIN_CHAT, preview);
    await h.test.waitForCampaign(campaign.id, ['completed']);
    const mark = h.fake.mark();
    h.fake.pressButton(STRANGER, ADMIN_CHAT, progress.messageId, `cmp:retry:${campaign.id}`);
    const answer = await h.fake.waitForCall((c) => c.method === 'answerCallbackQuery', 'the refusal', 10_000, mark);
    expect(answer.params).toMatchObject({ show_alert: true });
    expect(String(answer.params.text)).toContain('hanya untuk admin');
    expect((await h.test.app.campaigns.list()).map((c) => c.id)).toEqual([campaign.id]);

    const refused = await h.test.app.store.audit.list({ outcome: 'refused' });
    // At most one refusal row per stranger per minute (issue 13): a stranger hammering the bot cannot grow the audit.
    expect(refused.map((e) => [e.actor.userId, e.target])).toEqual([[String(STRANGER.id), '/broadcast']]);
    expect(refused[0]).toMatchObject({ action: 'telegram.access', actor: { surface: 'telegram' } });
    // Nothing the stranger sent reached a handler that shows campaigns or customers.
    const toStranger = h.fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === STRANGER.id);
    expect(toStranger).toHaveLength(2);
  });
});
