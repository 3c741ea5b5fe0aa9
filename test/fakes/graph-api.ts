/**
 * A fake of Meta's Graph API for the WhatsApp Cloud API on a free loopback port: the endpoints the Cloud
 * driver uses (POST /{phone-number-id}/messages, POST /{phone-number-id}/media, GET /{waba-id}/message_templates,
 * GET /{phone-number-id}?fields=…), with Meta's error shape, and webhooks signed with the app secret
 * (X-Hub-Signature-256) sent to our `/webhooks/whatsapp`. It records every accepted message, so tests compare
 * the product's counts with what "Meta" saw. It serves one number by default (FAKE_PHONE_NUMBER_ID) and more with
 * `addNumber`, each with its own WABA, tier and templates; every accepted message and attempt names the number
 * it was sent from, and webhooks are posted for the number a test names.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_TOKEN = 'EAAfaketoken0123456789abcdefABCDEF';
export const FAKE_APP_SECRET = 'fake-app-secret-0123456789';
export const FAKE_VERIFY_TOKEN = 'verify-me-please';
export const FAKE_PHONE_NUMBER_ID = '109876543210';
export const FAKE_WABA_ID = '201234567890';

export interface FakeTemplate {
  name: string;
  language: string;
  category?: string;
  body: string;
  headerFormat?: 'IMAGE' | 'DOCUMENT' | 'TEXT';
  status?: string;
}

/** A business phone number the fake serves. */
export interface FakePhone {
  phoneNumberId: string;
  wabaId: string;
  display: string;
  name: string;
  quality: string;
  tier: string;
}

export interface AcceptedMessage {
  id: string;
  /** The phone number id it was sent from. */
  from: string;
  /** E.164. */
  to: string;
  type: string;
  template?: { name: string; language: string; params: string[]; headerMediaId: string | null };
  text?: string;
  at: number;
}

/** Meta's codes the fake can answer with, and their HTTP status and error type. */
function errorFor(code: number): { status: number; body: Record<string, unknown> } {
  const status = code === 190 ? 401 : code === 130429 ? 429 : 400;
  return {
    status,
    body: {
      error: {
        message: `(#${code}) fake error ${code}`,
        type: code === 190 ? 'OAuthException' : 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details: `the fake answered ${code}` },
        fbtrace_id: 'FAKE',
      },
    },
  };
}

export class FakeGraphApi {
  readonly accepted: AcceptedMessage[] = [];
  /** Every POST /messages, in order, with what the fake answered (an id or a code). */
  readonly attempts: { from: string; to: string; outcome: string; at: number }[] = [];
  readonly uploads: { id: string; bytes: number; type: string }[] = [];
  /** Webhook deliveries made, with the HTTP status our server answered. */
  readonly webhooks: { body: string; status: number }[] = [];
  templates: FakeTemplate[] = [
    { name: 'promo_desember', language: 'id', category: 'MARKETING', body: 'Halo {{1}}, ada {{2}} untuk Anda!' },
    { name: 'order_update', language: 'en', category: 'UTILITY', body: 'Hi {{1}}, your order is on its way.' },
  ];
  /** The numbers served, by phone number id; the first is the default number. */
  readonly numbers = new Map<string, FakePhone>([
    [
      FAKE_PHONE_NUMBER_ID,
      { phoneNumberId: FAKE_PHONE_NUMBER_ID, wabaId: FAKE_WABA_ID, display: '+62 811-0000-0001', name: 'Toko Contoh', quality: 'GREEN', tier: 'TIER_UNLIMITED' },
    ],
  ]);
  /** The `GET /{phone-number-id}` requests, with the fields asked for. */
  readonly phoneReads: { phoneNumberId: string; fields: string }[] = [];
  /** While true, `GET /{phone-number-id}` answers Meta's "service temporarily unavailable" (a Graph API outage). */
  phoneReadsFail = false;
  /** The token the fake accepts (change it to simulate an expired one). */
  token = FAKE_TOKEN;
  /** Where signed webhooks go (our /webhooks/whatsapp). */
  webhookUrl: string | null = null;
  private server: Server | null = null;
  private port = 0;
  /** Recipients (E.164) whose sends fail with a code. */
  private readonly failFor = new Map<string, number>();
  /** Codes answered to the next sends, in order. */
  private readonly nextFailures: number[] = [];
  /** From this attempt number on (1-based), every send fails with the code. */
  private failFrom: { attempt: number; code: number } | null = null;

  /** The default number's details (tests change its tier or quality). */
  get phone(): FakePhone {
    return this.numbers.get(FAKE_PHONE_NUMBER_ID) as FakePhone;
  }

  set phone(value: Omit<FakePhone, 'phoneNumberId' | 'wabaId'> & Partial<FakePhone>) {
    this.numbers.set(FAKE_PHONE_NUMBER_ID, { ...value, phoneNumberId: FAKE_PHONE_NUMBER_ID, wabaId: FAKE_WABA_ID });
  }

  /** The Graph API root with the version the fake answers as (GRAPH_API_URL). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/${this.version}`;
  }

  /**
   * The version in `url`: up to v23.0 the tier is `messaging_limit_tier`, from v24.0 on
   * `whatsapp_business_manager_messaging_limit`; the fake takes the strict view that asking a version for the
   * other one is a nonexisting field (Graph's error 100).
   */
  version = 'v25.0';

  /** Serves another number (its own WABA, tier and quality); its sends, statuses and inbound are its own. */
  addNumber(number: Partial<FakePhone> & Pick<FakePhone, 'phoneNumberId' | 'wabaId'>): FakePhone {
    const full: FakePhone = { display: `+62 811-0000-${this.numbers.size + 1}`, name: 'Toko Lain', quality: 'GREEN', tier: 'TIER_UNLIMITED', ...number };
    this.numbers.set(full.phoneNumberId, full);
    return full;
  }

  /** The messages accepted from one number. */
  acceptedFrom(phoneNumberId: string): AcceptedMessage[] {
    return this.accepted.filter((m) => m.from === phoneNumberId);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    }));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sends to `phone` fail with `code`. */
  failSendsTo(phone: string, code: number): void {
    this.failFor.set(phone, code);
  }

  /** The next sends (any recipient) answer these codes, in order. */
  failNext(...codes: number[]): void {
    this.nextFailures.push(...codes);
  }

  /** From the `attempt`-th send on (1-based), every send answers `code`. */
  failFromAttempt(attempt: number, code: number): void {
    this.failFrom = { attempt, code };
  }

  /** Posts a signed webhook with these statuses (Meta's shape); resolves with our server's HTTP status. */
  async sendStatuses(
    statuses: { id: string; status: 'sent' | 'delivered' | 'read' | 'failed'; to: string; code?: number }[],
    phoneNumberId = FAKE_PHONE_NUMBER_ID,
  ): Promise<number> {
    return this.postWebhook(this.payload({
      statuses: statuses.map((s) => ({
        id: s.id,
        status: s.status,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: s.to.replace(/^\+/, ''),
        ...(s.code ? { errors: [{ code: s.code, title: `fake ${s.code}`, message: `fake ${s.code}` }] } : {}),
      })),
    }, phoneNumberId));
  }

  /** Posts a signed webhook with a customer's text message to a number (the default one unless named). */
  async sendInbound(from: string, text: string, id = `wamid.in${randomBytes(6).toString('hex')}`, phoneNumberId = FAKE_PHONE_NUMBER_ID): Promise<number> {
    return this.postWebhook(this.payload({
      contacts: [{ profile: { name: 'Customer' }, wa_id: from.replace(/^\+/, '') }],
      messages: [{ from: from.replace(/^\+/, ''), id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
    }, phoneNumberId));
  }

  /** Posts `body` to the webhook URL, signed with `secret` (or with the given signature header, or none). */
  async postWebhook(body: string, options: { secret?: string; signature?: string | null } = {}): Promise<number> {
    if (!this.webhookUrl) throw new Error('FakeGraphApi.webhookUrl is not set');
    const signature =
      options.signature === undefined
        ? `sha256=${createHmac('sha256', options.secret ?? FAKE_APP_SECRET).update(body).digest('hex')}`
        : options.signature;
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
      body,
    });
    await response.text();
    this.webhooks.push({ body, status: response.status });
    return response.status;
  }

  /** A webhook body in Meta's envelope for one of our numbers (the default one unless named). */
  payload(value: Record<string, unknown>, phoneNumberId = FAKE_PHONE_NUMBER_ID): string {
    const number = this.numbers.get(phoneNumberId);
    return JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: number?.wabaId ?? FAKE_WABA_ID,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: (number?.display ?? '62811000001').replace(/\D/g, ''), phone_number_id: phoneNumberId },
                ...value,
              },
            },
          ],
        },
      ],
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      const { status, body: error } = errorFor(190);
      send(status, error);
      return;
    }
    const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
    const [, id = '', edge] = /^\/(\d+)(?:\/([a-z_]+))?$/.exec(path) ?? [];
    const number = this.numbers.get(id);
    if (req.method === 'POST' && number && edge === 'messages') {
      this.message(number, JSON.parse(body.toString('utf8')) as Record<string, unknown>, send);
      return;
    }
    if (req.method === 'POST' && number && edge === 'media') {
      const mediaId = `media${this.uploads.length + 1}`;
      const type = /name="type"\r\n\r\n([^\r]+)/.exec(body.toString('latin1'))?.[1] ?? '';
      this.uploads.push({ id: mediaId, bytes: body.length, type });
      send(200, { id: mediaId });
      return;
    }
    if (req.method === 'GET' && edge === 'message_templates' && [...this.numbers.values()].some((n) => n.wabaId === id)) {
      send(200, {
        data: this.templates.map((t, i) => ({
          id: String(9000 + i),
          name: t.name,
          language: t.language,
          status: t.status ?? 'APPROVED',
          category: t.category ?? 'MARKETING',
          components: [
            ...(t.headerFormat ? [{ type: 'HEADER', format: t.headerFormat }] : []),
            { type: 'BODY', text: t.body },
          ],
        })),
        paging: { cursors: { before: 'a', after: 'b' } },
      });
      return;
    }
    if (req.method === 'GET' && number && edge === undefined) {
      const fields = url.searchParams.get('fields') ?? '';
      this.phoneReads.push({ phoneNumberId: id, fields });
      if (this.phoneReadsFail) {
        send(503, { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: 'FAKE' } });
        return;
      }
      const legacy = Number(/^v(\d+)/.exec(this.version)?.[1]) <= 23;
      const tierField = legacy ? 'messaging_limit_tier' : 'whatsapp_business_manager_messaging_limit';
      const wrong = legacy ? 'whatsapp_business_manager_messaging_limit' : 'messaging_limit_tier';
      if (fields.split(',').includes(wrong)) {
        send(400, { error: { message: `(#100) Tried accessing nonexisting field (${wrong})`, type: 'OAuthException', code: 100 } });
        return;
      }
      const values: Record<string, string> = {
        display_phone_number: number.display,
        verified_name: number.name,
        quality_rating: number.quality,
        [tierField]: number.tier,
      };
      send(200, { id, ...Object.fromEntries(fields.split(',').filter((f) => f in values).map((f) => [f, values[f]])) });
      return;
    }
    send(404, { error: { message: `Unknown path ${path}`, type: 'GraphMethodException', code: 100 } });
  }

  private message(number: FakePhone, request: Record<string, unknown>, send: (status: number, json: unknown) => void): void {
    const to = `+${String(request.to ?? '')}`;
    const attempt = this.attempts.length + 1;
    const code =
      this.nextFailures.shift() ?? (this.failFrom && attempt >= this.failFrom.attempt ? this.failFrom.code : undefined) ?? this.failFor.get(to) ?? this.templateProblem(request);
    if (code !== undefined) {
      this.attempts.push({ from: number.phoneNumberId, to, outcome: String(code), at: Date.now() });
      const { status, body } = errorFor(code);
      send(status, body);
      return;
    }
    const id = `wamid.${randomBytes(10).toString('hex')}`;
    const template = request.template as { name: string; language: { code: string }; components?: { type: string; parameters: { type: string; text?: string; image?: { id: string }; document?: { id: string } }[] }[] } | undefined;
    const body = template?.components?.find((c) => c.type === 'body');
    const header = template?.components?.find((c) => c.type === 'header')?.parameters[0];
    this.accepted.push({
      id,
      from: number.phoneNumberId,
      to,
      type: String(request.type),
      ...(template
        ? {
            template: {
              name: template.name,
              language: template.language.code,
              params: (body?.parameters ?? []).map((p) => p.text ?? ''),
              headerMediaId: header?.image?.id ?? header?.document?.id ?? null,
            },
          }
        : {}),
      ...(request.type === 'text' ? { text: (request.text as { body: string }).body } : {}),
      at: Date.now(),
    });
    this.attempts.push({ from: number.phoneNumberId, to, outcome: id, at: Date.now() });
    send(200, { messaging_product: 'whatsapp', contacts: [{ input: request.to, wa_id: request.to }], messages: [{ id }] });
  }

  /** 132001 for an unknown template or language, 132000 when the parameter count differs. */
  private templateProblem(request: Record<string, unknown>): number | undefined {
    if (request.type !== 'template') return undefined;
    const template = request.template as { name: string; language: { code: string }; components?: { type: string; parameters: unknown[] }[] };
    const known = this.templates.find((t) => t.name === template.name && t.language === template.language.code);
    if (!known) return 132001;
    const expected = new Set(known.body.match(/\{\{\d+\}\}/g) ?? []).size;
    const given = template.components?.find((c) => c.type === 'body')?.parameters.length ?? 0;
    return expected === given ? undefined : 132000;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
