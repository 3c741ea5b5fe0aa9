/**
 * A fake WhatsApp for the Baileys driver: sockets with Baileys' own event buffer (`makeEventBuffer`) and
 * the methods the driver calls, and a `FakeWhatsApp` "server" the test drives (open, QR codes, pairing,
 * drops with WhatsApp's close codes, receipts, inbound messages). Message building and media upload go
 * through Baileys' real `generateWAMessage`, with an upload function that records instead of uploading.
 */
import { readFileSync } from 'node:fs';
import {
  generateWAMessage,
  jidEncode,
  makeEventBuffer,
  proto,
  type AnyMessageContent,
  type BaileysEventMap,
  type NewChatMessageCapInfo,
  type UserFacingSocketConfig,
  type WAMediaUploadFunction,
  type WAMessage,
  type WAPresence,
} from '@whiskeysockets/baileys';
import { silentLogger } from '../../src/logging/logger.js';
import type { MakeSocket, SocketLike } from '../../src/whatsapp/baileys/socket.js';

/** An error shaped like Baileys' Boom errors (`output.statusCode`, `data`), as the driver sees them. */
export function boom(message: string, statusCode: number, data?: unknown): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode, payload: { statusCode, message } }, data });
}

export interface SentMessage {
  jid: string;
  content: AnyMessageContent;
  message: WAMessage;
}

export class FakeWhatsApp {
  readonly sockets: FakeSocket[] = [];
  /** Digits of the numbers that have WhatsApp. */
  readonly registered = new Set<string>();
  readonly sent: SentMessage[] = [];
  readonly uploads: { mediaType: string; bytes: number }[] = [];
  readonly numberQueries: string[][] = [];
  readonly presence: { type: WAPresence; jid: string | undefined }[] = [];
  readonly pairingRequests: string[] = [];
  /** Errors the next `sendMessage` calls throw, in order. */
  readonly sendErrors: Error[] = [];
  /** Errors the next `onWhatsApp` calls throw, in order. */
  readonly numberErrors: Error[] = [];
  /** Runs after every successful send (e.g. to drop the connection mid-campaign). */
  onSent: ((sent: SentMessage, socket: FakeSocket) => void) | null = null;
  /** A new socket opens by itself when the session is linked, or shows its first QR code when not. */
  autoConnect = true;
  quota: NewChatMessageCapInfo = { total_quota: 250, used_quota: 40, capping_status: 'NONE' as NewChatMessageCapInfo['capping_status'] };
  private waiters: (() => void)[] = [];

  constructor(onWhatsApp: string[] = []) {
    for (const phone of onWhatsApp) this.registered.add(phone.replace(/^\+/, ''));
  }

  /** The seam the driver takes (`makeSocket`). */
  readonly makeSocket: MakeSocket = (config) => {
    const socket = new FakeSocket(this, config);
    this.sockets.push(socket);
    for (const wake of this.waiters.splice(0)) wake();
    return socket;
  };

  /** The most recent socket. */
  latest(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  /** Waits until `count` sockets have been opened in total. */
  async waitForSockets(count: number, timeoutMs = 5_000): Promise<FakeSocket> {
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} sockets, got ${this.sockets.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.sockets[count - 1] as FakeSocket;
  }

  readonly upload: WAMediaUploadFunction = async (encFilePath, opts) => {
    this.uploads.push({ mediaType: opts.mediaType, bytes: readFileSync(encFilePath).length });
    const n = this.uploads.length;
    return { mediaUrl: `https://mmg.example.invalid/${opts.mediaType}/${n}.enc`, directPath: `/v/${opts.mediaType}/${n}.enc` };
  };
}

let socketCounter = 0;

export class FakeSocket implements SocketLike {
  readonly ev = makeEventBuffer(silentLogger());
  readonly id = ++socketCounter;
  ended = false;
  endedWith: Error | undefined;
  isOpen = false;
  private qrCount = 0;

  constructor(
    private readonly server: FakeWhatsApp,
    readonly config: UserFacingSocketConfig,
  ) {
    // Like Baileys' socket: every credentials update is merged into the auth state it was given.
    this.ev.on('creds.update', (update) => Object.assign(this.config.auth.creds, update));
    process.nextTick(() => {
      if (this.ended) return;
      this.emit('connection.update', { connection: 'connecting', receivedPendingNotifications: false, qr: undefined });
      if (!server.autoConnect) return;
      setImmediate(() => {
        if (this.ended) return;
        if (this.config.auth.creds.me?.id && this.config.auth.creds.account) this.open();
        else this.showQr();
      });
    });
  }

  get user() {
    return this.config.auth.creds.me;
  }

  // ---------------------------------------------------------------- what WhatsApp does (driven by tests)

  open(): void {
    this.isOpen = true;
    this.emit('connection.update', { connection: 'open', isNewLogin: false });
  }

  /** Shows a (new) QR code, as WhatsApp rotates them. */
  showQr(qr = `2@fake-ref-${this.id}-${++this.qrCount},noise,identity,adv`): string {
    this.emit('connection.update', { qr });
    return qr;
  }

  /** The phone scanned the code (or entered the pairing code): credentials arrive, then WhatsApp asks for a restart (515). */
  pairSuccess(phoneDigits: string): void {
    const creds = this.config.auth.creds;
    this.emit('creds.update', {
      me: { id: jidEncode(phoneDigits, 's.whatsapp.net', 3), name: 'Toko Test', lid: `9${phoneDigits}:3@lid` },
      account: { details: Buffer.from('details'), accountSignatureKey: Buffer.alloc(32, 1), accountSignature: Buffer.alloc(64, 2), deviceSignature: Buffer.alloc(64, 3) },
      platform: 'android',
      registered: creds.pairingCode !== undefined ? true : creds.registered,
    });
    this.emit('connection.update', { isNewLogin: true, qr: undefined });
    void this.end(boom('Stream Errored (restart required)', 515));
  }

  /** WhatsApp closes the connection with this code (408 lost, 401 logged out, 440 replaced, …). */
  drop(statusCode: number, message = 'Connection Lost'): void {
    void this.end(boom(message, statusCode));
  }

  /** A status update on one of our messages (3 delivered, 4 read, 5 played, 0 error). */
  status(messageId: string, status: number, to = '6281100000001@s.whatsapp.net', stubParameters?: string[]): void {
    this.emit('messages.update', [
      { key: { remoteJid: to, id: messageId, fromMe: true }, update: { status, ...(stubParameters ? { messageStubParameters: stubParameters } : {}) } },
    ]);
  }

  /** A text message from someone; `remoteJidAlt` carries the phone JID when the chat is LID-addressed. */
  inbound(remoteJid: string, text: string, options: { remoteJidAlt?: string; extended?: boolean; type?: 'notify' | 'append' } = {}): void {
    const message: WAMessage = {
      key: { remoteJid, fromMe: false, id: `IN${Date.now()}${Math.random().toString(16).slice(2, 8)}`, ...(options.remoteJidAlt ? { remoteJidAlt: options.remoteJidAlt } : {}) },
      message: options.extended ? { extendedTextMessage: { text } } : { conversation: text },
      messageTimestamp: Math.floor(Date.now() / 1000),
    };
    this.emit('messages.upsert', { messages: [message], type: options.type ?? 'notify' });
  }

  /** Emits events inside Baileys' buffer, delivered together on flush (as during offline catch-up). */
  buffered(work: () => void): void {
    this.ev.buffer();
    work();
    this.ev.flush();
  }

  emit<E extends keyof BaileysEventMap>(event: E, data: BaileysEventMap[E]): void {
    this.ev.emit(event, data);
  }

  // ---------------------------------------------------------------- the socket API the driver calls

  async sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage | undefined> {
    if (this.ended || !this.isOpen) throw boom('Connection Closed', 428);
    const error = this.server.sendErrors.shift();
    if (error) throw error;
    const userJid = this.config.auth.creds.me?.id ?? '0@s.whatsapp.net';
    const message = await generateWAMessage(jid, content, {
      userJid,
      upload: this.server.upload,
      mediaCache: this.config.mediaCache,
      logger: silentLogger(),
    });
    // Closed while the message was being built (another lane's send dropped the connection): it never left.
    if (this.ended) throw boom('Connection Closed', 428);
    const sent = { jid, content, message };
    this.server.sent.push(sent);
    this.server.onSent?.(sent, this);
    return message;
  }

  async onWhatsApp(...numbers: string[]): Promise<{ jid: string; exists: boolean }[] | undefined> {
    if (this.ended || !this.isOpen) throw boom('Connection Closed', 428);
    this.server.numberQueries.push(numbers);
    const error = this.server.numberErrors.shift();
    if (error) throw error;
    // Like Baileys: only numbers that have WhatsApp come back.
    return numbers
      .map((n) => n.replace(/^\+/, '').split('@')[0] ?? '')
      .filter((digits) => this.server.registered.has(digits))
      .map((digits) => ({ jid: `${digits}@s.whatsapp.net`, exists: true }));
  }

  async presenceSubscribe(jid: string): Promise<void> {
    this.server.presence.push({ type: 'available', jid: `subscribe:${jid}` });
  }

  async sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void> {
    this.server.presence.push({ type, jid: toJid });
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    if (this.ended) throw boom('Connection Closed', 428);
    this.server.pairingRequests.push(phoneNumber);
    const code = `PAIR${String(this.server.pairingRequests.length).padStart(4, '0')}`;
    const creds = this.config.auth.creds;
    creds.pairingCode = code;
    creds.me = { id: jidEncode(phoneNumber, 's.whatsapp.net'), name: '~' };
    this.emit('creds.update', creds);
    return code;
  }

  async logout(msg?: string): Promise<void> {
    if (this.ended || !this.isOpen) throw boom('Connection Closed', 428);
    void this.end(boom(msg ?? 'Intentional Logout', 401));
  }

  async end(error: Error | undefined): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.isOpen = false;
    this.endedWith = error;
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  async fetchNewChatMessageCap(): Promise<NewChatMessageCapInfo> {
    if (this.ended || !this.isOpen) throw boom('Connection Closed', 428);
    return this.server.quota;
  }
}

export const MessageStatus = proto.WebMessageInfo.Status;
