/**
 * A small fake of the Slack Web API (and of Socket Mode's WebSocket) on a free loopback port, for end-to-end
 * tests of the Slack app. It answers the methods the app uses, records every call with its arguments, and can
 * be told to fail a call (e.g. 429 with Retry-After, or `not_in_channel`).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sleep } from '../helpers/wait.js';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  authorization: string | null;
  /** What the fake answered (absent for a 429 and an outage). */
  result?: Record<string, unknown>;
  /** Set when the call met an outage: the HTTP status answered, or 0 for a destroyed connection. */
  outage?: number;
}

/** An outage of the Web API: every call answers this HTTP status (5xx), or has its connection destroyed. */
export type Outage = { status: number } | 'refuse';

export interface Upload {
  fileId: string;
  /** The uploaded bytes (from the multipart body when the client sent one). */
  content: string;
}

export type Failure = { status: 429; retryAfter: number } | { error: string };

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'files', 'metadata']);
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  readonly uploads: Upload[] = [];
  /** Bodies POSTed to response_url (slash command replies). */
  readonly responses: { id: string; body: Record<string, unknown>; at: number }[] = [];
  /** Channels where chat.postMessage answers `not_in_channel`. */
  readonly notInChannel = new Set<string>();
  /** users.info locales by user id (default en-US). */
  readonly locales = new Map<string, string>();
  /** usergroups.users.list members by group id. */
  readonly groups = new Map<string, string[]>();
  readonly teamId = 'T0FAKE';
  /** Files users shared (served under /files/ to a request with the bot token), and the downloads made. */
  readonly sharedFiles = new Map<string, Buffer>();
  readonly downloads: { fileId: string; authorization: string | null }[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private outage: Outage | null = null;
  private server: Server | null = null;
  private port = 0;
  private ts = 1_700_000_000;
  private ids = 0;
  private readonly sockets = new Set<FakeSocket>();
  private readonly connections = new Set<Socket>();

  /** The value for SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url that the fake records. */
  responseUrl(id = String(++this.ids)): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Socket) => this.upgrade(req, socket));
    server.on('connection', (socket) => {
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.close();
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Makes the next call(s) of `method` fail this way, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /**
   * Until `up()`, every Web API call (not Socket Mode, files or response_url) meets this outage, as when
   * Slack is down: a 5xx status, or the connection destroyed unanswered.
   */
  down(outage: Outage): void {
    this.outage = outage;
  }

  /** Ends the outage of `down`. */
  up(): void {
    this.outage = null;
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until a call matching `match` was recorded; returns it. */
  async waitForCall(method: string, match: (call: SlackCall) => boolean = () => true, timeoutMs = 15_000): Promise<SlackCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find((c) => c.method === method && match(c));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no ${method} call matched within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      }
      await sleep(20);
    }
  }

  /** A file a user shares: its `files[]` entry as a `file_share` message event carries it. */
  shareFile(name: string, content: string | Buffer): { id: string; name: string; size: number; url_private_download: string } {
    const id = `F${++this.ids}`;
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    this.sharedFiles.set(id, bytes);
    return { id, name, size: bytes.length, url_private_download: `http://127.0.0.1:${this.port}/files/${id}/${encodeURIComponent(name)}` };
  }

  /** The Socket Mode connections opened so far. */
  get socketConnections(): FakeSocket[] {
    return [...this.sockets];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      this.uploads.push({ fileId, content: await uploadedContent(raw, req.headers['content-type']) });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - 1');
      return;
    }
    if (url.pathname.startsWith('/files/')) {
      const fileId = url.pathname.split('/')[2] ?? '';
      const authorization = req.headers.authorization ?? null;
      this.downloads.push({ fileId, authorization });
      const file = this.sharedFiles.get(fileId);
      // Like Slack: without the bot token a private file is not served.
      if (!file || !authorization?.startsWith('Bearer xoxb-')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      this.responses.push({ id: url.pathname.slice('/response/'.length), body: JSON.parse(raw.toString('utf8')), at: Date.now() });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type']);
    const call: SlackCall = { method, args, at: Date.now(), authorization: req.headers.authorization ?? null };
    this.calls.push(call);
    if (this.outage === 'refuse') {
      call.outage = 0;
      req.socket.destroy();
      return;
    }
    if (this.outage) {
      call.outage = this.outage.status;
      res.writeHead(this.outage.status, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
      return;
    }
    const failure = this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const body = failure ? { ok: false, error: failure.error } : this.answer(method, args);
    call.result = body;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const str = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : '');
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: this.teamId, team: 'Fake Team', user_id: 'UBOT', bot_id: 'BBOT', url: 'https://fake.slack.com/' };
      case 'views.open':
      case 'views.push':
      case 'views.update':
        return { ok: true, view: { id: str('view_id') || `V${++this.ids}`, ...(args.view as object) } };
      case 'chat.postMessage': {
        const channel = str('channel');
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        const id = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
        return { ok: true, channel: id, ts: this.nextTs(), message: { text: args.text } };
      }
      case 'chat.update':
        return { ok: true, channel: str('channel'), ts: str('ts'), text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${str('users').replace(/^U/, '')}` } };
      case 'users.info':
        return { ok: true, user: { id: str('user'), locale: this.locales.get(str('user')) ?? 'en-US' } };
      case 'usergroups.users.list':
        return { ok: true, users: this.groups.get(str('usergroup')) ?? [] };
      case 'files.getUploadURLExternal': {
        const fileId = `F${++this.ids}`;
        return { ok: true, file_id: fileId, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}` };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (args.files as { id: string; title?: string }[]).map((f) => ({ id: f.id, title: f.title ?? '' })) };
      case 'files.delete':
      case 'reactions.add':
        return { ok: true };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private nextTs(): string {
    return `${++this.ts}.000100`;
  }

  private upgrade(req: IncomingMessage, socket: Socket): void {
    const key = req.headers['sec-websocket-key'];
    if (req.url !== '/socket' || typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const fake = new FakeSocket(socket);
    this.sockets.add(fake);
    socket.on('close', () => this.sockets.delete(fake));
    fake.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'AFAKE' }, debug_info: { host: 'fake' } });
  }
}

/** One Socket Mode connection: send envelopes, read the app's acknowledgements. */
export class FakeSocket {
  readonly received: Record<string, unknown>[] = [];
  private buffer = Buffer.alloc(0);

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.readFrames();
    });
    socket.on('error', () => socket.destroy());
  }

  /** Sends a JSON message (an envelope) to the app. */
  send(message: Record<string, unknown>): void {
    this.frame(0x1, Buffer.from(JSON.stringify(message), 'utf8'));
  }

  /** Waits for the app's acknowledgement of an envelope. */
  async ack(envelopeId: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m) => m.envelope_id === envelopeId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ack for envelope ${envelopeId}`);
      await sleep(20);
    }
  }

  close(): void {
    this.frame(0x8, Buffer.alloc(0));
    this.socket.end();
  }

  private frame(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) return;
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x80 | opcode, length])
        : length < 65_536
          ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
          : (() => {
              const h = Buffer.alloc(10);
              h[0] = 0x80 | opcode;
              h[1] = 127;
              h.writeBigUInt64BE(BigInt(length), 2);
              return h;
            })();
    this.socket.write(Buffer.concat([header, payload]));
  }

  /** Client frames are masked (RFC 6455 §5.3); messages here are small and never fragmented. */
  private readFrames(): void {
    for (;;) {
      if (this.buffer.length < 2) return;
      const b0 = this.buffer[0] as number;
      const b1 = this.buffer[1] as number;
      let length = b1 & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const mask = masked ? this.buffer.subarray(offset, offset + 4) : null;
      if (masked) offset += 4;
      if (this.buffer.length < offset + length) return;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + length));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
      this.buffer = this.buffer.subarray(offset + length);
      const opcode = b0 & 0x0f;
      if (opcode === 0x1) this.received.push(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
      else if (opcode === 0x9) this.frame(0xa, payload);
      else if (opcode === 0x8) {
        this.frame(0x8, Buffer.alloc(0));
        this.socket.end();
      }
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType?.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (JSON_FIELDS.has(key)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON after all: keep the string, as Slack would reject it later.
      }
    }
    args[key] = value;
  }
  return args;
}

async function uploadedContent(raw: Buffer, contentType: string | undefined): Promise<string> {
  if (!contentType?.includes('multipart/form-data')) return raw.toString('utf8');
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return await value.text();
  }
  return '';
}
