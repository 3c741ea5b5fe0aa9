/**
 * The one place that makes a value safe to log: secrets are removed by shape (tokens, passwords in connection
 * strings, `/bot<token>/` URLs), by key (`password`, `token`, …) and by meaning (the arguments of a Redis AUTH or
 * HELLO command), at any depth: nested errors, `cause`, AggregateError's `errors`, ioredis' `command`.
 */

/** Token-shaped substrings that must never reach a log even inside free text (error messages, URLs). */
const SECRET_PATTERNS: { pattern: RegExp; replace: string }[] = [
  // The Bot API puts the token in every URL path: /bot<token>/method and /file/bot<token>/path.
  { pattern: /\/bot[^/\s"'?#]+\//g, replace: '/bot[redacted]/' },
  { pattern: /(?<!\d)\d{6,}:[A-Za-z0-9_-]{30,}/g, replace: '[redacted]' }, // a Telegram bot token on its own
  { pattern: /\bxox[abpr]-[A-Za-z0-9-]+/g, replace: '[redacted]' }, // Slack bot/user tokens
  { pattern: /\bxapp-[A-Za-z0-9-]+/g, replace: '[redacted]' }, // Slack app-level tokens
  { pattern: /\bEAA[A-Za-z0-9]{20,}/g, replace: '[redacted]' }, // Meta (Graph API / WhatsApp Cloud API) access tokens
  { pattern: /(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi, replace: '$1[redacted]' }, // any bearer token in free text
  // user:password@ and :password@ (redis://:pw@host) in connection strings; [^\s@/]* cannot backtrack far.
  { pattern: /(\/\/[^:/\s@]*:)[^@/\s]+@/g, replace: '$1[redacted]@' },
];

/** Keys whose string values are secrets whatever they look like. */
const SECRET_KEY = /pass(word|wd)?$|secret|token|authorization|cookie|credential|^creds$|api[-_]?key/i;

/** Redis commands whose arguments carry a password. */
const SECRET_COMMANDS = new Set(['auth', 'hello', 'migrate']);

const MAX_DEPTH = 8;

/** Replaces token-shaped substrings of `text` with [redacted]. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const { pattern, replace } of SECRET_PATTERNS) out = out.replace(pattern, replace);
  return out;
}

/**
 * A copy of `value` with every secret removed; errors become plain objects (`type`, `message`, `stack`, their own
 * fields, `cause`), so nothing nested escapes the scrubbing. Cycles and very deep values are cut.
 */
export function scrubForLog(value: unknown): unknown {
  return scrub(value, 0, new WeakSet());
}

function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.type = value.constructor.name;
      out.message = redactSecrets(value.message);
      if (value.stack) out.stack = redactSecrets(value.stack);
      if (value.cause !== undefined) out.cause = scrub(value.cause, depth + 1, seen);
    }
    const command = redisCommandName(value);
    for (const [key, item] of Object.entries(value)) {
      if (key === 'args' && command !== null && SECRET_COMMANDS.has(command)) out[key] = ['[redacted]'];
      else if (SECRET_KEY.test(key) && (typeof item === 'string' || Buffer.isBuffer(item))) out[key] = '[redacted]';
      else out[key] = scrub(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The lower-cased name of an ioredis command object (`{ name: 'auth', args: [...] }`), else null. */
function redisCommandName(value: object): string | null {
  const { name, args } = value as { name?: unknown; args?: unknown };
  return typeof name === 'string' && Array.isArray(args) ? name.toLowerCase() : null;
}
