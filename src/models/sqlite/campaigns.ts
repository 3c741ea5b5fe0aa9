import type { CampaignListQuery, CampaignPatch, CampaignRepository } from '../../campaigns/ports.js';
import type {
  Actor,
  Audience,
  Campaign,
  CampaignCounts,
  CampaignStatus,
  MediaRef,
  NewCampaign,
  ProgressMessageRef,
  WhatsAppTemplateSpec,
} from '../../campaigns/types.js';
import { yieldToEventLoop } from '../../campaigns/yield.js';
import { newShortId } from '../ids.js';
import { dateOf, fromMs, parseJson, toMs, type Statements } from './db.js';

/** Recipients counted per statement by recomputeCounts (a few ms each). */
export const RECOUNT_SLICE = 5_000;
/** Sliced counts attempted before recomputeCounts counts in one transaction (a campaign that keeps changing). */
const RECOUNT_TRIES = 3;
/** What every counted change moves: a counter (increments only) and updated_at. */
const VERSION = 'updated_at, count_total, count_sent, count_failed, count_skipped, count_unknown, count_delivered, count_read, count_replied';

interface CampaignRow {
  id: string;
  title: string;
  template: string;
  media: string | null;
  whatsapp_template: string | null;
  audience: string;
  status: CampaignStatus;
  count_total: number;
  count_sent: number;
  count_failed: number;
  count_skipped: number;
  count_unknown: number;
  count_delivered: number;
  count_read: number;
  /** Added by migration 3; absent only in rows read through an older SELECT list. */
  count_replied?: number;
  origin: string;
  progress_messages: string;
  status_reason: string | null;
  retry_of: string | null;
  schedule_id: string | null;
  idempotency_key: string | null;
  account: string;
  created_at: number;
  started_at: number | null;
  sent_at: number | null;
  updated_at: number;
}

const COUNTERS: (keyof CampaignCounts)[] = ['total', 'sent', 'failed', 'skipped', 'unknown', 'delivered', 'read', 'replied'];

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    title: row.title,
    template: row.template,
    media: parseJson<MediaRef>(row.media),
    whatsappTemplate: parseJson<WhatsAppTemplateSpec>(row.whatsapp_template),
    audience: JSON.parse(row.audience) as Audience,
    status: row.status,
    counts: {
      total: row.count_total,
      sent: row.count_sent,
      failed: row.count_failed,
      skipped: row.count_skipped,
      unknown: row.count_unknown,
      delivered: row.count_delivered,
      read: row.count_read,
      replied: row.count_replied ?? 0,
    },
    origin: JSON.parse(row.origin) as Actor,
    progressMessages: JSON.parse(row.progress_messages) as ProgressMessageRef[],
    statusReason: row.status_reason,
    retryOf: row.retry_of,
    scheduleId: row.schedule_id,
    idempotencyKey: row.idempotency_key,
    account: row.account,
    createdAt: dateOf(row.created_at),
    startedAt: fromMs(row.started_at),
    sentAt: fromMs(row.sent_at),
    updatedAt: dateOf(row.updated_at),
  };
}

const INSERT = `INSERT INTO campaigns (
    id, title, template, media, whatsapp_template, audience, status,
    count_total, count_sent, count_failed, count_skipped, count_unknown, count_delivered, count_read, count_replied,
    origin, progress_messages, status_reason, retry_of, schedule_id, idempotency_key, account, created_at, updated_at)
  VALUES (
    @id, @title, @template, @media, @whatsappTemplate, @audience, @status,
    @total, @sent, @failed, @skipped, @unknown, @delivered, @read, @replied,
    @origin, @progressMessages, @statusReason, @retryOf, @scheduleId, @idempotencyKey, @account, @now, @now)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING *`;

// One statement for every patch shape: a `has*` flag tells whether a nullable field is part of the patch,
// and a null counter keeps the stored value. `onlyIf` is a JSON array of statuses (null = any status).
const UPDATE = `UPDATE campaigns SET
    status = COALESCE(@status, status),
    status_reason = CASE WHEN @hasStatusReason THEN @statusReason ELSE status_reason END,
    started_at = CASE WHEN @hasStartedAt THEN @startedAt ELSE started_at END,
    sent_at = CASE WHEN @hasSentAt THEN @sentAt ELSE sent_at END,
    count_total = COALESCE(@total, count_total),
    count_sent = COALESCE(@sent, count_sent),
    count_failed = COALESCE(@failed, count_failed),
    count_skipped = COALESCE(@skipped, count_skipped),
    count_unknown = COALESCE(@unknown, count_unknown),
    count_delivered = COALESCE(@delivered, count_delivered),
    count_read = COALESCE(@read, count_read),
    count_replied = COALESCE(@replied, count_replied),
    updated_at = @now
  WHERE id = @id AND (@onlyIf IS NULL OR status IN (SELECT value FROM json_each(@onlyIf)))
  RETURNING *`;

const MAX_ID_ATTEMPTS = 5;

/** Recipients removed per statement when a campaign is deleted. */
export const DELETE_BATCH = 5000;

/** Campaigns in SQLite; status transitions are single conditional UPDATEs, race-free across processes. */
export class SqliteCampaigns implements CampaignRepository {
  constructor(private readonly st: Statements) {}

  async create(campaign: NewCampaign): Promise<{ campaign: Campaign; created: boolean }> {
    const params = {
      title: campaign.title,
      template: campaign.template,
      media: campaign.media ? JSON.stringify(campaign.media) : null,
      whatsappTemplate: campaign.whatsappTemplate ? JSON.stringify(campaign.whatsappTemplate) : null,
      audience: JSON.stringify(campaign.audience),
      status: campaign.status,
      ...campaign.counts,
      replied: campaign.counts.replied ?? 0,
      origin: JSON.stringify(campaign.origin),
      progressMessages: JSON.stringify(campaign.progressMessages ?? []),
      statusReason: campaign.statusReason,
      retryOf: campaign.retryOf,
      scheduleId: campaign.scheduleId,
      idempotencyKey: campaign.idempotencyKey,
      account: campaign.account ?? 'default',
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const row = this.st.get(INSERT).get({ ...params, id: newShortId(), now: Date.now() }) as
          CampaignRow | undefined;
        if (row) return { campaign: toCampaign(row), created: true };
        const existing = campaign.idempotencyKey ? await this.findByIdempotencyKey(campaign.idempotencyKey) : null;
        if (!existing)
          throw new Error(
            `campaign insert was ignored without an idempotency conflict (key ${campaign.idempotencyKey})`,
          );
        return { campaign: existing, created: false };
      } catch (error) {
        // A random id that is already taken (about one in 10^11): draw another.
        const code = (error as { code?: string }).code;
        if (code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' || attempt >= MAX_ID_ATTEMPTS) throw error;
      }
    }
  }

  async get(id: string): Promise<Campaign | null> {
    const row = this.st.get('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
    return row ? toCampaign(row) : null;
  }

  async findByIdempotencyKey(key: string): Promise<Campaign | null> {
    const row = this.st.get('SELECT * FROM campaigns WHERE idempotency_key = ?').get(key) as CampaignRow | undefined;
    return row ? toCampaign(row) : null;
  }

  async list(query: CampaignListQuery = {}): Promise<Campaign[]> {
    const rows = this.st
      .get(
        `SELECT * FROM campaigns
         WHERE (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
           AND (@scheduleId IS NULL OR schedule_id = @scheduleId)
           AND (@account IS NULL OR account = @account)
         ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`,
      )
      .all({
        statuses: query.status ? JSON.stringify(query.status) : null,
        scheduleId: query.scheduleId ?? null,
        account: query.account ?? null,
        limit: query.limit ?? -1,
        offset: query.offset ?? 0,
      }) as CampaignRow[];
    return rows.map(toCampaign);
  }

  async update(id: string, patch: CampaignPatch, onlyIf?: CampaignStatus[]): Promise<Campaign | null> {
    const counts: Record<string, number | null> = {};
    for (const key of COUNTERS) counts[key] = patch.counts?.[key] ?? null;
    const row = this.st.get(UPDATE).get({
      id,
      now: Date.now(),
      onlyIf: onlyIf ? JSON.stringify(onlyIf) : null,
      status: patch.status ?? null,
      hasStatusReason: patch.statusReason !== undefined ? 1 : 0,
      statusReason: patch.statusReason ?? null,
      hasStartedAt: patch.startedAt !== undefined ? 1 : 0,
      startedAt: toMs(patch.startedAt),
      hasSentAt: patch.sentAt !== undefined ? 1 : 0,
      sentAt: toMs(patch.sentAt),
      ...counts,
    }) as CampaignRow | undefined;
    return row ? toCampaign(row) : null;
  }

  async addProgressMessage(id: string, ref: ProgressMessageRef): Promise<void> {
    const value = JSON.stringify({ surface: ref.surface, chatId: ref.chatId, messageId: ref.messageId });
    this.st
      .get(
        `UPDATE campaigns SET progress_messages = json_insert(progress_messages, '$[#]', json(@value)), updated_at = @now
         WHERE id = @id AND NOT EXISTS (
           SELECT 1 FROM json_each(progress_messages) m
           WHERE m.value ->> 'surface' = @surface AND m.value ->> 'chatId' = @chatId AND m.value ->> 'messageId' = @messageId)`,
      )
      .run({ id, value, now: Date.now(), surface: ref.surface, chatId: ref.chatId, messageId: ref.messageId });
  }

  async delete(id: string): Promise<void> {
    const { st } = this;
    // Recipients in batches, each its own short write transaction, so a million-recipient campaign never holds
    // the write lock for long; the campaign row goes last (a crash in between leaves a campaign to delete again).
    for (;;) {
      const removed = st
        .get(
          `DELETE FROM recipients WHERE id IN (
             SELECT id FROM recipients INDEXED BY recipients_campaign WHERE campaign_id = ? LIMIT ${DELETE_BATCH})`,
        )
        .run(id).changes;
      if (removed < DELETE_BATCH) break;
      await yieldToEventLoop();
    }
    st.get('DELETE FROM campaigns WHERE id = ?').run(id);
  }

  async recomputeCounts(id: string): Promise<Campaign | null> {
    // Counted in slices with the event loop given back between them (one statement over a million recipients
    // blocked it for most of a second), then written only if no counted change landed meanwhile: every such
    // change adds to a counter in the same transaction, so unchanged counters and updated_at prove the slices
    // saw one state. A campaign still busy after a few tries is counted in one transaction as before.
    for (let attempt = 0; attempt < RECOUNT_TRIES; attempt++) {
      const before = this.st.get(`SELECT ${VERSION} FROM campaigns WHERE id = ?`).get(id) as Record<string, number> | undefined;
      if (!before) return null;
      const counts = await this.countInSlices(id);
      const row = this.st.write(
        () =>
          this.st
            .get(
              `UPDATE campaigns SET count_total = @total, count_sent = @sent, count_failed = @failed,
                 count_skipped = @skipped, count_unknown = @unknown, count_delivered = @delivered, count_read = @read,
                 count_replied = @replied, updated_at = @now
               WHERE id = @id AND (${VERSION}) = (${VERSION.split(', ').map((c) => `@v_${c}`).join(', ')})
               RETURNING *`,
            )
            .get({ ...counts, id, now: Date.now(), ...Object.fromEntries(Object.entries(before).map(([k, v]) => [`v_${k}`, v])) }) as
            | CampaignRow
            | undefined,
      );
      if (row) return toCampaign(row);
    }
    // One IMMEDIATE transaction: no result can land between the count and the write.
    const row = this.st.write(
      () =>
        this.st
          .get(
            `UPDATE campaigns SET
               (count_total, count_sent, count_failed, count_skipped, count_unknown, count_delivered, count_read, count_replied) = (
                 SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE status = 'sent'),
                   COUNT(*) FILTER (WHERE status = 'failed'),
                   COUNT(*) FILTER (WHERE status = 'skipped'),
                   COUNT(*) FILTER (WHERE status = 'unknown'),
                   COUNT(delivered_at),
                   COUNT(read_at),
                   COUNT(replied_at)
                 FROM recipients INDEXED BY recipients_campaign WHERE campaign_id = @id),
               updated_at = @now
             WHERE id = @id
             RETURNING *`,
          )
          .get({ id, now: Date.now() }) as CampaignRow | undefined,
    );
    return row ? toCampaign(row) : null;
  }

  /** The campaign's counts from its recipients, RECOUNT_SLICE rows per statement in id order, yielding between. */
  private async countInSlices(id: string): Promise<CampaignCounts> {
    const counts: CampaignCounts = { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0, replied: 0 };
    for (let after = 0; ; ) {
      const slice = this.st
        .get(
          `SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE status = 'sent') AS sent,
             COUNT(*) FILTER (WHERE status = 'failed') AS failed, COUNT(*) FILTER (WHERE status = 'skipped') AS skipped,
             COUNT(*) FILTER (WHERE status = 'unknown') AS unknown, COUNT(delivered_at) AS delivered,
             COUNT(read_at) AS read, COUNT(replied_at) AS replied, MAX(id) AS last
           FROM (SELECT id, status, delivered_at, read_at, replied_at FROM recipients INDEXED BY recipients_campaign
                 WHERE campaign_id = @id AND id > @after ORDER BY id LIMIT ${RECOUNT_SLICE})`,
        )
        .get({ id, after }) as CampaignCounts & { last: number | null };
      for (const key of Object.keys(counts) as (keyof CampaignCounts)[]) counts[key] = (counts[key] ?? 0) + (slice[key] ?? 0);
      if (slice.last === null || slice.total < RECOUNT_SLICE) return counts;
      after = slice.last;
      await yieldToEventLoop();
    }
  }
}
