/**
 * Campaign recipients in SQLite: the engine's hot path. Every method is one prepared statement or one
 * small IMMEDIATE transaction; claims (`claim` token + `in_flight` flag) make sending exactly-once-or-unknown
 * across worker processes sharing the file.
 */
import type { DeliveryReceipt, RecipientRepository, RecipientStatusCounts } from '../../campaigns/ports.js';
import type { CampaignRecipient, NewRecipient, RecipientResult, RecipientStatus } from '../../campaigns/types.js';
import { yieldToEventLoop } from '../../campaigns/yield.js';
import { dateOf, fromMs, type Statements } from './db.js';

interface RecipientRow {
  id: number;
  campaign_id: string;
  customer_id: string | null;
  phone: string;
  variables: string;
  status: RecipientStatus;
  attempts: number;
  error_code: string | null;
  error_text: string | null;
  message_id: string | null;
  next_attempt_at: number | null;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  replied_at: number | null;
  updated_at: number;
}

type ReceiptRow = Pick<RecipientRow, 'id' | 'campaign_id' | 'delivered_at' | 'read_at'>;

function toRecipient(row: RecipientRow): CampaignRecipient {
  return {
    id: String(row.id),
    campaignId: row.campaign_id,
    customerId: row.customer_id,
    phone: row.phone,
    variables: JSON.parse(row.variables) as Record<string, string>,
    status: row.status,
    attempts: row.attempts,
    errorCode: row.error_code,
    errorText: row.error_text,
    messageId: row.message_id,
    nextAttemptAt: fromMs(row.next_attempt_at),
    sentAt: fromMs(row.sent_at),
    deliveredAt: fromMs(row.delivered_at),
    readAt: fromMs(row.read_at),
    repliedAt: fromMs(row.replied_at),
    updatedAt: dateOf(row.updated_at),
  };
}

/** The rowid behind a recipient id; ids that are not ours match nothing. */
function rowId(id: string): number {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : -1;
}

/** Stored on recipients recorded `unknown` because their send was in flight when its lane died. */
export const INTERRUPTED_CODE = 'interrupted';
const INTERRUPTED_TEXT = 'The send was in progress when its worker stopped; it may or may not have been delivered.';

/**
 * Rows per insert transaction: a few ms of work each, so storing a large audience never blocks the event loop
 * for long, while the transactions stay large enough that commits (and their WAL pages) are few.
 */
const INSERT_SLICE = 500;

/** Rows of a campaign a filtered list walks per statement (a few ms), yielding between windows. */
export const LIST_WINDOW = 5_000;

const COLUMNS = `id, campaign_id, customer_id, phone, variables, status, attempts, error_code, error_text, message_id,
  next_attempt_at, sent_at, delivered_at, read_at, replied_at, updated_at`;

const CLAIM = `UPDATE recipients SET claim = @token, in_flight = 0, updated_at = @now
  WHERE id IN (
    SELECT id FROM recipients
    WHERE campaign_id = @campaignId AND status = 'pending' AND claim IS NULL
      AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
    ORDER BY id LIMIT @limit)
  RETURNING ${COLUMNS}`;

// The claim check in every result statement is what makes stale or repeated results harmless.
const RESULT_SENT = `UPDATE recipients SET status = 'sent', message_id = @messageId, sent_at = @at,
    error_code = NULL, error_text = NULL, next_attempt_at = NULL,
    attempts = attempts + 1, claim = NULL, in_flight = 0, updated_at = @now
  WHERE id = @id AND campaign_id = @campaignId AND claim = @token`;
const RESULT_FINAL = `UPDATE recipients SET status = @status, error_code = @errorCode, error_text = @errorText,
    next_attempt_at = NULL, attempts = attempts + 1, claim = NULL, in_flight = 0, updated_at = @now
  WHERE id = @id AND campaign_id = @campaignId AND claim = @token`;
const RESULT_RETRY = `UPDATE recipients SET status = 'pending', error_code = @errorCode, error_text = @errorText,
    next_attempt_at = @nextAttemptAt, attempts = attempts + @attempted, claim = NULL, in_flight = 0, updated_at = @now
  WHERE id = @id AND campaign_id = @campaignId AND claim = @token`;

const ADD_COUNTS = `UPDATE campaigns SET
    count_sent = count_sent + @sent, count_failed = count_failed + @failed,
    count_skipped = count_skipped + @skipped, count_unknown = count_unknown + @unknown, updated_at = @now
  WHERE id = @campaignId`;

// With a journal (`@handed` a JSON list of row ids) only the sends that started count as in flight.
const HANDED = `(@handed IS NULL OR id IN (SELECT value FROM json_each(@handed)))`;

// `@token = '*'` selects every claim of the campaign (recovery when no lane can be running).
const CLAIM_MATCH = `campaign_id = @campaignId AND status = 'pending' AND claim IS NOT NULL AND (@token = '*' OR claim = @token)`;

export class SqliteRecipients implements RecipientRepository {
  constructor(private readonly st: Statements) {}

  async insertMany(campaignId: string, recipients: NewRecipient[]): Promise<void> {
    // Slices of INSERT_SLICE rows, one short transaction each, with the event loop given back between them.
    for (let start = 0; start < recipients.length; start += INSERT_SLICE) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      this.insertSlice(campaignId, recipients.slice(start, start + INSERT_SLICE));
    }
  }

  private insertSlice(campaignId: string, recipients: NewRecipient[]): void {
    const { st } = this;
    st.write(() => {
      const now = Date.now();
      const total = st
        .get('UPDATE campaigns SET count_total = count_total + ?, updated_at = ? WHERE id = ?')
        .run(recipients.length, now, campaignId);
      if (total.changes === 0) {
        throw new Error(`Cannot add recipients: campaign ${campaignId} does not exist. Create the campaign first.`);
      }
      const insert = st.get(
        `INSERT INTO recipients (campaign_id, customer_id, phone, variables, updated_at) VALUES (?, ?, ?, ?, ?)`,
      );
      for (const r of recipients) insert.run(campaignId, r.customerId, r.phone, JSON.stringify(r.variables), now);
    });
  }

  async claimBatch(campaignId: string, token: string, limit: number, now: Date): Promise<CampaignRecipient[]> {
    if (limit <= 0) return [];
    const { st } = this;
    const rows = st.write(() => st.get(CLAIM).all({ campaignId, token, now: now.getTime(), limit }) as RecipientRow[]);
    // RETURNING gives no order guarantee; lanes send in id order.
    return rows.sort((a, b) => a.id - b.id).map(toRecipient);
  }

  async markInFlight(recipientId: string, token: string): Promise<boolean> {
    const result = this.st
      .get(
        `UPDATE recipients SET in_flight = 1, updated_at = ?
         WHERE id = ? AND claim = ? AND status = 'pending' AND in_flight = 0`,
      )
      .run(Date.now(), rowId(recipientId), token);
    return result.changes === 1;
  }

  async markInFlightMany(recipientIds: string[], token: string): Promise<Set<string>> {
    const { st } = this;
    const marked = new Set<string>();
    if (recipientIds.length === 0) return marked;
    st.write(() => {
      const mark = st.get(
        `UPDATE recipients SET in_flight = 1, updated_at = ?
         WHERE id = ? AND claim = ? AND status = 'pending' AND in_flight = 0`,
      );
      const now = Date.now();
      for (const id of recipientIds) if (mark.run(now, rowId(id), token).changes === 1) marked.add(id);
    });
    return marked;
  }

  async recordResults(campaignId: string, token: string, results: RecipientResult[]): Promise<void> {
    if (results.length === 0) return;
    const { st } = this;
    st.write(() => {
      const now = Date.now();
      const delta = { sent: 0, failed: 0, skipped: 0, unknown: 0 };
      for (const result of results) {
        const base = { id: rowId(result.recipientId), campaignId, token, now };
        let applied: number;
        if (result.status === 'sent') {
          applied = st.get(RESULT_SENT).run({ ...base, messageId: result.messageId, at: result.at.getTime() }).changes;
        } else if (result.status === 'retry') {
          applied = st.get(RESULT_RETRY).run({
            ...base,
            errorCode: result.errorCode,
            errorText: result.errorText,
            nextAttemptAt: result.nextAttemptAt.getTime(),
            attempted: result.attempted === false ? 0 : 1,
          }).changes;
          continue; // a retry is not an outcome yet: no counter moves
        } else {
          applied = st
            .get(RESULT_FINAL)
            .run({ ...base, status: result.status, errorCode: result.errorCode, errorText: result.errorText }).changes;
        }
        if (applied === 1) delta[result.status]++;
      }
      if (delta.sent + delta.failed + delta.skipped + delta.unknown > 0) {
        st.get(ADD_COUNTS).run({ ...delta, now, campaignId });
      }
    });
  }

  async releaseClaims(
    campaignId: string,
    token: string,
    inFlightPolicy: 'unknown' | 'resend',
    handed?: readonly string[],
  ): Promise<{ released: number; unknown: number }> {
    const { st } = this;
    return st.write(() => {
      const now = Date.now();
      const params = { campaignId, token, now, handed: handed ? JSON.stringify(handed.map(rowId)) : null };
      let unknown = 0;
      let released = 0;
      if (inFlightPolicy === 'unknown') {
        unknown = st
          .get(
            `UPDATE recipients SET status = 'unknown', error_code = @code, error_text = @text,
               attempts = attempts + 1, claim = NULL, in_flight = 0, updated_at = @now
             WHERE ${CLAIM_MATCH} AND in_flight = 1 AND ${HANDED}`,
          )
          .run({ ...params, code: INTERRUPTED_CODE, text: INTERRUPTED_TEXT }).changes;
        if (unknown > 0) {
          st.get(ADD_COUNTS).run({ sent: 0, failed: 0, skipped: 0, unknown, now, campaignId });
        }
      } else {
        // Resending an interrupted send counts as an attempt, so MAX_SEND_ATTEMPTS still bounds it.
        released += st
          .get(
            `UPDATE recipients SET attempts = attempts + 1, claim = NULL, in_flight = 0, updated_at = @now
             WHERE ${CLAIM_MATCH} AND in_flight = 1 AND ${HANDED}`,
          )
          .run(params).changes;
      }
      released += st
        .get(`UPDATE recipients SET claim = NULL, in_flight = 0, updated_at = @now WHERE ${CLAIM_MATCH}`)
        .run(params).changes;
      return { released, unknown };
    });
  }

  async claimTokens(campaignId: string): Promise<string[]> {
    return this.st
      .get(`SELECT DISTINCT claim FROM recipients WHERE campaign_id = ? AND status = 'pending' AND claim IS NOT NULL`)
      .pluck()
      .all(campaignId) as string[];
  }

  async countByStatus(campaignId: string): Promise<RecipientStatusCounts> {
    const counts: RecipientStatusCounts = {
      pending: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      unknown: 0,
      claimed: 0,
      inFlight: 0,
    };
    const rows = this.st
      .get(
        `SELECT status, COUNT(*) AS n, COUNT(claim) AS claimed FROM recipients
         WHERE campaign_id = ? GROUP BY status`,
      )
      .all(campaignId) as { status: RecipientStatus; n: number; claimed: number }[];
    for (const row of rows) {
      counts[row.status] = row.n;
      counts.claimed += row.claimed;
    }
    if (counts.claimed > 0) {
      counts.inFlight = this.st
        .get(
          `SELECT COUNT(*) FROM recipients
           WHERE campaign_id = ? AND status = 'pending' AND claim IS NOT NULL AND in_flight = 1`,
        )
        .pluck()
        .get(campaignId) as number;
    }
    return counts;
  }

  async activity(campaignId: string): Promise<{ pending: boolean; claimed: boolean }> {
    // Two EXISTS look-ups on recipients_claim (campaign, status, claim): they stop at the first match.
    const row = this.st
      .get(
        `SELECT EXISTS (SELECT 1 FROM recipients WHERE campaign_id = @campaignId AND status = 'pending') AS pending,
                EXISTS (SELECT 1 FROM recipients WHERE campaign_id = @campaignId AND status = 'pending'
                          AND claim IS NOT NULL) AS claimed`,
      )
      .get({ campaignId }) as { pending: number; claimed: number };
    return { pending: row.pending === 1, claimed: row.claimed === 1 };
  }

  async nextRetryAt(campaignId: string): Promise<Date | null> {
    const ms = this.st
      .get(
        `SELECT MIN(next_attempt_at) FROM recipients
         WHERE campaign_id = ? AND status = 'pending' AND claim IS NULL AND next_attempt_at IS NOT NULL`,
      )
      .pluck()
      .get(campaignId) as number | null;
    return fromMs(ms);
  }

  async list(
    campaignId: string,
    query: { status?: RecipientStatus[]; limit?: number; afterId?: string } = {},
  ): Promise<CampaignRecipient[]> {
    const limit = query.limit ?? -1;
    let after = query.afterId === undefined ? 0 : rowId(query.afterId);
    if (!query.status) {
      // Every row matches: the statement stops after `limit` rows (callers page by 1,000).
      const rows = this.st
        .get(`SELECT ${COLUMNS} FROM recipients INDEXED BY recipients_campaign WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?`)
        .all(campaignId, after, limit) as RecipientRow[];
      return rows.map(toRecipient);
    }
    // With a status filter, one statement could walk the whole campaign before it finds `limit` matches (a
    // summary's 20 failures at the end of a million rows: over a second on the event loop). The walk is cut into
    // windows of LIST_WINDOW rows, in id order along recipients_campaign (the status index would need a sort of
    // every match), yielding between windows.
    const statuses = JSON.stringify(query.status);
    const found: RecipientRow[] = [];
    for (;;) {
      const end = this.st
        .get(
          `SELECT MAX(id) AS last, COUNT(*) AS n FROM (SELECT id FROM recipients INDEXED BY recipients_campaign
             WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ${LIST_WINDOW})`,
        )
        .get(campaignId, after) as { last: number | null; n: number };
      if (end.last === null) break;
      const rows = this.st
        .get(
          `SELECT ${COLUMNS} FROM recipients INDEXED BY recipients_campaign
           WHERE campaign_id = @campaignId AND id > @after AND id <= @end AND status IN (SELECT value FROM json_each(@statuses))
           ORDER BY id LIMIT @limit`,
        )
        .all({ campaignId, after, end: end.last, statuses, limit: limit < 0 ? -1 : limit - found.length }) as RecipientRow[];
      found.push(...rows);
      if ((limit >= 0 && found.length >= limit) || end.n < LIST_WINDOW) break;
      after = end.last;
      await yieldToEventLoop();
    }
    return found.map(toRecipient);
  }

  async sendHistory(phones: string[], since: Date): Promise<{ contacted: Set<string>; recent: Set<string> }> {
    const contacted = new Set<string>();
    const recent = new Set<string>();
    if (phones.length === 0) return { contacted, recent };
    // Through the indexes receipts use (no index that every send would have to update): a customer's
    // recipients by customer id, and numbers that were no customer when sent by number.
    const list = JSON.stringify(phones);
    const rows = this.st
      .get(
        `SELECT c.phone AS phone, MAX(r.sent_at) AS last
           FROM customers c JOIN recipients r INDEXED BY recipients_customer ON r.customer_id = CAST(c.id AS TEXT)
          WHERE c.phone IN (SELECT value FROM json_each(@list)) AND r.sent_at IS NOT NULL GROUP BY c.phone
         UNION ALL
         SELECT phone, MAX(sent_at) AS last FROM recipients INDEXED BY recipients_stranger
          WHERE customer_id IS NULL AND phone IN (SELECT value FROM json_each(@list)) AND sent_at IS NOT NULL
          GROUP BY phone`,
      )
      .all({ list }) as { phone: string; last: number }[];
    for (const row of rows) {
      contacted.add(row.phone);
      if (row.last >= since.getTime()) recent.add(row.phone);
    }
    return { contacted, recent };
  }

  async first(campaignId: string): Promise<CampaignRecipient | null> {
    const row = this.st
      .get(`SELECT ${COLUMNS} FROM recipients INDEXED BY recipients_campaign WHERE campaign_id = ? ORDER BY id LIMIT 1`)
      .get(campaignId) as RecipientRow | undefined;
    return row ? toRecipient(row) : null;
  }

  async recordReceipt(receipt: DeliveryReceipt): Promise<{ campaignId: string } | null> {
    const { st } = this;
    return st.write(() => {
      const row = this.receiptRow(receipt.phone, receipt.messageId);
      if (!row) return null;
      // A read receipt implies delivery; each is counted the first time only.
      const delivered = row.delivered_at === null ? 1 : 0;
      const read = receipt.kind === 'read' && row.read_at === null ? 1 : 0;
      if (delivered + read > 0) {
        const ms = receipt.at.getTime();
        st.get(
          `UPDATE recipients SET delivered_at = COALESCE(delivered_at, @at),
             read_at = CASE WHEN @read = 1 THEN @at ELSE read_at END, updated_at = @now WHERE id = @id`,
        ).run({ at: ms, read, now: Date.now(), id: row.id });
        st.get(
          `UPDATE campaigns SET count_delivered = count_delivered + @delivered, count_read = count_read + @read,
             updated_at = @now WHERE id = @campaignId`,
        ).run({ delivered, read, now: Date.now(), campaignId: row.campaign_id });
      }
      return { campaignId: row.campaign_id };
    });
  }

  /**
   * The recipient a receipt is for: among the customer's recipients (newest first, through recipients_customer),
   * then among recipients with that number and no customer (a pasted number, which may have become a customer
   * since, e.g. by opting out). Either way only that number's few rows are read, never an index by message id.
   */
  private receiptRow(phone: string, messageId: string): ReceiptRow | undefined {
    const { st } = this;
    const customerId = st.get('SELECT id FROM customers WHERE phone = ?').pluck().get(phone) as number | undefined;
    const byCustomer =
      customerId === undefined
        ? undefined
        : (st
            .get(
              `SELECT id, campaign_id, delivered_at, read_at FROM recipients INDEXED BY recipients_customer
               WHERE customer_id = @customerId AND message_id = @messageId ORDER BY id DESC LIMIT 1`,
            )
            .get({ customerId: String(customerId), messageId }) as ReceiptRow | undefined);
    return (
      byCustomer ??
      (st
        .get(
          `SELECT id, campaign_id, delivered_at, read_at FROM recipients INDEXED BY recipients_stranger
           WHERE customer_id IS NULL AND phone = @phone AND message_id = @messageId ORDER BY id DESC LIMIT 1`,
        )
        .get({ phone, messageId }) as ReceiptRow | undefined)
    );
  }

  async lastSentTo(phone: string, since: Date, account?: string): Promise<CampaignRecipient | null> {
    // Through the receipts' indexes (a customer's recipients, or a number's that is no customer): an index on the
    // send time would be written by every send. Only this number's few rows are read.
    const { st } = this;
    const ofAccount = account === undefined ? '' : 'AND campaign_id IN (SELECT id FROM campaigns WHERE account = @account)';
    const customerId = st.get('SELECT id FROM customers WHERE phone = ?').pluck().get(phone) as number | undefined;
    const byCustomer =
      customerId === undefined
        ? undefined
        : (st
            .get(
              `SELECT ${COLUMNS} FROM recipients INDEXED BY recipients_customer
               WHERE customer_id = @customerId AND sent_at >= @since ${ofAccount} ORDER BY sent_at DESC LIMIT 1`,
            )
            .get({ customerId: String(customerId), since: since.getTime(), ...(account === undefined ? {} : { account }) }) as RecipientRow | undefined);
    const byNumber = st
      .get(
        `SELECT ${COLUMNS} FROM recipients INDEXED BY recipients_stranger
         WHERE customer_id IS NULL AND phone = @phone AND sent_at >= @since ${ofAccount} ORDER BY sent_at DESC LIMIT 1`,
      )
      .get({ phone, since: since.getTime(), ...(account === undefined ? {} : { account }) }) as RecipientRow | undefined;
    const latest = [byCustomer, byNumber].filter((row): row is RecipientRow => row !== undefined).sort((a, b) => (b.sent_at ?? 0) - (a.sent_at ?? 0))[0];
    return latest ? toRecipient(latest) : null;
  }

  async recordReply(recipientId: string, at: Date): Promise<boolean> {
    const { st } = this;
    return st.write(() => {
      const row = st
        .get('UPDATE recipients SET replied_at = @at, updated_at = @now WHERE id = @id AND replied_at IS NULL RETURNING campaign_id')
        .get({ at: at.getTime(), now: Date.now(), id: rowId(recipientId) }) as { campaign_id: string } | undefined;
      if (!row) return false;
      st.get('UPDATE campaigns SET count_replied = count_replied + 1, updated_at = @now WHERE id = @campaignId').run({
        now: Date.now(),
        campaignId: row.campaign_id,
      });
      return true;
    });
  }

  async recordLateFailure(receipt: DeliveryReceipt, errorCode: string, errorText: string): Promise<{ campaignId: string } | null> {
    const { st } = this;
    return st.write(() => {
      const row = this.receiptRow(receipt.phone, receipt.messageId);
      if (!row) return null;
      // Conditional on `sent`: a repeated report (or one for a recipient already failed) changes nothing.
      const changed = st
        .get(
          `UPDATE recipients SET status = 'failed', error_code = @errorCode, error_text = @errorText, updated_at = @now
           WHERE id = @id AND status = 'sent'`,
        )
        .run({ id: row.id, errorCode, errorText, now: Math.max(Date.now(), receipt.at.getTime()) }).changes;
      if (changed > 0) {
        st.get(
          `UPDATE campaigns SET count_sent = count_sent - 1, count_failed = count_failed + 1, updated_at = @now
           WHERE id = @campaignId`,
        ).run({ now: Date.now(), campaignId: row.campaign_id });
      }
      return { campaignId: row.campaign_id };
    });
  }

  async skipPhones(campaignId: string, phones: string[], errorCode: string, errorText: string): Promise<number> {
    if (phones.length === 0) return 0;
    const { st } = this;
    return st.write(() => {
      const now = Date.now();
      // Claimed-but-not-in-flight recipients may be skipped too: their lane's markInFlight then fails, so no send.
      const skipped = st
        .get(
          `UPDATE recipients SET status = 'skipped', error_code = @errorCode, error_text = @errorText,
             next_attempt_at = NULL, claim = NULL, in_flight = 0, updated_at = @now
           WHERE campaign_id = @campaignId AND status = 'pending' AND in_flight = 0
             AND phone IN (SELECT value FROM json_each(@phones))`,
        )
        .run({ campaignId, errorCode, errorText, now, phones: JSON.stringify(phones) }).changes;
      if (skipped > 0) st.get(ADD_COUNTS).run({ sent: 0, failed: 0, skipped, unknown: 0, now, campaignId });
      return skipped;
    });
  }
}
