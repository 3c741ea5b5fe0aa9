import type { CampaignStatus } from './types.js';

/**
 * Errors a use case throws for the caller to show: each carries a machine `code`, an i18n key and params,
 * so every surface can say what went wrong, and what to do, in the user's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    message?: string,
  ) {
    super(message ?? `${code}: ${JSON.stringify(params)}`);
    this.name = 'DomainError';
  }
}

/** Bad input from a user (CLI exit code 2). */
export class ValidationError extends DomainError {
  constructor(code: string, messageKey: string, params: Record<string, string | number> = {}, message?: string) {
    super(code, messageKey, params, message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', 'error.not_found', { id }, `${what} ${id} was not found`);
    this.name = 'NotFoundError';
  }
}

/**
 * The action does not fit the campaign's current status (e.g. resume a completed campaign). `status` and
 * `action` are raw codes (`processing`, `resume`); the catalogue translates them when the error is shown.
 */
export class StateError extends DomainError {
  constructor(id: string, status: CampaignStatus, action: string) {
    super('bad_state', 'error.bad_state', { id, status, action }, `campaign ${id} is ${status}; cannot ${action} it`);
    this.name = 'StateError';
  }
}

/** The actor is not on the allowlist. */
export class AccessDeniedError extends DomainError {
  constructor(surface: string, userId: string) {
    super('access_denied', 'error.access_denied', { surface, userId }, `user ${userId} on ${surface} is not an admin`);
    this.name = 'AccessDeniedError';
  }
}

/** The queue (Redis) did not answer in time: the campaign is stored and starts by itself once the queue is back. */
export class QueueUnavailableError extends DomainError {
  constructor(detail: string) {
    super('queue_unavailable', 'error.queue_unavailable', {}, `the queue is unavailable: ${detail}`);
    this.name = 'QueueUnavailableError';
  }
}
