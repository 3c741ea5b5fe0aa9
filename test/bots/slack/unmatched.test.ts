/**
 * Requests no handler takes (issue 13 follow-up): an old button, an unknown slash command, a form of an older
 * version, a body Slack would never send. Bolt held each for 3 s and answered 404 (Slack shows the user a timeout);
 * now each is acknowledged with a 200 and the person is told privately, in their language, that it is no longer valid.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, startSlackHarness } from './harness.js';
import { viewButtonPayload } from './slack-client.js';
import { sleep } from '../../helpers/wait.js';

describe('Slack: requests no handler takes', () => {
  it('an old button answers 200 and tells the presser privately, in their language', async () => {
    const h = await startSlackHarness();
    h.fake.locales.set(ADMIN, 'id-ID');
    const response = await h.slack.press('campaign_archive_v1', 'c1', ADMIN, 'CGENERAL', '1.000');
    expect(response.status).toBe(200);
    const told = await h.fake.waitForCall('chat.postEphemeral');
    expect(told.args).toMatchObject({ channel: 'CGENERAL', user: ADMIN });
    expect(told.args.text).toBe('Tombol ini sudah tidak berlaku. Gunakan pesan terbaru, atau mulai lagi dengan /broadcast.');
  });

  it('an unknown slash command answers 200 and names the command', async () => {
    const h = await startSlackHarness();
    const response = await h.slack.slash('/kampanye', 'list', ADMIN);
    expect(response.status).toBe(200);
    const told = await h.fake.waitForCall('chat.postEphemeral');
    expect(told.args.text).toBe('The command /kampanye is not available in this app. Try /broadcast help.');
  });

  it('a form of an older version is replaced by a notice; a stranger and a select change in a modal are not told anything', async () => {
    const h = await startSlackHarness();
    const answer = await h.slack.submit({ callback_id: 'broadcast_compose_v0' }, {}, ADMIN);
    expect(answer).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
    expect(JSON.stringify(answer)).toContain('This form is no longer valid.');
    expect((await h.slack.press('campaign_archive_v1', 'c1', 'USTRANGER', 'CGENERAL', '1.000')).status).toBe(200);
    // A select or radio change inside a modal (sent on every change) is acknowledged without a word.
    const change = viewButtonPayload('compose_kind_changed', 'tags', ADMIN);
    (change.actions as Record<string, unknown>[])[0]!.type = 'radio_buttons';
    expect((await h.slack.interact(change)).status).toBe(200);
    await sleep(300);
    expect(h.fake.callsOf('chat.postEphemeral')).toEqual([]);
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('bodies Bolt cannot classify and closed forms are acknowledged at once', async () => {
    const h = await startSlackHarness();
    expect((await h.slack.interact({ type: 'not_a_slack_type', user: { id: ADMIN } })).status).toBe(200);
    expect((await h.slack.interact({ type: 'view_closed', user: { id: ADMIN }, view: { callback_id: 'broadcast_compose' } })).status).toBe(200);
    expect((await h.slack.interact({ type: 'shortcut', callback_id: 'nope', user: { id: ADMIN } })).status).toBe(200);
    // The real handlers still answer.
    expect((await h.slack.command('help', ADMIN)).status).toBe(200);
  });
});
