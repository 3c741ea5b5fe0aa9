/**
 * Starts the real Slack app (HTTP mode, random port) on a real test app (Redis, SQLite, dry-run sender,
 * worker) against the fake Slack Web API, and drives it like Slack would.
 */
import { afterEach, expect } from 'vitest';
import { SlackNotifier, startSlackApp, type SlackAppOptions } from '../../../src/bots/slack/index.js';
import type { Service } from '../../../src/app-types.js';
import { FakeSlackApi, type SlackCall } from '../../fakes/slack-api.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { composeValues, SlackSide } from './slack-client.js';
import { waitUntil } from '../../helpers/wait.js';

export const SECRET = 'test-signing-secret';
export const ADMIN = 'UADMIN';
export const ADMIN_CHANNEL = 'CADMIN';

export interface SlackHarness {
  fake: FakeSlackApi;
  test: TestApp;
  service: Service & { port?: number };
  slack: SlackSide;
  notifier: SlackNotifier;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts fake Slack, the app and the Slack surface; everything is stopped after the test. */
export async function startSlackHarness(env: Record<string, string> = {}, options: SlackAppOptions = {}): Promise<SlackHarness> {
  const fake = await new FakeSlackApi().start();
  cleanups.push(() => fake.stop());
  const test = await startTestApp({
    SLACK_BOT_TOKEN: 'xoxb-000-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_PORT: '0',
    SLACK_ADMIN_CHANNEL: ADMIN_CHANNEL,
    SLACK_ALLOWED_USERS: `${ADMIN},SOPS`,
    ...env,
  });
  cleanups.push(() => test.close());
  const service = await startSlackApp(test.app, options);
  cleanups.push(() => service.stop());
  if (!service.port) throw new Error('the Slack app did not report its port');
  const notifier = test.app.notifiers.all().find((n): n is SlackNotifier => n instanceof SlackNotifier);
  if (!notifier) throw new Error('startSlackApp did not register the Slack notifier');
  const slack = new SlackSide(service.port, SECRET, (id) => fake.responseUrl(id));
  return { fake, test, service, slack, notifier };
}

export interface SentViaModal {
  campaignId: string;
  channel: string;
  ts: string;
  post: SlackCall;
}

/** `/broadcast` → modal → preview → Send, as `user` in `channel`; returns the posted progress message. */
export async function sendViaModal(
  h: SlackHarness,
  input: { title: string; message: string; kind?: 'all' | 'tags' | 'phones'; tags?: string[]; phones?: string },
  user = ADMIN,
  channel = 'CGENERAL',
): Promise<SentViaModal> {
  const opened = h.fake.callsOf('views.open').length;
  expect((await h.slack.command('', user, channel)).status).toBe(200);
  const open = await h.fake.waitForCall('views.open', () => h.fake.callsOf('views.open').length > opened);
  const view = h.fake.callsOf('views.open')[opened]?.args.view as { callback_id: string; private_metadata: string };
  expect(open).toBeTruthy();
  const pushed = await h.slack.submit(view, composeValues({ kind: 'all', ...input }), user);
  expect(pushed?.response_action, JSON.stringify(pushed)).toBe('push');
  const preview = pushed?.view as { callback_id: string; private_metadata: string };
  const posts = h.fake.callsOf('chat.postMessage').length;
  const cleared = await h.slack.submit(preview, {}, user);
  expect(cleared).toEqual({ response_action: 'clear' });
  const post = await h.fake.waitForCall(
    'chat.postMessage',
    (c) => h.fake.calls.filter((x) => x.method === 'chat.postMessage').indexOf(c) >= posts && headerOf(c) === `📢 ${input.title}`,
  );
  const campaignId = campaignIdOf(post);
  // The message is attached right after Slack answered chat.postMessage.
  const slackRef = async () => (await h.test.app.store.campaigns.get(campaignId))?.progressMessages.find((m) => m.surface === 'slack');
  await waitUntil(async () => (await slackRef()) !== undefined, { what: 'the progress message attached to the campaign' });
  const ref = await slackRef();
  if (!ref) throw new Error('the progress message was not attached to the campaign');
  return { campaignId, channel: ref.chatId, ts: ref.messageId, post };
}

/** The header text of a Block Kit message call. */
export function headerOf(call: SlackCall): string | undefined {
  const blocks = (call.args.blocks ?? []) as { type: string; text?: { text: string } }[];
  return blocks.find((b) => b.type === 'header')?.text?.text;
}

/** The campaign id a progress / summary message names (its buttons' value). */
export function campaignIdOf(call: SlackCall): string {
  const blocks = (call.args.blocks ?? []) as { type: string; elements?: { value?: string }[] }[];
  const value = blocks.find((b) => b.type === 'actions')?.elements?.[0]?.value;
  if (!value) throw new Error(`no campaign button in ${JSON.stringify(call.args)}`);
  return value;
}

/** The button action ids of a message call. */
export function buttonsOf(call: SlackCall): string[] {
  const blocks = (call.args.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}

/** "(sent + failed / total)" from a progress text. */
export function progressCounts(text: string): { sent: number; failed: number; total: number } | null {
  const match = /\(([\d.,]+) \+ ([\d.,]+) \/ ([\d.,]+)\)/.exec(text);
  if (!match) return null;
  const n = (s: string | undefined) => Number((s ?? '').replace(/[.,]/g, ''));
  return { sent: n(match[1]), failed: n(match[2]), total: n(match[3]) };
}

/** chat.update calls of one message, in order. */
export function updatesOf(h: SlackHarness, channel: string, ts: string): SlackCall[] {
  return h.fake.callsOf('chat.update').filter((c) => c.args.channel === channel && c.args.ts === ts);
}
