import { afterEach, describe, expect, it } from 'vitest';
import { startSlackApp } from '../../../src/bots/slack/index.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { startTestApp } from '../../helpers/app.js';
import { seedCustomers } from '../../helpers/seed.js';
import { composeValues } from './slack-client.js';
import { waitUntil } from '../../helpers/wait.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Slack app in Socket Mode', () => {
  it('connects through apps.connections.open and a WebSocket, and serves /broadcast and the modal over it', async () => {
    const fake = await new FakeSlackApi().start();
    cleanups.push(() => fake.stop());
    const test = await startTestApp({
      SLACK_BOT_TOKEN: 'xoxb-000-test-token',
      SLACK_APP_TOKEN: 'xapp-1-AFAKE-test',
      SLACK_API_URL: fake.apiUrl,
      SLACK_ALLOWED_USERS: 'UADMIN',
      BOT_LOCALE: 'en',
    });
    cleanups.push(() => test.close());
    await seedCustomers(test.app, 3, 'vip');
    const service = await startSlackApp(test.app);
    cleanups.push(() => service.stop());

    expect(service.port).toBeUndefined();
    const open = fake.callsOf('apps.connections.open')[0];
    expect(open?.authorization).toBe('Bearer xapp-1-AFAKE-test');
    const socket = fake.socketConnections[0];
    if (!socket) throw new Error('the app opened no WebSocket');

    // A slash command arrives as an envelope; the app acknowledges it on the socket and replies via response_url.
    socket.send({
      envelope_id: 'env-help',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommand('help', fake.responseUrl('socket-help')),
    });
    expect(await socket.ack('env-help')).toMatchObject({ envelope_id: 'env-help' });
    await waitUntil(() => fake.responses.some((r) => r.id === 'socket-help'));
    expect(String(fake.responses.find((r) => r.id === 'socket-help')?.body.text)).toContain('/broadcast status ID');

    // The modal opens, and a submission is answered (inline errors) in the envelope's acknowledgement.
    socket.send({ envelope_id: 'env-open', type: 'slash_commands', accepts_response_payload: true, payload: slashCommand('', fake.responseUrl()) });
    const viewOpen = await fake.waitForCall('views.open');
    const view = viewOpen.args.view as { callback_id: string; private_metadata: string };
    socket.send({
      envelope_id: 'env-submit',
      type: 'interactive',
      accepts_response_payload: true,
      payload: {
        type: 'view_submission',
        team: { id: 'T0FAKE', domain: 'fake' },
        user: { id: 'UADMIN', name: 'admin' },
        api_app_id: 'AFAKE',
        trigger_id: 'trigger-socket',
        view: { id: 'V1', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: composeValues({ title: 'Socket', kind: 'all', message: ' ' }) } },
      },
    });
    const ack = await socket.ack('env-submit');
    expect(ack.payload).toEqual({ response_action: 'errors', errors: { message: 'The message is empty.' } });
  });
});

function slashCommand(text: string, responseUrl: string): Record<string, string> {
  return {
    token: 'legacy',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'CGENERAL',
    channel_name: 'general',
    user_id: 'UADMIN',
    user_name: 'admin',
    command: '/broadcast',
    text,
    api_app_id: 'AFAKE',
    response_url: responseUrl,
    trigger_id: `trigger-${Date.now()}`,
  };
}
