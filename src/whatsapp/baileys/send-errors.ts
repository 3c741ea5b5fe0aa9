/**
 * Turns what Baileys throws (Boom errors carrying an HTTP-like status code, or a WhatsApp error code in
 * `data`) into the engine's SendError kinds, so the queue knows whether to retry, skip or pause.
 */
import { SendError } from '../../campaigns/ports.js';

interface BoomLike {
  isBoom?: boolean;
  output?: { statusCode?: number };
  data?: unknown;
  message?: string;
  code?: string;
}

/** The status code of a Baileys (Boom) error: `output.statusCode`, or WhatsApp's code in `data`. */
export function statusCodeOf(error: unknown): number | null {
  if (!error || typeof error !== 'object') return null;
  const boom = error as BoomLike;
  const status = boom.output?.statusCode;
  // Boom defaults to 500 when Baileys only put WhatsApp's own code in `data` (assertNodeErrorFree).
  if (typeof boom.data === 'number' && boom.data > 0 && (status === undefined || status === 500)) return boom.data;
  return typeof status === 'number' ? status : null;
}

/** WhatsApp's error codes that mean "the account is being restricted" (463: new chats blocked). */
const RESTRICTION_CODES = new Set([403, 463]);

/**
 * Classifies a failed send. `connected` says whether the socket was still open: Baileys uses 408 both
 * for a lost connection and for a query timeout, and only the connection state tells them apart.
 */
export function toSendError(error: unknown, connected: boolean): SendError {
  if (error instanceof SendError) return error;
  const code = statusCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const text = message.toLowerCase();

  if (code === 429 || text.includes('rate-overlimit') || text.includes('rate overlimit')) {
    return new SendError('rate_limited', 'rate_limited', `WhatsApp rate-limited the number (${message})`);
  }
  if ((code !== null && RESTRICTION_CODES.has(code)) || text.includes('restricted') || text.includes('reachout')) {
    return new SendError('restricted', 'restricted', `WhatsApp restricted the account (${message})`);
  }
  if ((error as BoomLike | null)?.code === 'ENOENT') {
    return new SendError('permanent', 'media_missing', `the campaign's media file is gone: ${message}`);
  }
  if (code === 401 || code === 428 || code === 440 || text.includes('connection closed') || !connected) {
    return new SendError('disconnected', 'whatsapp_disconnected', `WhatsApp is not connected (${message})`);
  }
  if (code === 408 || text.includes('timed out')) {
    return new SendError('transient', 'timeout', `WhatsApp did not answer in time (${message})`);
  }
  if (code === 404 || text.includes('item-not-found') || text.includes('not-found')) {
    return new SendError('not_on_whatsapp', 'not_on_whatsapp', `the number is not on WhatsApp (${message})`);
  }
  if (code === 400 || text.includes('invalid jid') || text.includes('bad-request')) {
    return new SendError('permanent', 'invalid_jid', `WhatsApp refused the address (${message})`);
  }
  if (code !== null) {
    return new SendError('transient', `whatsapp_${code}`, `WhatsApp answered with error ${code} (${message})`);
  }
  // Anything else is a bug or a local problem that would fail the same way again.
  return new SendError('permanent', 'send_error', message);
}
