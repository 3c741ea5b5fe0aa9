/**
 * The read-only campaign use cases (get, list, details, progress view). They need only the store, so the
 * CLI's `campaigns list|show` answer without Redis, BullMQ or a sender; `CampaignService` delegates to them.
 */
import { readApprovalRecord, type ApprovalRecord } from './approval.js';
import type { CampaignDetails, CampaignUseCases } from './use-cases.js';
import { NotFoundError } from './errors.js';
import type { ProgressView, Store } from './ports.js';
import { buildProgressView, overallRatePerMinute } from './progress-view.js';
import type { Campaign } from './types.js';

/** A campaign that finished by sending (every recipient has an outcome) but whose outcome counters miss some. */
export function countsDrifted(campaign: Campaign): boolean {
  const finishedBySending = campaign.status === 'completed' || (campaign.status === 'failed' && campaign.statusReason === null);
  const c = campaign.counts;
  return finishedBySending && c.sent + c.failed + c.skipped + c.unknown !== c.total;
}

/** The reading part of the campaign use cases. */
export type CampaignReadUseCases = Pick<CampaignUseCases, 'get' | 'list' | 'details' | 'view' | 'approval'>;

/** Campaign reads over `store`. */
export class CampaignReads implements CampaignReadUseCases {
  constructor(
    private readonly store: Store,
    /** The pace of a campaign's sender account (messages per minute, 0 = unpaced): a shown rate never exceeds it. */
    private readonly paceOf: (account: string) => Promise<number> = async () => 0,
  ) {}

  async get(id: string): Promise<Campaign> {
    const campaign = await this.store.campaigns.get(id.trim());
    if (!campaign) throw new NotFoundError('campaign', id);
    // Shown after a fault: a finished campaign whose counters do not add up gets them recomputed from its recipients.
    if (countsDrifted(campaign)) return (await this.store.campaigns.recomputeCounts(campaign.id)) ?? campaign;
    return campaign;
  }

  list(query: { limit?: number; offset?: number } = {}): Promise<Campaign[]> {
    return this.store.campaigns.list({ limit: query.limit ?? 10, offset: query.offset ?? 0 });
  }

  async details(id: string, limit = 20): Promise<CampaignDetails> {
    const campaign = await this.get(id);
    const failures = await this.store.recipients.list(campaign.id, { status: ['failed', 'unknown', 'skipped'], limit });
    return { campaign, view: await this.view(campaign), failures };
  }

  approval(id: string): Promise<ApprovalRecord | null> {
    return readApprovalRecord(this.store, id);
  }

  async view(campaign: Campaign): Promise<ProgressView> {
    const pacePerMinute = await this.paceOf(campaign.account);
    return buildProgressView(campaign, 0, { overallPerMinute: overallRatePerMinute(campaign), pacePerMinute });
  }
}
