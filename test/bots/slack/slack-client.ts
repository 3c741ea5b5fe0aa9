/**
 * Plays Slack's side of the HTTP conversation with the app: slash commands (form-encoded) and interactions
 * (`payload=` JSON), signed like Slack signs them (HMAC-SHA256 of `v0:{ts}:{body}` with the signing secret).
 */
import { createHmac } from 'node:crypto';

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (to test a bad one). */
  signature?: string;
}

export class SlackSide {
  constructor(
    private readonly port: number,
    private readonly secret: string,
    private readonly responseUrl: (id?: string) => string,
  ) {}

  /** POSTs a raw body to /slack/events with Slack's signature headers. */
  async post(body: string, options: SignOptions = {}): Promise<Response> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = options.signature ?? `v0=${createHmac('sha256', this.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return fetch(`http://127.0.0.1:${this.port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
      body,
    });
  }

  /** Delivers an Events API event (signed JSON), e.g. a `message` in a thread. */
  async event(event: Record<string, unknown>, eventId: string, teamId = 'T0FAKE'): Promise<Response> {
    const body = JSON.stringify({
      token: 'verification-token',
      team_id: teamId,
      api_app_id: 'AFAKE',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', this.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return fetch(`http://127.0.0.1:${this.port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      body,
    });
  }

  /** Runs `/broadcast {text}` as `user` in `channel`; the reply (if any) goes to the fake's response_url `responseId`. */
  async command(text: string, user: string, channel = 'CGENERAL', responseId?: string, options: SignOptions = {}): Promise<Response> {
    return this.post(commandBody(text, user, channel, this.responseUrl(responseId)), options);
  }

  /** Runs another slash command (e.g. `/whatsapp`). */
  async slash(command: string, text: string, user: string, responseId?: string): Promise<Response> {
    const body = new URLSearchParams(commandBody(text, user, 'CGENERAL', this.responseUrl(responseId)));
    body.set('command', command);
    return this.post(body.toString());
  }

  /** Sends an interaction payload (view_submission, block_actions). */
  async interact(payload: Record<string, unknown>): Promise<Response> {
    return this.post(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  }

  /** Submits a modal view with these state values; returns Bolt's ack body (response_action…), or null. */
  async submit(
    view: { callback_id: string; private_metadata?: string; id?: string },
    values: Record<string, Record<string, unknown>>,
    user: string,
  ): Promise<Record<string, unknown> | null> {
    const response = await this.interact({
      type: 'view_submission',
      team: { id: 'T0FAKE', domain: 'fake' },
      user: { id: user, name: user.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'AFAKE',
      token: 'legacy',
      trigger_id: `trigger-${Date.now()}`,
      view: {
        id: view.id ?? 'V-submitted',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata ?? '',
        state: { values },
        hash: 'h',
        team_id: 'T0FAKE',
        app_id: 'AFAKE',
        bot_id: 'BBOT',
        blocks: [],
      },
    });
    if (response.status !== 200) throw new Error(`view_submission answered HTTP ${response.status}`);
    const text = await response.text();
    return text ? (JSON.parse(text) as Record<string, unknown>) : null;
  }

  /** Presses a button (block_actions) on a message. */
  async press(actionId: string, value: string, user: string, channel: string, messageTs: string): Promise<Response> {
    return this.interact({
      type: 'block_actions',
      team: { id: 'T0FAKE', domain: 'fake' },
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'AFAKE',
      token: 'legacy',
      trigger_id: `trigger-${Date.now()}`,
      channel: { id: channel, name: 'general' },
      container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
      message: { type: 'message', ts: messageTs, text: '' },
      response_url: this.responseUrl(),
      actions: [{ type: 'button', action_id: actionId, block_id: `campaign:${value}`, value, text: { type: 'plain_text', text: actionId }, action_ts: '1' }],
    });
  }
}

/** A button pressed inside a modal (block_actions with the view, no channel). */
export function viewButtonPayload(actionId: string, value: string, user: string, viewId = 'V-open'): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0FAKE' },
    api_app_id: 'AFAKE',
    token: 'legacy',
    trigger_id: `trigger-view-${Date.now()}`,
    container: { type: 'view', view_id: viewId },
    view: { id: viewId, type: 'modal', callback_id: 'broadcast_preview', private_metadata: value, state: { values: {} }, hash: 'h' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'schedule', value, text: { type: 'plain_text', text: actionId }, action_ts: '1' }],
  };
}

/** A slash command body as Slack sends it. */
export function commandBody(text: string, user: string, channel: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: channel,
    channel_name: 'general',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/broadcast',
    text,
    api_app_id: 'AFAKE',
    response_url: responseUrl,
    trigger_id: `trigger-${Date.now()}`,
  }).toString();
}

/** State values of the compose modal as Slack would send them. */
export function composeValues(input: {
  title: string;
  kind: 'all' | 'tags' | 'phones';
  tags?: string[];
  phones?: string;
  message: string;
}): Record<string, Record<string, unknown>> {
  return {
    title: { value: { type: 'plain_text_input', value: input.title } },
    audience: { value: { type: 'radio_buttons', selected_option: { value: input.kind } } },
    tags: { value: { type: 'multi_static_select', selected_options: (input.tags ?? []).map((value) => ({ value })) } },
    phones: { value: { type: 'plain_text_input', value: input.phones ?? null } },
    message: { value: { type: 'plain_text_input', value: input.message } },
  };
}
