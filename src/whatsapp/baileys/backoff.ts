/** Reconnect delays: exponential with "equal jitter", so many restarts never hit WhatsApp in lock-step. */

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/**
 * The delay before reconnect attempt `attempt` (0-based): half of min(max, base·2^attempt) fixed plus up to
 * the other half at random. `random` is injectable for tests.
 * @example backoffDelay(3, DEFAULT_BACKOFF, () => 0.5) // 6000
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
