/**
 * Recovery of the claims a dead lane left behind. With a usable send journal the buffered results are written and
 * only the send that had started follows IN_FLIGHT_POLICY; the recipients merely marked go back to the pool.
 * Without one the store alone decides: every in-flight mark follows the policy (by default `unknown`, never resent).
 */
import type { Store } from '../campaigns/ports.js';
import type { SendJournal } from './send-journal.js';

export interface Recovered {
  released: number;
  unknown: number;
  /** Results found in the journal and written to the store. */
  replayed: number;
}

/** Recovers the claims of one lane run (its token); safe to repeat. */
export async function recoverToken(
  store: Store,
  journal: SendJournal,
  campaignId: string,
  token: string,
  inFlightPolicy: 'unknown' | 'resend',
): Promise<Recovered> {
  const seen = journal.inspect(campaignId, token);
  if (seen.kind !== 'usable') {
    return { ...(await store.recipients.releaseClaims(campaignId, token, inFlightPolicy)), replayed: 0 };
  }
  const { results, handedWithoutResult } = seen.record;
  await store.recipients.recordResults(campaignId, token, results);
  const released = await store.recipients.releaseClaims(campaignId, token, inFlightPolicy, handedWithoutResult);
  journal.discard(campaignId, token);
  return { ...released, replayed: results.length };
}
