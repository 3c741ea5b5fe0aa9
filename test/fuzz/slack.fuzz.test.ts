/**
 * Fuzzing the Slack surface (issue 13): random slash commands, interactions (view submissions, button presses) and
 * Events API bodies, correctly signed, posted to the real Slack app (Bolt's HTTP receiver, real use cases, fake Slack
 * Web API). Every request must end in an answer (200) or a clean refusal (4xx): never a 5xx, a hung request or a
 * crashed receiver, and no answer may carry the signing secret or the bot token.
 */
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN, SECRET, startSlackHarness } from '../bots/slack/harness.js';
import { fuzzParameters } from './settings.js';

const BOT_TOKEN = 'xoxb-000-test-token';
/** Requests sent at once (the run count counts requests: 1,000 in `npm test` are 10 batches). */
const BATCH = 100;

const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', 'help', 'status', 'list', 'pause', 'resume abc', 'cancel 1', 'retry x', 'campaign zz', 'schedules', 'schedules delete q', 'optout 0812', 'link', '<!channel>', '{{name}}', '\u0000', '😀'.repeat(40)),
);
const user = fc.constantFrom(ADMIN, 'SOPS', 'USTRANGER', '', 'U'.repeat(200));
const channel = fc.constantFrom('CGENERAL', 'CADMIN', 'D123', '', 'C<!here>');
const campaignId = fc.oneof(fc.constantFrom('', 'nope', '../../etc', '0'.repeat(64)), fc.string({ maxLength: 24 }));
const actionId = fc.constantFrom('campaign_pause', 'campaign_resume', 'campaign_cancel', 'campaign_details', 'campaign_retry', 'broadcast_schedule', 'value', 'unknown_action');
const callbackId = fc.constantFrom('broadcast_compose', 'broadcast_preview', 'broadcast_schedule_save', 'campaign_details', 'unknown_view');
/** Random JSON, for the fields a handler must not trust. */
const junk = fc.jsonValue({ maxDepth: 3 });

const slashCommand = fc.record({ command: fc.constantFrom('/broadcast', '/whatsapp', '/unknown'), text, user, channel }).map(
  (c) =>
    new URLSearchParams({
      token: 'legacy',
      team_id: 'T0FAKE',
      team_domain: 'fake',
      channel_id: c.channel,
      channel_name: 'general',
      user_id: c.user,
      user_name: 'someone',
      command: c.command,
      text: c.text,
      api_app_id: 'AFAKE',
      response_url: 'http://127.0.0.1:9/response',
      trigger_id: 'trigger-fuzz',
    }).toString(),
);

const blockAction = fc.record({ actionId, value: campaignId, user, channel, extra: junk }).map((a) => ({
  type: 'block_actions',
  team: { id: 'T0FAKE', domain: 'fake' },
  user: { id: a.user, name: 'someone', team_id: 'T0FAKE' },
  api_app_id: 'AFAKE',
  token: 'legacy',
  trigger_id: 'trigger-fuzz',
  channel: { id: a.channel, name: 'general' },
  container: { type: 'message', message_ts: '1.000', channel_id: a.channel, is_ephemeral: false },
  message: { type: 'message', ts: '1.000', text: '' },
  response_url: 'http://127.0.0.1:9/response',
  actions: [{ type: 'button', action_id: a.actionId, block_id: 'b', value: a.value, action_ts: '1', extra: a.extra }],
}));

const viewSubmission = fc
  .record({ callbackId, metadata: fc.oneof(fc.string({ maxLength: 40 }), junk.map((j) => JSON.stringify(j))), user, values: fc.dictionary(fc.string({ maxLength: 12 }), fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 3 }), { maxKeys: 4 }) })
  .map((v) => ({
    type: 'view_submission',
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: v.user, name: 'someone', team_id: 'T0FAKE' },
    api_app_id: 'AFAKE',
    token: 'legacy',
    trigger_id: 'trigger-fuzz',
    view: { id: 'V-fuzz', type: 'modal', callback_id: v.callbackId, private_metadata: v.metadata, state: { values: v.values }, hash: 'h', team_id: 'T0FAKE', app_id: 'AFAKE', bot_id: 'BBOT', blocks: [] },
  }));

const interaction = fc.oneof(blockAction, viewSubmission, junk.map((j) => (typeof j === 'object' && j !== null ? j : { type: j })));

const event = fc.record({ user, channel, text, kind: fc.constantFrom('message', 'app_mention', 'file_shared', 'whatever'), subtype: fc.constantFrom(undefined, 'file_share', 'bot_message', 'message_changed'), extra: junk }).map((e) => ({
  token: 'legacy',
  team_id: 'T0FAKE',
  api_app_id: 'AFAKE',
  type: 'event_callback',
  event_id: 'Ev-fuzz',
  event_time: 1,
  event: { type: e.kind, user: e.user, channel: e.channel, channel_type: 'im', text: e.text, ts: '1.000', ...(e.subtype ? { subtype: e.subtype } : {}), files: e.extra },
}));

/** A request Slack could send: its body and content type. */
const request = fc.oneof(
  slashCommand.map((body) => ({ body, type: 'application/x-www-form-urlencoded' })),
  interaction.map((payload) => ({ body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, type: 'application/x-www-form-urlencoded' })),
  event.map((payload) => ({ body: JSON.stringify(payload), type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((body) => ({ body, type: 'application/json' })),
);

describe('fuzz: signed Slack requests', () => {
  it('every signed command, interaction or event ends in 200 or a 4xx, never a 5xx or a crash', { timeout: 1_800_000 }, async () => {
    const h = await startSlackHarness();
    const post = async (body: string, type: string) => {
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      return fetch(`http://127.0.0.1:${h.service.port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': type, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
        body,
        signal: AbortSignal.timeout(15_000),
      });
    };
    let cases = 0;
    const check = async ({ body, type }: { body: string; type: string }) => {
      cases++;
      const response = await post(body, type);
      const answer = await response.text();
      expect(response.status, `${response.status} for ${body.slice(0, 300)}`).toBeLessThan(500);
      expect(answer).not.toContain(SECRET);
      expect(answer).not.toContain(BOT_TOKEN);
    };
    // Requests go in concurrent batches, as Slack sends them. Each must be answered before the signed timestamp's
    // AbortSignal runs out; a request no handler takes is acknowledged at once (Bolt alone would hold it 3 s).
    const batches = Math.ceil(fuzzParameters.numRuns / BATCH);
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map(check));
      }),
      { ...fuzzParameters, numRuns: batches },
    );
    expect(cases).toBeGreaterThanOrEqual(fuzzParameters.numRuns);
    // The receiver is still there, and nothing it posted to Slack carries a secret.
    expect((await h.slack.command('help', ADMIN)).status).toBe(200);
    // The fake also records each call's own `token` argument: only what the app wrote is searched.
    expect(h.fake.calls.length).toBeGreaterThan(0);
    const posted = JSON.stringify(h.fake.calls.map(({ args: { token: _token, ...rest } }) => rest));
    expect(posted).not.toContain(SECRET);
    expect(posted).not.toContain(BOT_TOKEN);
  });
});
