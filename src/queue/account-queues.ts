/**
 * One BullMQ queue of campaign lanes per sender account, so a worker takes jobs only of the accounts it owns.
 * `default` keeps today's queue name (`campaigns`), so lanes queued before accounts existed still run.
 */
import type { Redis } from 'ioredis';
import type { CampaignQueue, Store } from '../campaigns/ports.js';
import { DEFAULT_ACCOUNT } from '../whatsapp/accounts.js';
import { BullCampaignQueue, CAMPAIGN_QUEUE } from './campaign-queue.js';

/** The queue name of an account's lanes. */
export function queueNameOf(account: string): string {
  return account === DEFAULT_ACCOUNT ? CAMPAIGN_QUEUE : `${CAMPAIGN_QUEUE}-${account}`;
}

/** Routes each campaign's lanes to the queue of the account it is sent from. */
export class AccountQueues implements CampaignQueue {
  private readonly queues = new Map<string, BullCampaignQueue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
    private readonly lanes: number,
    private readonly store: Pick<Store, 'campaigns'>,
    defaultQueue: BullCampaignQueue,
  ) {
    this.queues.set(DEFAULT_ACCOUNT, defaultQueue);
  }

  /** The lane queue of `account` (made on first use). */
  forAccount(account: string): BullCampaignQueue {
    let queue = this.queues.get(account);
    if (!queue) {
      queue = new BullCampaignQueue(this.connection, this.prefix, this.lanes, queueNameOf(account));
      this.queues.set(account, queue);
    }
    return queue;
  }

  async start(campaignId: string, generation: number): Promise<void> {
    const campaign = await this.store.campaigns.get(campaignId);
    await this.forAccount(campaign?.account ?? DEFAULT_ACCOUNT).start(campaignId, generation);
  }

  async depth(): Promise<number> {
    let total = 0;
    for (const queue of this.queues.values()) total += await queue.depth();
    return total;
  }

  /** Closes the queues this router made (the default one belongs to the app). */
  async close(): Promise<void> {
    for (const [account, queue] of this.queues) if (account !== DEFAULT_ACCOUNT) await queue.close();
  }
}
