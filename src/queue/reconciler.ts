/**
 * The reconciler: the store is the record of what must be sent, the queue only of who is sending it. At worker
 * start and every RECONCILE_INTERVAL_MS it looks for `processing` campaigns with no waiting, active or delayed
 * lane job (a lane that gave up after its retries, a shutdown that lost its continuation, a Redis that came back
 * empty) and puts them back to work: the claims of dead lanes are recovered (with their send journals), and the
 * lanes are queued again under job ids derived from the minute, so two workers reconciling at once queue them once.
 * A campaign with nothing left is finished instead.
 */
import type { Store } from '../campaigns/ports.js';
import type { Logger } from '../logging/logger.js';
import type { BullCampaignQueue } from './campaign-queue.js';
import { recoverToken } from './recovery.js';
import type { SendJournal } from './send-journal.js';

export interface ReconcilerDeps {
  store: Store;
  queue: BullCampaignQueue;
  journal: SendJournal;
  inFlightPolicy: 'unknown' | 'resend';
  finishIfDone: (campaignId: string) => Promise<void>;
  logger: Logger;
  now?: () => number;
  /** Only the campaigns of this sender account (whose lanes go to `queue`); all campaigns when absent. */
  account?: string;
}

/** How long a ready `pending` campaign may wait for its first lane before the reconciler queues it. */
export const STRANDED_AFTER_MS = 60_000;

/** Job states in which a lane job still stands for a campaign. */
const LIVE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/** Ids of the campaigns that have at least one lane job waiting, running or delayed. */
async function campaignsWithLanes(queue: BullCampaignQueue): Promise<Set<string>> {
  const jobs = await queue.queue.getJobs([...LIVE_STATES], 0, -1);
  // A job can vanish between listing and loading: getJobs then yields undefined for it.
  return new Set(jobs.filter((job) => job !== undefined).map((job) => job.data.campaignId));
}

/**
 * Recovers the claims of the campaign's dead lanes. `knownDeadOnly`: only tokens whose journal proves its writer
 * dead (safe while other lanes of the campaign may run elsewhere); otherwise also tokens with no journal here,
 * by the store alone (only when no lane job stands for the campaign).
 */
export async function recoverDeadLanes(
  deps: Pick<ReconcilerDeps, 'store' | 'journal' | 'inFlightPolicy' | 'logger'>,
  campaignId: string,
  knownDeadOnly: boolean,
): Promise<void> {
  for (const token of await deps.store.recipients.claimTokens(campaignId)) {
    const kind = deps.journal.inspect(campaignId, token).kind;
    // `live`: its writer may still be sending (a lane whose job vanished with Redis frees them itself).
    if (kind === 'live' || (knownDeadOnly && kind === 'missing')) continue;
    const recovered = await recoverToken(deps.store, deps.journal, campaignId, token, deps.inFlightPolicy);
    deps.logger.warn({ campaignId, token, ...recovered }, 'recovered the claims of a dead lane');
  }
}

/** One pass; returns the ids of the campaigns it queued again. */
export async function reconcile(deps: ReconcilerDeps): Promise<string[]> {
  const { store, queue, logger } = deps;
  const now = (deps.now ?? Date.now)();
  const only = deps.account ? { account: deps.account } : {};
  const stranded = (await store.campaigns.list({ status: ['pending'], limit: 1000, ...only })).filter(
    // Stored and ready (no reason such as "preparing") for a while, yet never started: its lanes were not queued
    // (Redis was down when it was created).
    (c) => c.statusReason === null && now - c.updatedAt.getTime() > STRANDED_AFTER_MS,
  );
  const processing = [...(await store.campaigns.list({ status: ['processing'], limit: 1000, ...only })), ...stranded];
  if (processing.length === 0) return [];
  let laned = await campaignsWithLanes(queue);
  const orphans = processing.filter((c) => !laned.has(c.id));
  if (orphans.length === 0) return [];
  // Look again: a job moving between states while the first listing ran must not make a campaign look orphaned.
  laned = await campaignsWithLanes(queue);
  const requeued: string[] = [];
  for (const campaign of orphans) {
    if (laned.has(campaign.id)) continue;
    // No lane job stands for the campaign, so its claims belong to dead lanes.
    await recoverDeadLanes(deps, campaign.id, false);
    const counts = await store.recipients.countByStatus(campaign.id);
    if (counts.pending === 0) {
      await deps.finishIfDone(campaign.id);
      continue;
    }
    const minute = Math.floor(now / 60_000) * 60_000;
    await queue.start(campaign.id, minute);
    requeued.push(campaign.id);
    logger.warn({ campaignId: campaign.id, pending: counts.pending }, 'reconciler queued the lanes of a campaign that had none');
  }
  return requeued;
}
