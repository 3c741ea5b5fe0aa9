/**
 * A small fake of the Telegram Bot API on a free local port, for end-to-end tests of the real bot.
 * It long-polls `getUpdates` with Telegram's offset semantics (updates stay until confirmed), keeps the
 * messages the bot sent so `editMessageText` answers "message is not modified" exactly like Telegram does,
 * serves uploaded files under /file/bot<token>/<path>, records every call, and can be told to fail the next
 * calls of a method (429 with retry_after, 400 "message is not modified", …).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** Files uploaded with the call (multipart), by field name. */
  files: Record<string, { fileName: string; content: Buffer }>;
  at: number;
  ok: boolean;
  errorCode?: number;
  description?: string;
  result?: unknown;
}

export interface InjectedError {
  error_code: number;
  description: string;
  retry_after?: number;
}

/** A message as the chat shows it now (bot messages are edited in place). */
export interface ChatMessage {
  chatId: number;
  messageId: number;
  fromBot: boolean;
  text: string | undefined;
  caption: string | undefined;
  replyMarkup: unknown;
  /** Every text the message had, oldest first. */
  history: string[];
}

interface StoredFile {
  fileId: string;
  path: string;
  content: Buffer;
}

interface Failure {
  method: string;
  error: InjectedError;
  remaining: number;
  when?: (params: Record<string, unknown>) => boolean;
}

type Update = Record<string, unknown> & { update_id: number };

const BOT = { id: 999_000_111, is_bot: true, first_name: 'Broadcast Bot', username: 'broadcast_test_bot' };

export class FakeTelegramApi {
  readonly token = '123456789:AAFakeTokenForTestsOnly_abcdefghijk';
  readonly calls: RecordedCall[] = [];
  /** getUpdates requests (not in `calls`: long polling would drown everything else). */
  polls = 0;
  /** Calls to methods the fake does not know (each is a bug in the bot or the fake). */
  readonly unknownMethods: string[] = [];
  private readonly updates: Update[] = [];
  private readonly pollers = new Set<() => void>();
  private readonly messages = new Map<string, ChatMessage>();
  private readonly messageCounters = new Map<number, number>();
  private readonly files = new Map<string, StoredFile>();
  private readonly failures: Failure[] = [];
  private readonly drops = new Map<string, number>();
  private readonly callListeners = new Set<() => void>();
  private refusing: ((method: string) => boolean) | null = null;
  private nextUpdateId = 1;
  private nextFileId = 1;
  private nextCallbackId = 1;
  private apiRootValue = '';

  private constructor(private readonly server: Server) {}

  /** Starts the fake on a free loopback port. */
  static async start(): Promise<FakeTelegramApi> {
    const holder: { fake?: FakeTelegramApi } = {};
    const server = createServer((req, res) => {
      const target = holder.fake;
      if (!target) return void res.writeHead(503).end();
      target.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 500, description: `fake failed: ${String(error)}` }));
      });
    });
    const fake = new FakeTelegramApi(server);
    holder.fake = fake;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.apiRootValue = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The value for TELEGRAM_API_ROOT. */
  get apiRoot(): string {
    return this.apiRootValue;
  }

  get botUser(): typeof BOT {
    return BOT;
  }

  async close(): Promise<void> {
    for (const wake of this.pollers) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ what users do

  /**
   * A user writes a text (or a /command) in a chat, optionally as a reply to a message (its id, or `{ replyTo }`);
   * returns the new message id.
   */
  sendText(from: FakeUser, chat: FakeChat, text: string, reply?: number | { replyTo?: number }): number {
    const replyTo = typeof reply === 'number' ? reply : reply?.replyTo;
    const messageId = this.nextMessageId(chat.id);
    const message: Record<string, unknown> = { ...this.baseMessage(from, chat, messageId), text };
    if (replyTo !== undefined) {
      const original = this.messages.get(`${chat.id}:${replyTo}`);
      message.reply_to_message = original
        ? this.asMessage(original)
        : { message_id: replyTo, date: Math.floor(Date.now() / 1000), chat, text: '' };
    }
    const command = /^\/\w+(@\w+)?/.exec(text);
    if (command) message.entities = [{ type: 'bot_command', offset: 0, length: command[0].length }];
    this.pushUpdate({ message });
    return messageId;
  }

  /** A user sends a document (optionally with a caption); the file can then be fetched with getFile. */
  sendDocument(
    from: FakeUser,
    chat: FakeChat,
    doc: { fileName: string; mimeType: string; content: string | Buffer; caption?: string },
  ): number {
    const file = this.storeFile(`documents/${doc.fileName}`, doc.content);
    const messageId = this.nextMessageId(chat.id);
    const message: Record<string, unknown> = {
      ...this.baseMessage(from, chat, messageId),
      document: {
        file_id: file.fileId,
        file_unique_id: `u${file.fileId}`,
        file_name: doc.fileName,
        mime_type: doc.mimeType,
        file_size: file.content.length,
      },
    };
    if (doc.caption !== undefined) {
      message.caption = doc.caption;
      const command = /^\/\w+(@\w+)?/.exec(doc.caption);
      if (command) message.caption_entities = [{ type: 'bot_command', offset: 0, length: command[0].length }];
    }
    this.pushUpdate({ message });
    return messageId;
  }

  /** A user sends a sticker (no text, no caption): what a wizard's text step must refuse politely. */
  sendSticker(from: FakeUser, chat: FakeChat, emoji = '👍'): number {
    const messageId = this.nextMessageId(chat.id);
    const sticker = { file_id: `sticker${messageId}`, file_unique_id: `usticker${messageId}`, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji };
    this.pushUpdate({ message: { ...this.baseMessage(from, chat, messageId), sticker } });
    return messageId;
  }

  /** A user sends a photo with an optional caption (two sizes, like Telegram). */
  sendPhoto(from: FakeUser, chat: FakeChat, photo: { content: Buffer; caption?: string }): number {
    const small = this.storeFile(
      `photos/small_${this.nextFileId}.jpg`,
      photo.content.subarray(0, Math.min(16, photo.content.length)),
    );
    const large = this.storeFile(`photos/file_${this.nextFileId}.jpg`, photo.content);
    const messageId = this.nextMessageId(chat.id);
    const size = (file: StoredFile, side: number) => ({
      file_id: file.fileId,
      file_unique_id: `u${file.fileId}`,
      width: side,
      height: side,
      file_size: file.content.length,
    });
    const message: Record<string, unknown> = {
      ...this.baseMessage(from, chat, messageId),
      photo: [size(small, 90), size(large, 1280)],
    };
    if (photo.caption !== undefined) message.caption = photo.caption;
    this.pushUpdate({ message });
    return messageId;
  }

  /** A user presses an inline button of a bot message; returns the callback query id. */
  pressButton(from: FakeUser, chat: FakeChat, messageId: number, data: string): string {
    const shown = this.messages.get(`${chat.id}:${messageId}`);
    if (!shown) throw new Error(`fake Telegram: no message ${messageId} in chat ${chat.id}`);
    const id = String(this.nextCallbackId++);
    this.pushUpdate({
      callback_query: {
        id,
        from: this.user(from),
        chat_instance: `ci${chat.id}`,
        data,
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat,
          from: BOT,
          ...(shown.text !== undefined ? { text: shown.text } : {}),
          ...(shown.caption !== undefined ? { caption: shown.caption } : {}),
          ...(shown.replyMarkup ? { reply_markup: shown.replyMarkup } : {}),
        },
      },
    });
    return id;
  }

  /** Fails the next `count` calls of `method` (matching `when`) with this error instead of answering. */
  failNext(method: string, error: InjectedError, count = 1, when?: (params: Record<string, unknown>) => boolean): void {
    this.failures.push({ method, error, remaining: count, when });
  }

  /** Drops the connection (no HTTP answer at all) on the next `count` calls of `method`: a network failure. */
  dropNext(method: string, count = 1): void {
    this.drops.set(method, (this.drops.get(method) ?? 0) + count);
  }

  /**
   * Until `acceptConnections`, a call of a method matching `when` (every method, getUpdates included, by
   * default) has its socket destroyed unanswered, as when the API's server is gone: the client sees a network
   * error, not an HTTP status. Refused calls are recorded with `errorCode` 0.
   */
  refuseConnections(when: (method: string) => boolean = () => true): void {
    this.refusing = when;
  }

  /** Ends `refuseConnections`. */
  acceptConnections(): void {
    this.refusing = null;
  }

  // ------------------------------------------------------------------ what tests read

  /** Successful and failed calls of `method`, oldest first. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The message as the chat shows it now. */
  message(chatId: number, messageId: number): ChatMessage | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** Messages the bot sent to a chat, oldest first. */
  botMessages(chatId: number): ChatMessage[] {
    return [...this.messages.values()]
      .filter((m) => m.chatId === chatId && m.fromBot)
      .sort((a, b) => a.messageId - b.messageId);
  }

  /** Waits until a recorded call satisfies `predicate` and returns it. */
  async waitForCall(
    predicate: (call: RecordedCall) => boolean,
    what: string,
    timeoutMs = 15_000,
    fromIndex = 0,
  ): Promise<RecordedCall> {
    return this.waitUntil(() => this.calls.slice(fromIndex).find(predicate), what, timeoutMs);
  }

  /** Waits until the bot sent a message (text or caption) to `chatId` matching `pattern`, after call index `fromIndex`. */
  async waitForMessage(chatId: number, pattern: RegExp, fromIndex = 0, timeoutMs = 15_000): Promise<ChatMessage> {
    const call = await this.waitForCall(
      (c) =>
        c.ok &&
        ['sendMessage', 'sendDocument', 'sendPhoto'].includes(c.method) &&
        String(c.params.chat_id) === String(chatId) &&
        pattern.test(String(c.params.text ?? c.params.caption ?? '')),
      `a message to ${chatId} matching ${pattern}`,
      timeoutMs,
      fromIndex,
    );
    const id = (call.result as { message_id: number }).message_id;
    const message = this.message(chatId, id);
    if (!message) throw new Error(`fake Telegram: message ${id} vanished`);
    return message;
  }

  /** Polls `probe` whenever a call is recorded until it returns a value. */
  async waitUntil<T>(probe: () => T | undefined | false | null, what: string, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false && value !== null) return value;
      const left = deadline - Date.now();
      if (left <= 0) {
        const recent = this.calls.slice(-8).map((c) => `${c.method} ${JSON.stringify(c.params).slice(0, 200)}`);
        throw new Error(`fake Telegram: timed out waiting for ${what}; last calls:\n  ${recent.join('\n  ')}`);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.callListeners.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 100));
        this.callListeners.add(done);
      });
    }
  }

  /** Index to pass as `fromIndex` to only look at calls made from now on. */
  mark(): number {
    return this.calls.length;
  }

  /** Updates the bot has not confirmed yet. */
  unconfirmedUpdates(): number {
    return this.updates.length;
  }

  // ------------------------------------------------------------------ the HTTP side

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) return this.serveFile(fileMatch[1] ?? '', decodeURIComponent(fileMatch[2] ?? ''), res);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token)
      return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2] ?? '';
    const { params, files } = await readParams(req, url);
    const drops = this.drops.get(method) ?? 0;
    if (drops > 0) {
      this.drops.set(method, drops - 1);
      req.socket.destroy();
      return;
    }
    if (this.refusing?.(method)) {
      if (method !== 'getUpdates') this.record({ method, params, files, at: Date.now(), ok: false, errorCode: 0, description: 'connection destroyed' });
      req.socket.destroy();
      return;
    }
    if (method === 'getUpdates') {
      this.polls++;
      return this.getUpdates(params, res);
    }

    const call: RecordedCall = { method, params, files, at: Date.now(), ok: true };
    const failure = this.takeFailure(method, params);
    if (failure) {
      call.ok = false;
      call.errorCode = failure.error_code;
      call.description = failure.description;
      this.record(call);
      return this.reply(res, failure.error_code, {
        ok: false,
        error_code: failure.error_code,
        description: failure.description,
        ...(failure.retry_after !== undefined ? { parameters: { retry_after: failure.retry_after } } : {}),
      });
    }
    const outcome = this.answer(method, params, files);
    if ('error' in outcome) {
      call.ok = false;
      call.errorCode = outcome.error.error_code;
      call.description = outcome.error.description;
      this.record(call);
      return this.reply(res, outcome.error.error_code, { ok: false, ...outcome.error });
    }
    call.result = outcome.result;
    this.record(call);
    return this.reply(res, 200, { ok: true, result: outcome.result });
  }

  private answer(
    method: string,
    params: Record<string, unknown>,
    files: RecordedCall['files'],
  ): { result: unknown } | { error: InjectedError } {
    const chatId = Number(params.chat_id);
    switch (method) {
      case 'getMe':
        return {
          result: { ...BOT, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false },
        };
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'answerCallbackQuery':
      case 'sendChatAction':
        return { result: true };
      case 'sendMessage':
        return { result: this.botSends(chatId, { text: String(params.text ?? '') }, params.reply_markup) };
      case 'sendPhoto':
      case 'sendDocument': {
        const field = method === 'sendPhoto' ? 'photo' : 'document';
        const upload = files[field];
        const extra: Record<string, unknown> = {};
        if (upload) {
          const stored = this.storeFile(`sent/${upload.fileName}`, upload.content);
          extra[field] =
            field === 'photo'
              ? [{ file_id: stored.fileId, file_unique_id: `u${stored.fileId}`, width: 1, height: 1 }]
              : { file_id: stored.fileId, file_unique_id: `u${stored.fileId}`, file_name: upload.fileName };
        }
        return { result: this.botSends(chatId, { caption: String(params.caption ?? '') }, params.reply_markup, extra) };
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const message = this.messages.get(`${chatId}:${Number(params.message_id)}`);
        if (!message || !message.fromBot) {
          return { error: { error_code: 400, description: 'Bad Request: message to edit not found' } };
        }
        const text = method === 'editMessageText' ? String(params.text ?? '') : message.text;
        // Like Telegram: both edits without reply_markup leave the message with no keyboard.
        const markup = params.reply_markup;
        if (text === message.text && JSON.stringify(markup ?? null) === JSON.stringify(message.replyMarkup ?? null)) {
          return {
            error: {
              error_code: 400,
              description:
                'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
            },
          };
        }
        message.text = text;
        message.replyMarkup = markup;
        if (text !== undefined && message.history[message.history.length - 1] !== text) message.history.push(text);
        return { result: this.asMessage(message) };
      }
      case 'deleteMessage': {
        const key = `${chatId}:${Number(params.message_id)}`;
        if (!this.messages.has(key))
          return { error: { error_code: 400, description: 'Bad Request: message to delete not found' } };
        this.messages.delete(key);
        return { result: true };
      }
      case 'getFile': {
        const file = this.files.get(String(params.file_id));
        if (!file) return { error: { error_code: 400, description: 'Bad Request: invalid file_id' } };
        return {
          result: {
            file_id: file.fileId,
            file_unique_id: `u${file.fileId}`,
            file_size: file.content.length,
            file_path: file.path,
          },
        };
      }
      default:
        this.unknownMethods.push(method);
        return { error: { error_code: 404, description: `Not Found: method ${method} is not in the fake` } };
    }
  }

  private getUpdates(params: Record<string, unknown>, res: ServerResponse): void {
    const offset = Number(params.offset ?? 0);
    const limit = Number(params.limit ?? 100);
    const timeoutMs = Number(params.timeout ?? 0) * 1000;
    if (offset > 0)
      while (this.updates.length > 0 && (this.updates[0]?.update_id ?? Infinity) < offset) this.updates.shift();
    const available = () => this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
    const first = available();
    if (first.length > 0 || timeoutMs === 0) return this.reply(res, 200, { ok: true, result: first });
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      this.pollers.delete(wake);
      if (!res.writableEnded && !res.destroyed) this.reply(res, 200, { ok: true, result: available() });
    };
    const wake = () => finish();
    const timer = setTimeout(finish, timeoutMs);
    this.pollers.add(wake);
    // The response's close (not the request's: that one fires once the body was read) means the client left.
    res.on('close', () => {
      finished = true;
      clearTimeout(timer);
      this.pollers.delete(wake);
    });
  }

  private serveFile(token: string, path: string, res: ServerResponse): void {
    if (token !== this.token) return void res.writeHead(401).end();
    const file = [...this.files.values()].find((f) => f.path === path);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.content.length });
    res.end(file.content);
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  // ------------------------------------------------------------------ bookkeeping

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const listener of [...this.callListeners]) listener();
  }

  private takeFailure(method: string, params: Record<string, unknown>): InjectedError | undefined {
    const index = this.failures.findIndex((f) => f.method === method && (!f.when || f.when(params)));
    const failure = this.failures[index];
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.failures.splice(index, 1);
    return failure.error;
  }

  private pushUpdate(body: Record<string, unknown>): void {
    this.updates.push({ update_id: this.nextUpdateId++, ...body });
    for (const wake of [...this.pollers]) wake();
  }

  private nextMessageId(chatId: number): number {
    const next = (this.messageCounters.get(chatId) ?? 0) + 1;
    this.messageCounters.set(chatId, next);
    return next;
  }

  private baseMessage(from: FakeUser, chat: FakeChat, messageId: number): Record<string, unknown> {
    return { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: this.user(from) };
  }

  private user(from: FakeUser): Record<string, unknown> {
    return { is_bot: false, ...from };
  }

  private botSends(
    chatId: number,
    content: { text?: string; caption?: string },
    replyMarkup: unknown,
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> {
    const message: ChatMessage = {
      chatId,
      messageId: this.nextMessageId(chatId),
      fromBot: true,
      text: content.text,
      caption: content.caption,
      replyMarkup,
      history: content.text !== undefined ? [content.text] : [],
    };
    this.messages.set(`${chatId}:${message.messageId}`, message);
    return { ...this.asMessage(message), ...extra };
  }

  private asMessage(message: ChatMessage): Record<string, unknown> {
    const chat =
      message.chatId < 0
        ? { id: message.chatId, type: 'group', title: 'Admins' }
        : { id: message.chatId, type: 'private' };
    return {
      message_id: message.messageId,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: BOT,
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.caption !== undefined ? { caption: message.caption } : {}),
      ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
    };
  }

  private storeFile(path: string, content: string | Buffer): StoredFile {
    const fileId = `file${this.nextFileId++}`;
    const file = { fileId, path, content: Buffer.isBuffer(content) ? content : Buffer.from(content) };
    this.files.set(fileId, file);
    return file;
  }
}

/** Reads a Bot API call's parameters from the query, a JSON body or a multipart form. */
async function readParams(
  req: IncomingMessage,
  url: URL,
): Promise<{ params: Record<string, unknown>; files: RecordedCall['files'] }> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: RecordedCall['files'] = {};
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return { params, files };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    Object.assign(params, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(.+)$/.exec(type)?.[1] ?? '';
    for (const part of parseMultipart(body, boundary)) {
      if (part.fileName === undefined) params[part.name] = parseField(part.content.toString('utf8'));
      else files[part.name] = { fileName: part.fileName, content: part.content };
    }
    // grammY sends files as `document: "attach://<id>"` plus a part named <id>.
    for (const [name, value] of Object.entries(params)) {
      const attached = typeof value === 'string' && value.startsWith('attach://') ? files[value.slice(9)] : undefined;
      if (attached) {
        files[name] = attached;
        params[name] = `<file ${attached.fileName}>`;
      }
    }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = parseField(v);
  }
  return { params, files };
}

/** A minimal multipart/form-data reader (grammY writes `filename=` unquoted, which strict parsers reject). */
function parseMultipart(body: Buffer, boundary: string): { name: string; fileName?: string; content: Buffer }[] {
  const parts: { name: string; fileName?: string; content: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const raw = body.subarray(start + delimiter.length, next);
    start = next;
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = raw.subarray(0, headerEnd).toString('utf8');
    let content = raw.subarray(headerEnd + 4);
    if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
    const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) continue;
    const fileName = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    parts.push({ name, ...(fileName !== undefined ? { fileName } : {}), content });
  }
  return parts;
}

function parseField(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
