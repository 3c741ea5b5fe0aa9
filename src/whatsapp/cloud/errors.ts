/**
 * Meta's WhatsApp Cloud API error codes → the engine's failure kinds (ports.ts SendError), checked against
 * Meta's published error-code reference (developers.facebook.com/documentation/business-messaging/whatsapp/
 * support/error-codes). The engine code of each is `cloud_<meaning>`, shown to admins through `reason.<code>`.
 */
import { SendError, type SendFailureKind } from '../../campaigns/ports.js';
import { GraphError } from './client.js';

interface Mapping {
  kind: SendFailureKind;
  code: string;
  /** For pausing kinds: the reason the campaign pauses with. */
  pauseReason?: string;
}

/** Meta code → what the engine does. */
const BY_CODE: Record<number, Mapping> = {
  // Per recipient, for good: recorded once, never retried.
  131026: { kind: 'permanent', code: 'cloud_undeliverable' },
  131049: { kind: 'permanent', code: 'cloud_ecosystem_limit' },
  131050: { kind: 'permanent', code: 'cloud_marketing_stopped' },
  131047: { kind: 'permanent', code: 'cloud_window_closed' },
  132000: { kind: 'permanent', code: 'cloud_template_params' },
  132001: { kind: 'permanent', code: 'cloud_template_missing' },
  132012: { kind: 'permanent', code: 'cloud_template_format' },
  // Retried later (the sender slows down first for 130429).
  130429: { kind: 'transient', code: 'cloud_throughput' },
  131056: { kind: 'transient', code: 'cloud_pair_rate' },
  // The number or the app is in trouble: the campaign pauses and the admins are told.
  131048: { kind: 'rate_limited', code: 'cloud_spam_rate_limit', pauseReason: 'cloud_spam_rate_limit' },
  368: { kind: 'restricted', code: 'cloud_policy_block', pauseReason: 'cloud_policy_block' },
  131031: { kind: 'restricted', code: 'cloud_account_locked', pauseReason: 'cloud_account_locked' },
  190: { kind: 'restricted', code: 'cloud_token_expired', pauseReason: 'cloud_token_expired' },
};

/** Template problems: when every send of a campaign fails with one of them, the campaign pauses with it. */
export const TEMPLATE_CODES = new Set(['cloud_template_params', 'cloud_template_missing', 'cloud_template_format']);

/** Codes that mean "this customer does not want marketing messages": they are opted out too. */
export const OPT_OUT_CODES = new Set(['cloud_marketing_stopped']);

/** The engine's view of a failed Graph request. */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  if (!(error instanceof GraphError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new SendError('permanent', 'send_error', message);
  }
  const words = error.details ? `${error.message}: ${error.details}` : error.message;
  const known = error.code === null ? undefined : BY_CODE[error.code];
  if (known) return new SendError(known.kind, known.code, `${words} (${error.code})`, known.pauseReason);
  // Other OAuth failures (a revoked token, a missing permission) stop every send just the same.
  if (error.type === 'OAuthException' && (error.status === 401 || error.status === 403)) {
    return new SendError('restricted', 'cloud_token_expired', `${words} (${error.code ?? error.status})`, 'cloud_token_expired');
  }
  if (error.status === 0 || error.status >= 500 || error.status === 429) {
    return new SendError('transient', 'cloud_unavailable', `${words} (HTTP ${error.status})`);
  }
  return new SendError('permanent', error.code === null ? 'cloud_error' : `cloud_error_${error.code}`, words);
}

/** A failed status webhook's first error (`errors[].code`) as the engine's code and text. */
export function statusError(errors: { code?: number; title?: string; message?: string; error_data?: { details?: string } }[] | undefined): {
  code: string;
  text: string;
} {
  const first = errors?.[0];
  const mapped = toSendError(new GraphError(400, first?.code ?? null, null, first?.message ?? first?.title ?? 'failed', first?.error_data?.details ?? null));
  return { code: mapped.code, text: mapped.message.slice(0, 500) };
}
