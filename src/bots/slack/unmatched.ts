/**
 * Requests no handler takes: a button or form from an older version of the app, a slash command or shortcut the app
 * does not own, a body Slack would never send. Bolt would hold each of them for 3 s and then answer 404 (and Slack
 * shows the user a timeout); here they are acknowledged at once and, where a person pressed or typed something, told
 * privately in their language that it is no longer valid.
 *
 * `recordHandledIds` notes every id the app registers (call it before registering handlers); `answerUnmatched`
 * (call it last) installs the catch-all: a global middleware that lets a request through only when a handler's id
 * matches it, and a guard that acknowledges the bodies Bolt cannot even classify (it calls no middleware for those).
 */
import boltHelpers from '@slack/bolt/dist/helpers.js';
import type { AnyMiddlewareArgs, AllMiddlewareArgs, App as BoltApp, ReceiverEvent } from '@slack/bolt';
import { escapeSlackText } from './escape.js';
import { slackActor, tell, type SlackDeps } from './deps.js';
import { t } from './i18n.js';
import type { Locale } from '../../campaigns/types.js';

const { getTypeAndConversation, IncomingEventType } = boltHelpers;

const KINDS = ['command', 'action', 'view', 'shortcut', 'options'] as const;
type Kind = (typeof KINDS)[number];

/** The string ids registered per kind; `opaque` kinds have a pattern or object constraint (never called unmatched). */
export interface HandledIds {
  ids: Record<Kind, Set<string>>;
  opaque: Set<Kind>;
}

/** Wraps bolt.command/action/view/shortcut/options so that every id registered afterwards is recorded. */
export function recordHandledIds(bolt: BoltApp): HandledIds {
  const handled: HandledIds = { ids: { command: new Set(), action: new Set(), view: new Set(), shortcut: new Set(), options: new Set() }, opaque: new Set() };
  for (const kind of KINDS) {
    const register = (bolt[kind] as (...args: unknown[]) => void).bind(bolt);
    (bolt as unknown as Record<Kind, unknown>)[kind] = (constraint: unknown, ...listeners: unknown[]) => {
      if (typeof constraint === 'string') handled.ids[kind].add(constraint);
      else handled.opaque.add(kind);
      register(constraint, ...listeners);
    };
  }
  return handled;
}

/** Installs the catch-all (see the module comment). Call it after every handler is registered. */
export function answerUnmatched(bolt: BoltApp, deps: SlackDeps, handled: HandledIds): void {
  // Bolt returns before any middleware for a body it cannot classify, so the receiver's 3-s timer would answer it.
  const processEvent = bolt.processEvent.bind(bolt);
  bolt.processEvent = async (event: ReceiverEvent) => {
    if (getTypeAndConversation(event.body).type === undefined) {
      await event.ack();
      return;
    }
    await processEvent(event);
  };
  bolt.use(async (args) => {
    const kind = unmatchedKind(args.body as unknown as Record<string, unknown>, handled);
    if (!kind) {
      await args.next();
      return;
    }
    await answer(deps, kind, args);
  });
}

/** The kind of request when no handler's id matches it; undefined when one does (or for events, acked by Bolt). */
export function unmatchedKind(body: Record<string, unknown>, handled: HandledIds): Kind | undefined {
  const { type } = getTypeAndConversation(body);
  const known = (kind: Kind, id: unknown) => handled.opaque.has(kind) || (typeof id === 'string' && handled.ids[kind].has(id));
  switch (type) {
    case IncomingEventType.Command:
      return known('command', body.command) ? undefined : 'command';
    case IncomingEventType.Action: {
      const first = Array.isArray(body.actions) ? (body.actions[0] as Record<string, unknown> | undefined) : undefined;
      const id = body.type === 'block_actions' ? first?.action_id : body.callback_id;
      return known('action', id) ? undefined : 'action';
    }
    case IncomingEventType.ViewAction: {
      const view = body.view as Record<string, unknown> | undefined;
      // bolt.view('id') takes submissions only: a closed view is always answered here.
      return body.type === 'view_submission' && known('view', view?.callback_id) ? undefined : 'view';
    }
    case IncomingEventType.Shortcut:
      return known('shortcut', body.callback_id) ? undefined : 'shortcut';
    case IncomingEventType.Options: {
      const id = body.type === 'block_suggestion' ? body.action_id : body.callback_id;
      return known('options', id) ? undefined : 'options';
    }
    default:
      return undefined;
  }
}

type Ack = (response?: unknown) => Promise<void>;

async function answer(deps: SlackDeps, kind: Kind, args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const body = args.body as unknown as Record<string, unknown>;
  const ack = (args as unknown as { ack?: Ack }).ack;
  const userId = userOf(body);
  deps.app.logger.info({ platform: 'slack', kind }, 'a Slack request no handler takes was acknowledged');
  if (kind === 'options') return ack?.({ options: [] });
  if (kind === 'view' && body.type === 'view_submission' && userId) {
    // The form answers itself: its content is replaced by the notice (the locale is usually cached by now).
    return ack?.({ response_action: 'update', view: goneView(await deps.locales.of(userId)) });
  }
  await ack?.();
  if (!userId || (kind !== 'command' && !(kind === 'action' && pressedOnMessage(body)))) return;
  if (!(await deps.access.allows(userId))) return;
  const locale = await deps.locales.of(userId);
  const channel = kind === 'command' ? body.channel_id : (body.channel as Record<string, unknown> | undefined)?.id;
  const actor = slackActor({ id: userId }, typeof channel === 'string' && channel ? channel : undefined, locale);
  const text =
    kind === 'command'
      ? t(locale, 'slack.unmatched.command', { command: escapeSlackText(String(body.command)) })
      : t(locale, 'slack.unmatched.button');
  await tell(deps, actor, text);
}

/**
 * A button on a message: the one interaction worth a "no longer valid" answer. Selects, radio buttons and date
 * pickers send block_actions on every change (in a modal too), and no handler needs to hear them.
 */
function pressedOnMessage(body: Record<string, unknown>): boolean {
  const first = Array.isArray(body.actions) ? (body.actions[0] as Record<string, unknown> | undefined) : undefined;
  const container = body.container as Record<string, unknown> | undefined;
  return body.type === 'block_actions' && first?.type === 'button' && container?.type === 'message' && body.view === undefined;
}

function userOf(body: Record<string, unknown>): string | undefined {
  const user = body.user as Record<string, unknown> | undefined;
  const id = typeof body.user_id === 'string' ? body.user_id : user?.id;
  return typeof id === 'string' && /^[UW][A-Z0-9]{1,30}$/.test(id) ? id : undefined;
}

function goneView(locale: Locale) {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: t(locale, 'slack.modal.title') },
    close: { type: 'plain_text', text: t(locale, 'slack.modal.close') },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t(locale, 'slack.unmatched.view') } }],
  };
}
