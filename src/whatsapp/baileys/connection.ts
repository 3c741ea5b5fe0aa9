/**
 * The life of the one WhatsApp socket: take the account lock, open the socket when a session exists,
 * follow `connection.update` (reconnect with backoff, restart silently after pairing, stop on logout,
 * replacement or a ban), and run the linking flow. Everything else Baileys emits goes to `onEvents`.
 */
import {
  DisconnectReason,
  makeCacheableSignalKeyStore,
  type BaileysEventMap,
  type UserFacingSocketConfig,
} from '@whiskeysockets/baileys';
import type { SenderState, SenderStatus } from '../../campaigns/ports.js';
import type { Logger } from '../../logging/logger.js';
import { WhatsAppAccountError, type LinkCode } from '../account.js';
import type { StoredAuthState } from '../auth-state.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { e164FromJid } from './jid.js';
import type { AccountLock } from './lock.js';
import { statusCodeOf } from './send-errors.js';
import type { MakeSocket, SocketLike } from './socket.js';

export interface ConnectionOptions {
  lock: AccountLock;
  /** Never take the lock or connect: this process only shows the owner's published state. */
  observeOnly?: boolean;
  /** Loads the stored session; throws AuthStateError when it cannot be read. */
  loadAuth(): Promise<StoredAuthState>;
  /** Deletes the stored session without reading it (logout of an unreadable session). */
  wipeSession(): Promise<void>;
  makeSocket: MakeSocket;
  socketConfig: Omit<UserFacingSocketConfig, 'auth'>;
  logger: Logger;
  backoff: BackoffOptions;
  random: () => number;
  /** Every Baileys event batch of the current socket (after the connection's own handling). */
  onEvents(events: Partial<BaileysEventMap>, socket: SocketLike): Promise<void>;
  onState(state: SenderState): void;
}

interface LinkSession {
  phoneDigits: string | null;
  onCode: (code: LinkCode) => Promise<void>;
  pairingRequestedOn: SocketLike | null;
  resolve: (state: SenderState) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Close codes after which reconnecting would only make things worse; the reason is shown to the admin. */
const TERMINAL_CLOSES = new Map<number, string>([
  [DisconnectReason.connectionReplaced, 'connection_replaced'],
  [DisconnectReason.forbidden, 'forbidden'],
  [DisconnectReason.multideviceMismatch, 'multidevice_mismatch'],
]);

export class Connection {
  private auth: StoredAuthState | null = null;
  private socket: SocketLike | null = null;
  private unsubscribe: (() => void) | null = null;
  private current: SenderState = { status: 'disconnected', account: null, since: null, reason: 'starting' };
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private lockRetryTimer: NodeJS.Timeout | null = null;
  private linkSession: LinkSession | null = null;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: ConnectionOptions) {}

  /** Loads the session and tries to become the account's owner; connects when linked. */
  async start(): Promise<void> {
    try {
      this.auth = await this.options.loadAuth();
    } catch (error) {
      this.options.logger.error({ err: error }, 'the stored WhatsApp session cannot be read');
    }
    if (this.options.observeOnly) this.setState('disconnected', 'observer_only');
    else await this.takeLock();
  }

  state(): SenderState {
    return this.current;
  }

  /** The socket, only while it is connected. */
  connectedSocket(): SocketLike | null {
    return this.current.status === 'connected' ? this.socket : null;
  }

  /** The account of the stored session (E.164), linked or not yet connected. */
  linkedAccount(): string | null {
    return this.auth?.isLinked() ? e164FromJid(this.auth.state.creds.me?.id) : null;
  }

  /** When the stored session was linked, if recorded. */
  linkedAt(): Date | null {
    return this.auth?.isLinked() ? this.auth.linkedAt() : null;
  }

  ownsAccount(): boolean {
    return this.options.lock.isHeld();
  }

  /**
   * Links the account (see WhatsAppAccountControl.link). With a stored session it reconnects instead and
   * waits for the connection.
   */
  async link(phoneDigits: string | null, onCode: (code: LinkCode) => Promise<void>, timeoutMs: number): Promise<SenderState> {
    this.assertUsable();
    if (this.linkSession) throw new WhatsAppAccountError('link_in_progress', 'a WhatsApp link is already in progress');
    if (this.current.status === 'connected') return this.current;
    const auth = this.auth;
    if (!auth) throw new WhatsAppAccountError('session_unreadable', 'the stored WhatsApp session cannot be read; log out first');
    if (auth.isLinked()) {
      this.reconnectNow();
      await this.waitFor((s) => s.status === 'connected', timeoutMs, () => new WhatsAppAccountError('link_timeout', 'WhatsApp did not connect in time'));
      return this.current;
    }
    return new Promise<SenderState>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.abandonLink().catch((error: unknown) => this.options.logger.error({ err: error }, 'could not abandon the WhatsApp link'));
      }, timeoutMs);
      this.linkSession = { phoneDigits, onCode, pairingRequestedOn: null, resolve, reject, timer };
      this.reconnectNow();
    });
  }

  /** Logs this device out of WhatsApp (when connected) and deletes the stored session. */
  async logout(): Promise<void> {
    this.assertUsable();
    this.finishLink(new WhatsAppAccountError('closed', 'the link was cancelled by a logout'));
    this.clearReconnect();
    const socket = this.detachSocket();
    if (socket) {
      await socket.logout().catch((error: unknown) => this.options.logger.warn({ err: error }, 'WhatsApp logout request failed; clearing the session anyway'));
      await socket.end(undefined).catch((error: unknown) => this.options.logger.debug({ err: error }, 'socket end after logout'));
    }
    await this.clearSession();
    this.setState('not_linked', 'logout');
  }

  /** Closes the socket and gives the account lock up. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearReconnect();
    if (this.lockRetryTimer) clearTimeout(this.lockRetryTimer);
    this.finishLink(new WhatsAppAccountError('closed', 'the WhatsApp sender is shutting down'));
    const socket = this.detachSocket();
    if (socket) await socket.end(undefined).catch((error: unknown) => this.options.logger.debug({ err: error }, 'socket end on close'));
    await this.auth?.settled();
    await this.options.lock.close().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not release the WhatsApp account lock'));
  }

  // ---------------------------------------------------------------- lock

  private async takeLock(): Promise<void> {
    this.lockRetryTimer = null;
    if (this.closed) return;
    let acquired = false;
    let reason = 'locked_by_other_process';
    try {
      acquired = await this.options.lock.acquire();
    } catch (error) {
      reason = 'redis_unavailable';
      this.options.logger.error({ err: error }, 'cannot reach Redis to take the WhatsApp account lock; will try again');
    }
    if (this.closed) {
      if (acquired) await this.options.lock.release();
      return;
    }
    if (!acquired) {
      this.setState('disconnected', reason);
      // Take over when the owner stops (its lock expires or is released).
      this.lockRetryTimer = setTimeout(() => this.retryLock(), this.options.lock.ttlMs);
      return;
    }
    this.options.lock.startRenewing(() => this.onLockLost());
    if (!this.auth) this.setState('disconnected', 'session_unreadable');
    else if (this.auth.isLinked()) this.openSocket();
    else this.setState('not_linked', null);
  }

  private retryLock(): void {
    this.takeLock().catch((error: unknown) => this.options.logger.error({ err: error }, 'could not take the WhatsApp account lock'));
  }

  private onLockLost(): void {
    this.clearReconnect();
    const socket = this.detachSocket();
    if (socket) void socket.end(undefined).catch((error: unknown) => this.options.logger.debug({ err: error }, 'socket end after losing the lock'));
    this.setState('disconnected', 'lock_lost');
    this.finishLink(new WhatsAppAccountError('held_elsewhere', 'another process took over the WhatsApp account'));
    if (!this.closed) this.lockRetryTimer = setTimeout(() => this.retryLock(), this.options.lock.ttlMs);
  }

  // ---------------------------------------------------------------- socket

  private openSocket(silent = false): void {
    const auth = this.auth;
    if (this.closed || !auth || !this.options.lock.isHeld()) return;
    this.detachSocket();
    const baileysLogger = this.options.socketConfig.logger;
    let socket: SocketLike;
    try {
      socket = this.options.makeSocket({
        ...this.options.socketConfig,
        auth: { creds: auth.state.creds, keys: makeCacheableSignalKeyStore(auth.state.keys, baileysLogger) },
      });
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not create the WhatsApp socket');
      this.setState('disconnected', 'socket_error');
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.unsubscribe = socket.ev.process((events) => this.handle(socket, events));
    if (!silent) this.setState('connecting', null);
  }

  private detachSocket(): SocketLike | null {
    const socket = this.socket;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.socket = null;
    return socket;
  }

  private async handle(socket: SocketLike, events: Partial<BaileysEventMap>): Promise<void> {
    if (socket !== this.socket) return; // a socket we already let go of
    try {
      const update = events['connection.update'];
      if (update) await this.onConnectionUpdate(socket, update);
      if (events['creds.update'] && this.auth) await this.auth.saveCreds();
      await this.options.onEvents(events, socket);
    } catch (error) {
      this.options.logger.error({ err: error }, 'error while handling WhatsApp events');
    }
  }

  private async onConnectionUpdate(socket: SocketLike, update: BaileysEventMap['connection.update']): Promise<void> {
    if (update.qr) this.onQr(socket, update.qr);
    if (update.connection === 'open') {
      this.attempts = 0;
      const account = e164FromJid(socket.user?.id) ?? this.linkedAccount();
      this.setState('connected', null, account);
      this.finishLink(null);
    } else if (update.connection === 'close') {
      this.detachSocket();
      await this.onClose(statusCodeOf(update.lastDisconnect?.error), update.lastDisconnect?.error);
    }
  }

  private async onClose(code: number | null, error: unknown): Promise<void> {
    if (this.closed) return;
    const log = this.options.logger;
    if (code === DisconnectReason.restartRequired) {
      // WhatsApp asks for a fresh connection right after pairing: not a problem, reconnect at once.
      log.info('WhatsApp asked for a restart; reconnecting at once');
      // Not a disconnect to alert about, but senders must wait for the new socket (and resume on "connected").
      if (this.current.status === 'connected') this.setState('connecting', null);
      this.openSocket(true);
      return;
    }
    if (code === DisconnectReason.loggedOut) {
      log.warn('WhatsApp logged this device out; clearing the stored session');
      this.setState('logged_out', 'logged_out', null);
      await this.clearSession();
      this.finishLink(new WhatsAppAccountError('link_timeout', 'WhatsApp refused the link'));
      return;
    }
    const terminal = code === null ? undefined : TERMINAL_CLOSES.get(code);
    if (terminal) {
      log.error({ code }, `WhatsApp closed the connection (${terminal}); not reconnecting until an admin links again`);
      this.setState('disconnected', terminal);
      this.finishLink(new WhatsAppAccountError('link_timeout', `WhatsApp closed the connection: ${terminal}`));
      return;
    }
    if (this.linkSession) {
      // QR codes ran out or the link connection dropped: open a new one for fresh codes until the link times out.
      log.info({ code }, 'link connection closed; opening a new one for fresh codes');
      this.openSocket(true);
      return;
    }
    if (!this.auth?.isLinked()) {
      this.setState('not_linked', null);
      return;
    }
    log.warn({ code, err: error }, 'WhatsApp connection lost; reconnecting with backoff');
    this.setState('disconnected', 'connection_lost');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.clearReconnect();
    if (this.closed) return;
    const delay = backoffDelay(this.attempts++, this.options.backoff, this.options.random);
    this.options.logger.info({ delayMs: delay, attempt: this.attempts }, 'reconnecting to WhatsApp');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.openSocket();
    }, delay);
  }

  private reconnectNow(): void {
    this.clearReconnect();
    this.attempts = 0;
    if (!this.socket) this.openSocket();
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private async clearSession(): Promise<void> {
    if (this.auth) {
      await this.auth.clear();
      return;
    }
    await this.options.wipeSession();
    this.auth = await this.options.loadAuth();
  }

  // ---------------------------------------------------------------- linking

  private onQr(socket: SocketLike, qr: string): void {
    const session = this.linkSession;
    if (!session) {
      // Nobody is linking: a socket showing QR codes means the session is gone; stop rather than rotate codes.
      this.options.logger.warn('WhatsApp asks for a QR code but no link is in progress; closing the socket');
      this.detachSocket();
      void socket.end(undefined).catch((error: unknown) => this.options.logger.debug({ err: error }, 'socket end'));
      this.setState('not_linked', null);
      return;
    }
    if (session.phoneDigits === null) {
      this.deliver(session, { qr });
      return;
    }
    if (session.pairingRequestedOn === socket) return;
    session.pairingRequestedOn = socket;
    socket.requestPairingCode(session.phoneDigits).then(
      (pairingCode) => this.deliver(session, { pairingCode }),
      (error: unknown) => {
        this.options.logger.warn({ err: error }, 'WhatsApp refused to give a pairing code; will ask again with the next code');
        session.pairingRequestedOn = null;
      },
    );
  }

  private deliver(session: LinkSession, code: LinkCode): void {
    session.onCode(code).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not show the link code to the admin'));
  }

  private async abandonLink(): Promise<void> {
    const session = this.linkSession;
    if (!session) return;
    this.linkSession = null;
    const socket = this.detachSocket();
    if (socket) await socket.end(undefined).catch((error: unknown) => this.options.logger.debug({ err: error }, 'socket end'));
    // A pairing request already wrote a half session (creds.me); it must not look linked.
    if (this.auth && !this.auth.isLinked()) {
      await this.auth.clear();
      this.setState('not_linked', null);
    } else {
      // Paired just before the deadline: keep the session and connect normally.
      this.scheduleReconnect();
    }
    session.reject(new WhatsAppAccountError('link_timeout', 'the WhatsApp link timed out before the code was used'));
  }

  private finishLink(error: Error | null): void {
    const session = this.linkSession;
    if (!session) return;
    this.linkSession = null;
    clearTimeout(session.timer);
    if (error) session.reject(error);
    else session.resolve(this.current);
  }

  // ---------------------------------------------------------------- state

  private setState(status: SenderStatus, reason: string | null, account: string | null = this.linkedAccount()): void {
    const previous = this.current;
    if (previous.status === status && previous.reason === reason && previous.account === account) return;
    this.current = { status, reason, account, since: previous.status === status ? previous.since : new Date() };
    void this.options.lock.publishState(this.current).catch((error: unknown) => this.options.logger.debug({ err: error }, 'could not publish the WhatsApp state'));
    for (const waiter of [...this.waiters]) waiter();
    this.options.onState(this.current);
  }

  private waitFor(predicate: (state: SenderState) => boolean, timeoutMs: number, onTimeout: () => Error): Promise<void> {
    if (predicate(this.current)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.current)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(onTimeout());
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  private assertUsable(): void {
    if (this.closed) throw new WhatsAppAccountError('closed', 'the WhatsApp sender is closed');
    if (!this.options.lock.isHeld()) {
      throw new WhatsAppAccountError('held_elsewhere', 'another process owns the WhatsApp account; run this where the worker runs, or stop it first');
    }
  }
}
