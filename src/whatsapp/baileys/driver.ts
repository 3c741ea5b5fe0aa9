/**
 * The real WhatsApp sender: Baileys (WhatsApp Web, a linked device) behind the engine's `WhatsAppSender`
 * port, plus account control (link, logout, status, quota) for the `/whatsapp` commands.
 * Creating it takes the account lock and connects, so create it only in the process that sends
 * (the worker role) or for a `whatsapp` command.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { Browsers, type AnyMessageContent, type BaileysEventMap } from '@whiskeysockets/baileys';
import type { RedisOptions } from 'ioredis';
import {
  SendError,
  type OutboundMessage,
  type SenderEvents,
  type SenderState,
  type Store,
  type WhatsAppSender,
} from '../../campaigns/ports.js';
import type { Config } from '../../config/env.js';
import type { Logger } from '../../logging/logger.js';
import { WhatsAppAccountError, type AccountStatus, type LinkCode, type LinkRequest, type NewChatQuota, type WhatsAppAccountControl } from '../account.js';
import { loadStoredAuthState } from '../auth-state.js';
import { createNumberCache } from '../number-cache.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { Connection } from './connection.js';
import { inboundFrom, limitSignalFromCapping, limitSignalFromConnection, limitSignalFromUpdates, receiptsFrom, type LimitSignal } from './events.js';
import { jidFromE164 } from './jid.js';
import { AccountLock } from './lock.js';
import { createMediaCache } from './media-cache.js';
import { NumberChecker } from './number-check.js';
import { toSendError } from './send-errors.js';
import { authNamespaceOf } from './session.js';
import { makeRealSocket, type MakeSocket, type SocketLike } from './socket.js';

export { isLinked, storedLinkedAccount } from './session.js';

/** Knobs with careful defaults; tests shorten the waits. */
export interface BaileysTuning {
  /** Account lock lease; renewed every third of it. */
  lockTtlMs: number;
  backoff: BackoffOptions;
  /** Numbers per `onWhatsApp` query and the pause between queries. */
  numberBatchSize: number;
  numberBatchDelayMs: number;
  /** "typing…" shown for a random time in this range before each message (when WHATSAPP_TYPING is on). */
  typingMs: [number, number];
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** How long logout waits for a linked session's socket to open, so WhatsApp itself is told (see logout()). */
  logoutConnectWaitMs: number;
}

export interface BaileysSenderDeps {
  store: Store;
  redis: RedisOptions & { url?: string };
  /** The deployment's Redis key prefix (App.prefix). */
  prefix: string;
  logger: Logger;
  config: Config;
  /** Defaults to Baileys' makeWASocket; tests pass a fake socket. */
  makeSocket?: MakeSocket;
  /** Names the account in lock and session keys (one account per deployment today). */
  account?: string;
  /**
   * For processes that must not send (bots without the worker role): never takes the account lock or
   * connects; status() shows the owning process's state and link / logout say where to run them.
   */
  observeOnly?: boolean;
  tuning?: Partial<BaileysTuning>;
}

export interface BaileysSender extends WhatsAppSender, WhatsAppAccountControl {
  readonly driver: 'baileys';
  /** Resolves once the session is loaded and the lock was tried (the socket may still be connecting). */
  ready(): Promise<void>;
}

const DEFAULT_TUNING: BaileysTuning = {
  lockTtlMs: 30_000,
  backoff: DEFAULT_BACKOFF,
  numberBatchSize: 50,
  numberBatchDelayMs: 1_500,
  typingMs: [1_000, 3_000],
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  logoutConnectWaitMs: 15_000,
};

/**
 * Creates the Baileys sender and starts it in the background (lock, session, socket).
 * @example const sender = createBaileysSender({ store, redis: app.redis, prefix: app.prefix, logger, config });
 */
export function createBaileysSender(deps: BaileysSenderDeps): BaileysSender {
  return new BaileysDriver(deps);
}

/** Baileys logs a great deal at info: it gets warnings and up, unless our level is stricter or is debug/trace. */
function baileysLogger(parent: Logger): Logger {
  const values = parent.levels.values;
  const own = parent.level === 'silent' ? Infinity : (values[parent.level] ?? 0);
  const warn = values.warn ?? 40;
  const level = own < warn && parent.level !== 'debug' && parent.level !== 'trace' ? 'warn' : parent.level;
  return parent.child({ component: 'baileys' }, { level });
}

/** WHATSAPP_TYPING: show "typing…" before each message. */
function typingEnabled(config: Config): boolean {
  return config.WHATSAPP_TYPING;
}

class BaileysDriver implements BaileysSender {
  readonly driver = 'baileys' as const;
  private readonly events = new EventEmitter();
  private readonly tuning: BaileysTuning;
  private readonly connection: Connection;
  private readonly lock: AccountLock;
  private readonly numbers: NumberChecker;
  private readonly typing: boolean;
  private readonly log: Logger;
  /** A limit WhatsApp signalled outside a send (error ack, cap, time lock): the next send reports it. */
  private pendingLimit: LimitSignal | null = null;
  private readonly started: Promise<void>;

  constructor(deps: BaileysSenderDeps) {
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    this.log = deps.logger.child({ component: 'whatsapp' });
    this.typing = typingEnabled(deps.config);
    const account = deps.account ?? 'default';
    const authNamespace = authNamespaceOf(account);
    this.lock = new AccountLock({ redis: deps.redis, prefix: deps.prefix, account, ttlMs: this.tuning.lockTtlMs, logger: this.log });
    this.connection = new Connection({
      lock: this.lock,
      observeOnly: deps.observeOnly,
      loadAuth: () => loadStoredAuthState({ kv: deps.store.kv, encryptionKey: deps.config.WHATSAPP_AUTH_KEY, namespace: authNamespace }),
      wipeSession: () => deps.store.kv.clearNamespace(authNamespace),
      makeSocket: deps.makeSocket ?? makeRealSocket,
      socketConfig: {
        logger: baileysLogger(this.log),
        browser: Browsers.ubuntu('Chrome'),
        // Stay "offline" so the phone keeps getting notifications, and skip history we never read.
        markOnlineOnConnect: false,
        syncFullHistory: false,
        shouldSyncHistoryMessage: () => false,
        countryCode: deps.config.DEFAULT_COUNTRY,
        mediaCache: createMediaCache(),
      },
      logger: this.log,
      backoff: this.tuning.backoff,
      random: this.tuning.random,
      onEvents: (events, socket) => this.onEvents(events, socket),
      onState: (state) => this.emit('state', state),
    });
    this.numbers = new NumberChecker({
      cache: createNumberCache(deps.store.kv),
      socket: () => this.socketOrThrow(),
      isConnected: () => this.connection.state().status === 'connected',
      batchSize: this.tuning.numberBatchSize,
      batchDelayMs: this.tuning.numberBatchDelayMs,
      sleep: this.tuning.sleep,
      logger: this.log,
    });
    this.started = this.connection.start().catch((error: unknown) => this.log.error({ err: error }, 'the WhatsApp sender could not start'));
  }

  ready(): Promise<void> {
    return this.started;
  }

  state(): SenderState {
    return this.connection.state();
  }

  on<E extends keyof SenderEvents>(event: E, listener: SenderEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof SenderEvents>(event: E, listener: SenderEvents[E]): void {
    this.events.off(event, listener);
  }

  /**
   * Answers from the cache, then `onWhatsApp` in paced batches. When WhatsApp cannot be asked (disconnected,
   * limited) the unknown numbers are left out of the map, never reported as "not on WhatsApp".
   */
  async checkNumbers(phones: string[]): Promise<Map<string, boolean>> {
    const answers = await this.numbers.resolve(phones, false);
    const out = new Map<string, boolean>();
    for (const phone of phones) {
      const answer = answers.get(phone);
      if (answer !== undefined) out.set(phone, answer);
    }
    return out;
  }

  async send(message: OutboundMessage): Promise<{ messageId: string }> {
    const jid = jidFromE164(message.to);
    if (!jid) throw new SendError('permanent', 'invalid_number', `${message.to} is not a phone number WhatsApp can address`);
    this.takePendingLimit();
    const onWhatsApp = (await this.numbers.resolve([message.to], true)).get(message.to);
    if (onWhatsApp !== true) throw new SendError('not_on_whatsapp', 'not_on_whatsapp', `${message.to} is not on WhatsApp`);
    const socket = this.socketOrThrow();
    if (this.typing) await this.showTyping(socket, jid);
    let sent;
    try {
      sent = await socket.sendMessage(jid, contentOf(message));
    } catch (error) {
      throw toSendError(error, this.connection.state().status === 'connected');
    }
    const messageId = sent?.key.id;
    if (!messageId) throw new SendError('transient', 'no_message_id', 'WhatsApp gave no message id for the send');
    return { messageId };
  }

  async reply(to: string, text: string): Promise<void> {
    const jid = jidFromE164(to);
    if (!jid) throw new SendError('permanent', 'invalid_number', `${to} is not a phone number WhatsApp can address`);
    const socket = this.socketOrThrow();
    try {
      await socket.sendMessage(jid, { text });
    } catch (error) {
      throw toSendError(error, this.connection.state().status === 'connected');
    }
  }

  async close(): Promise<void> {
    await this.started;
    await this.connection.close();
    this.events.removeAllListeners();
  }

  // ---------------------------------------------------------------- account control

  async status(): Promise<AccountStatus> {
    await this.started;
    const own = this.connection.state();
    const elsewhere = own.reason === 'locked_by_other_process' || own.reason === 'observer_only';
    if (this.connection.ownsAccount() || !elsewhere) {
      return { ...own, linkedAccount: this.connection.linkedAccount(), heldElsewhere: false, linkedAt: this.connection.linkedAt() };
    }
    const published = await this.lock.readPublishedState().catch(() => null);
    if (!published) {
      // No process holds the account (no worker runs it, or it stopped): say what the stored session says,
      // not that another process owns it.
      const linkedAccount = this.connection.linkedAccount();
      const state = linkedAccount ? own : { ...own, status: 'not_linked' as const, reason: null };
      return { ...state, linkedAccount, heldElsewhere: false, linkedAt: this.connection.linkedAt() };
    }
    return { ...published, linkedAccount: published.account ?? this.connection.linkedAccount(), heldElsewhere: true, linkedAt: this.connection.linkedAt() };
  }

  async link(request: LinkRequest, onCode: (code: LinkCode) => Promise<void>, timeoutMs: number): Promise<SenderState> {
    await this.started;
    let digits: string | null = null;
    if (request.mode === 'pairing') {
      const jid = jidFromE164(request.phone);
      if (!jid) throw new WhatsAppAccountError('bad_phone', `${request.phone} is not a phone number in international form`, { phone: request.phone });
      digits = jid.split('@')[0] ?? null;
    }
    return this.connection.link(digits, onCode, timeoutMs);
  }

  async logout(): Promise<void> {
    await this.started;
    // A command's fresh sender is still connecting: logging out now would only delete the session here, and the
    // phone would keep listing this device as linked. Wait for the socket (bounded) so WhatsApp is told too.
    await this.untilNotConnecting(this.tuning.logoutConnectWaitMs);
    await this.connection.logout();
  }

  /** Resolves once the connection is no longer `connecting`, or after `timeoutMs`. */
  private untilNotConnecting(timeoutMs: number): Promise<void> {
    if (this.connection.state().status !== 'connecting') return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off('state', onState);
        resolve();
      };
      const onState = (state: SenderState) => {
        if (state.status !== 'connecting') done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.events.on('state', onState);
    });
  }

  async quota(): Promise<NewChatQuota | null> {
    const socket = this.connection.connectedSocket();
    if (!socket) return null;
    try {
      const info = await socket.fetchNewChatMessageCap();
      const total = info.total_quota ?? null;
      const used = info.used_quota ?? null;
      const end = Number(info.cycle_end_timestamp);
      return {
        total,
        used,
        remaining: total !== null && used !== null ? Math.max(0, total - used) : null,
        cappingStatus: info.capping_status ?? null,
        cycleEndsAt: Number.isFinite(end) && end > 0 ? new Date(end * 1000) : null,
      };
    } catch (error) {
      this.log.warn({ err: error }, 'WhatsApp did not give the new-chat quota');
      return null;
    }
  }

  // ---------------------------------------------------------------- internals

  private socketOrThrow(): SocketLike {
    const socket = this.connection.connectedSocket();
    if (!socket) {
      const { status, reason } = this.connection.state();
      throw new SendError('disconnected', 'whatsapp_disconnected', `WhatsApp is ${status}${reason ? ` (${reason})` : ''}`);
    }
    return socket;
  }

  private takePendingLimit(): void {
    const signal = this.pendingLimit;
    if (!signal) return;
    // Reported once: the engine pauses the campaign, and an admin's resume is a decision to try again.
    this.pendingLimit = null;
    throw new SendError(signal.kind, signal.code, signal.detail);
  }

  private async showTyping(socket: SocketLike, jid: string): Promise<void> {
    const [min, max] = this.tuning.typingMs;
    try {
      await socket.presenceSubscribe(jid);
      await socket.sendPresenceUpdate('composing', jid);
      await this.tuning.sleep(min + Math.round(this.tuning.random() * (max - min)));
      await socket.sendPresenceUpdate('paused', jid);
    } catch (error) {
      // Typing is cosmetic; the message still goes out.
      this.log.debug({ err: error }, 'could not show typing');
    }
  }

  private async onEvents(events: Partial<BaileysEventMap>, socket: SocketLike): Promise<void> {
    const lidMapping = socket.signalRepository?.lidMapping;
    const resolveLid = lidMapping ? (lid: string) => lidMapping.getPNForLID(lid) : undefined;
    const updates = events['messages.update'];
    if (updates) {
      // Limits first: noting one must not wait for a LID look-up of a receipt.
      this.noteLimit(limitSignalFromUpdates(updates));
      for (const receipt of await receiptsFrom(updates, new Date(), resolveLid)) this.emit('receipt', receipt);
    }
    const capping = events['message-capping.update'];
    if (capping) this.noteLimit(limitSignalFromCapping(capping));
    const connection = events['connection.update'];
    if (connection) this.noteLimit(limitSignalFromConnection(connection));
    const upsert = events['messages.upsert'];
    if (upsert) {
      for (const inbound of await inboundFrom(upsert, resolveLid)) this.emit('inbound', inbound);
    }
  }

  /** Emits to the listeners; a listener that throws is logged and does not stop the others or the socket. */
  private emit<E extends keyof SenderEvents>(event: E, payload: Parameters<SenderEvents[E]>[0]): void {
    for (const listener of this.events.listeners(event)) {
      try {
        (listener as (arg: typeof payload) => void)(payload);
      } catch (error) {
        this.log.error({ err: error, event }, 'a WhatsApp sender listener failed');
      }
    }
  }

  private noteLimit(signal: LimitSignal | null): void {
    if (!signal) return;
    this.log.warn({ kind: signal.kind, code: signal.code, detail: signal.detail }, 'WhatsApp is limiting the account');
    this.pendingLimit = signal;
  }
}

/** The Baileys message for an outbound campaign message: text, or media with the text as caption. */
function contentOf(message: OutboundMessage): AnyMessageContent {
  const media = message.media;
  if (!media) return { text: message.text };
  // The campaign id in the URL keys Baileys' media cache per campaign: the file is read and uploaded once.
  const url = pathToFileURL(media.path);
  url.searchParams.set('campaign', message.campaignId);
  const caption = message.text.trim() === '' ? undefined : message.text;
  if (media.kind === 'image') return { image: { url }, caption, mimetype: media.mimeType };
  return { document: { url }, caption, mimetype: media.mimeType, fileName: media.fileName };
}
