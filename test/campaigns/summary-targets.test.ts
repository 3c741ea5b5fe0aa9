import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { waitUntil } from '../helpers/wait.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('where a completion summary goes (issue 11, defect 12)', () => {
  it('a campaign created from the CLI posts its summary to the Telegram and Slack admin channels, not only the terminal', async () => {
    t = await startTestApp();
    const terminal = new RecordingNotifier('cli');
    const telegram = new RecordingNotifier('telegram');
    const slack = new RecordingNotifier('slack');
    for (const n of [terminal, telegram, slack]) t.app.notifiers.register(n);
    await seedCustomers(t.app, 3);

    const campaign = await t.app.campaigns.create({ title: 'Nightly', template: 'Halo', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(campaign.id, ['completed']);
    await waitUntil(() => [terminal, telegram, slack].every((n) => n.summaries.length > 0));
    for (const n of [terminal, telegram, slack]) {
      expect(n.summaries.map((s) => s.summary.campaign.id)).toEqual([campaign.id]);
    }
  });

  it('a campaign started in Telegram reports back to Telegram only', async () => {
    t = await startTestApp();
    const terminal = new RecordingNotifier('cli');
    const telegram = new RecordingNotifier('telegram');
    const slack = new RecordingNotifier('slack');
    for (const n of [terminal, telegram, slack]) t.app.notifiers.register(n);
    await seedCustomers(t.app, 3);
    const campaign = await t.app.campaigns.create(
      { title: 'From chat', template: 'Halo', audience: { kind: 'all' } },
      { surface: 'telegram', userId: '1001', chatId: '1001' },
    );
    await t.waitForCampaign(campaign.id, ['completed']);
    await waitUntil(() => telegram.summaries.length > 0);
    expect(slack.summaries).toEqual([]);
    expect(terminal.summaries).toEqual([]);
  });
});
