/**
 * Where the alerts about a campaign were posted, per chat surface, so their Resume / Cancel buttons can be taken
 * off once the campaign is no longer paused (resumed, cancelled or ended). Kept in the store's key-value table,
 * shared by every process; an entry expires with the alert's usefulness.
 */
import type { AdminAlert, KeyValueRepository } from './ports.js';
import type { Surface } from './types.js';

const NAMESPACE = 'campaign.alertMessages';
const KEEP_MS = 30 * 24 * 3600_000;

/** One posted alert with buttons: its chat, its message (Telegram message id, Slack ts) and what it said. */
export interface AlertMessageRef {
  chatId: string;
  messageId: string;
  alert: AdminAlert;
}

export class AlertMessages {
  constructor(
    private readonly kv: KeyValueRepository,
    private readonly surface: Surface,
  ) {}

  /** Remembers an alert posted about `campaignId` with buttons. */
  async add(campaignId: string, ref: AlertMessageRef): Promise<void> {
    const refs = await this.list(campaignId);
    await this.kv.set(NAMESPACE, this.key(campaignId), JSON.stringify([...refs, ref]), KEEP_MS);
  }

  /** The alerts with buttons posted about `campaignId`, forgotten as they are handed out (each is settled once). */
  async take(campaignId: string): Promise<AlertMessageRef[]> {
    const refs = await this.list(campaignId);
    if (refs.length > 0) await this.kv.delete(NAMESPACE, this.key(campaignId));
    return refs;
  }

  private async list(campaignId: string): Promise<AlertMessageRef[]> {
    const raw = await this.kv.get(NAMESPACE, this.key(campaignId));
    return raw ? (JSON.parse(raw) as AlertMessageRef[]) : [];
  }

  private key(campaignId: string): string {
    return `${this.surface}:${campaignId}`;
  }
}
