/**
 * Delivers a message that is sent exactly once and must not be lost to a chat API outage (the completion
 * summary). The announcer hands it over once per campaign (Redis SET NX), so a send that fails for good here
 * is a summary nobody gets: a transient failure (network error, 5xx, 429) is retried with backoff for a
 * while, in the background, so the campaign's finisher is not held up by the outage.
 */
import type { Logger } from '../logging/logger.js';

export interface DeliveryPolicy {
  /** How long retries go on after the first failure. */
  giveUpAfterMs: number;
  /** First wait between attempts; doubles up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Long enough to ride out an outage of several minutes without retrying a dead API for ever. */
export const SUMMARY_DELIVERY: DeliveryPolicy = { giveUpAfterMs: 15 * 60_000, firstDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * How a send failed: `permanent` (a 4xx the API will repeat: give up at once), or `transient` with an
 * optional wait the API asked for.
 */
export type FailureKind = { kind: 'permanent' } | { kind: 'transient'; waitMs?: number };

/**
 * Sends once, awaited. A transient failure starts background retries and resolves (the caller is done); a
 * permanent one is thrown. Retries that run out are logged, never thrown (nobody awaits them).
 */
export async function deliverPatiently(
  send: () => Promise<unknown>,
  classify: (error: unknown) => FailureKind,
  logger: Logger,
  what: Record<string, unknown>,
  policy: DeliveryPolicy = SUMMARY_DELIVERY,
): Promise<void> {
  try {
    await send();
    return;
  } catch (error) {
    const failure = classify(error);
    if (failure.kind === 'permanent') throw error;
    logger.warn({ ...what, err: error }, 'chat API unavailable: the message will be retried');
    void retry(send, classify, logger, what, policy, failure.waitMs);
  }
}

async function retry(
  send: () => Promise<unknown>,
  classify: (error: unknown) => FailureKind,
  logger: Logger,
  what: Record<string, unknown>,
  policy: DeliveryPolicy,
  firstWaitMs: number | undefined,
): Promise<void> {
  const deadline = Date.now() + policy.giveUpAfterMs;
  let delay = policy.firstDelayMs;
  let wait = firstWaitMs ?? delay;
  for (let attempt = 2; ; attempt++) {
    // unref: a pending retry must not keep a stopping process alive.
    await new Promise<void>((resolve) => setTimeout(resolve, wait).unref());
    try {
      await send();
      logger.info({ ...what, attempt }, 'message delivered after the chat API came back');
      return;
    } catch (error) {
      const failure = classify(error);
      if (failure.kind === 'permanent' || Date.now() + delay > deadline) {
        logger.error({ ...what, err: error, attempt }, 'message not delivered: the chat API kept failing');
        return;
      }
      delay = Math.min(policy.maxDelayMs, delay * 2);
      wait = failure.waitMs ?? delay;
    }
  }
}
