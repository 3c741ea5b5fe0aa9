import type { NotificationRepository } from '../../campaigns/ports.js';
import type { StoredNotification } from '../../campaigns/types.js';
import { dateOf, type Statements } from './db.js';

interface NotificationRow {
  id: number;
  at: number;
  campaign_id: string | null;
  kind: string;
  text: string;
}

function toNotification(row: NotificationRow): StoredNotification {
  return { id: String(row.id), at: dateOf(row.at), campaignId: row.campaign_id, kind: row.kind, text: row.text };
}

/** Lists return at most this many notifications unless a limit is given. */
const DEFAULT_LIMIT = 100;

/** Stored notifications (completion summaries, alerts) in SQLite, most recent first. */
export class SqliteNotifications implements NotificationRepository {
  constructor(private readonly st: Statements) {}

  async add(notification: Omit<StoredNotification, 'id' | 'at'> & { at?: Date }): Promise<StoredNotification> {
    const row = this.st
      .get('INSERT INTO notifications (at, campaign_id, kind, text) VALUES (?, ?, ?, ?) RETURNING *')
      .get(
        (notification.at ?? new Date()).getTime(),
        notification.campaignId,
        notification.kind,
        notification.text,
      ) as NotificationRow;
    return toNotification(row);
  }

  async list(query: { campaignId?: string; limit?: number } = {}): Promise<StoredNotification[]> {
    const rows = this.st
      .get(
        `SELECT * FROM notifications WHERE (@campaignId IS NULL OR campaign_id = @campaignId)
         ORDER BY at DESC, id DESC LIMIT @limit`,
      )
      .all({ campaignId: query.campaignId ?? null, limit: query.limit ?? DEFAULT_LIMIT }) as NotificationRow[];
    return rows.map(toNotification);
  }
}
