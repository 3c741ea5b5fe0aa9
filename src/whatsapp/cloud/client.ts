/**
 * A small client for Meta's Graph API (the WhatsApp Cloud API): JSON requests with the access token as a
 * bearer header, multipart uploads, and Graph's error object turned into a GraphError. The token never
 * appears in a URL, an error message or a log line.
 */

/** What the Graph API said when a request failed (`error.code`, `error.error_subcode`, `error.type`). */
export class GraphError extends Error {
  constructor(
    /** HTTP status (0 when the request never got an answer). */
    readonly status: number,
    /** Graph's numeric `error.code` (e.g. 131048), or null when the answer had none. */
    readonly code: number | null,
    readonly type: string | null,
    message: string,
    /** `error.error_data.details`, Meta's explanation, when given. */
    readonly details: string | null = null,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com/v25.0 (no trailing slash). */
  baseUrl: string;
  token: string;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface GraphErrorBody {
  error?: { message?: string; type?: string; code?: number; error_data?: { details?: string } };
}

export class GraphClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: GraphClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** The Graph API root with its pinned version (GRAPH_API_URL). */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** GET `path` (relative to the base URL) with query parameters. */
  get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    const search = new URLSearchParams(query).toString();
    return this.request<T>('GET', `${path}${search ? `?${search}` : ''}`);
  }

  /** POST a JSON body. */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, JSON.stringify(body), { 'content-type': 'application/json' });
  }

  /** POST a multipart form (media uploads). */
  postForm<T>(path: string, form: FormData): Promise<T> {
    return this.request<T>('POST', path, form);
  }

  /** GET an absolute URL Graph handed out (a `paging.next` link); it must be under the base URL. */
  getAbsolute<T>(url: string): Promise<T> {
    if (!url.startsWith(`${this.options.baseUrl}/`)) throw new GraphError(0, null, null, 'a paging link outside GRAPH_API_URL');
    return this.request<T>('GET', url.slice(this.options.baseUrl.length));
  }

  private async request<T>(method: string, path: string, body?: string | FormData, headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.fetch(`${this.options.baseUrl}${path.startsWith('/') ? path : `/${path}`}`, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, ...headers },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const cause = error as Error;
      throw new GraphError(0, null, null, `the Graph API did not answer (${cause.name}: ${cause.message})`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const error = (parsed as GraphErrorBody | null)?.error;
      throw new GraphError(
        response.status,
        typeof error?.code === 'number' ? error.code : null,
        error?.type ?? null,
        error?.message ?? `HTTP ${response.status}`,
        error?.error_data?.details ?? null,
      );
    }
    return parsed as T;
  }
}
