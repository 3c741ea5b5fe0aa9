import type { ScheduleRepository } from '../../campaigns/ports.js';
import type { Actor, CampaignDraftSpec, NewSchedule, Schedule, ScheduleKind } from '../../campaigns/types.js';
import { newShortId } from '../ids.js';
import { dateOf, fromMs, toMs, type Statements } from './db.js';

interface ScheduleRow {
  id: string;
  name: string;
  draft: string;
  account: string;
  kind: ScheduleKind;
  at: number | null;
  cron: string | null;
  timezone: string;
  enabled: number;
  created_by: string;
  last_run_at: number | null;
  last_campaign_id: string | null;
  last_outcome: string | null;
  next_run_at: number | null;
  created_at: number;
  updated_at: number;
}

function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    name: row.name,
    draft: { ...(JSON.parse(row.draft) as CampaignDraftSpec), account: row.account },
    kind: row.kind,
    at: fromMs(row.at),
    cron: row.cron,
    timezone: row.timezone,
    enabled: row.enabled === 1,
    createdBy: JSON.parse(row.created_by) as Actor,
    lastRunAt: fromMs(row.last_run_at),
    lastCampaignId: row.last_campaign_id,
    lastOutcome: row.last_outcome,
    nextRunAt: fromMs(row.next_run_at),
    createdAt: dateOf(row.created_at),
    updatedAt: dateOf(row.updated_at),
  };
}

function toParams(s: NewSchedule) {
  return {
    name: s.name,
    draft: JSON.stringify(s.draft),
    account: s.draft.account ?? 'default',
    kind: s.kind,
    at: toMs(s.at),
    cron: s.cron,
    timezone: s.timezone,
    enabled: s.enabled ? 1 : 0,
    createdBy: JSON.stringify(s.createdBy),
    lastRunAt: toMs(s.lastRunAt),
    lastCampaignId: s.lastCampaignId,
    lastOutcome: s.lastOutcome,
    nextRunAt: toMs(s.nextRunAt),
  };
}

const INSERT = `INSERT INTO schedules (id, name, draft, account, kind, at, cron, timezone, enabled, created_by,
    last_run_at, last_campaign_id, last_outcome, next_run_at, created_at, updated_at)
  VALUES (@id, @name, @draft, @account, @kind, @at, @cron, @timezone, @enabled, @createdBy,
    @lastRunAt, @lastCampaignId, @lastOutcome, @nextRunAt, @now, @now)
  RETURNING *`;

const UPDATE = `UPDATE schedules SET name = @name, draft = @draft, account = @account, kind = @kind, at = @at, cron = @cron,
    timezone = @timezone, enabled = @enabled, created_by = @createdBy, last_run_at = @lastRunAt,
    last_campaign_id = @lastCampaignId, last_outcome = @lastOutcome, next_run_at = @nextRunAt, updated_at = @now
  WHERE id = @id RETURNING *`;

const MAX_ID_ATTEMPTS = 5;

/** Campaign schedules (one-off and cron) in SQLite. */
export class SqliteSchedules implements ScheduleRepository {
  constructor(private readonly st: Statements) {}

  async create(schedule: NewSchedule): Promise<Schedule> {
    for (let attempt = 1; ; attempt++) {
      try {
        const row = this.st
          .get(INSERT)
          .get({ ...toParams(schedule), id: newShortId(), now: Date.now() }) as ScheduleRow;
        return toSchedule(row);
      } catch (error) {
        // A random id that is already taken: draw another.
        const code = (error as { code?: string }).code;
        if (code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' || attempt >= MAX_ID_ATTEMPTS) throw error;
      }
    }
  }

  async get(id: string): Promise<Schedule | null> {
    const row = this.st.get('SELECT * FROM schedules WHERE id = ?').get(id) as ScheduleRow | undefined;
    return row ? toSchedule(row) : null;
  }

  async list(query: { enabled?: boolean } = {}): Promise<Schedule[]> {
    const enabled = query.enabled === undefined ? null : query.enabled ? 1 : 0;
    const rows = this.st
      .get('SELECT * FROM schedules WHERE (@enabled IS NULL OR enabled = @enabled) ORDER BY created_at, rowid')
      .all({ enabled }) as ScheduleRow[];
    return rows.map(toSchedule);
  }

  async update(id: string, patch: Partial<Omit<Schedule, 'id' | 'createdAt' | 'updatedAt'>>): Promise<Schedule | null> {
    const { st } = this;
    // Read-merge-write inside the write lock, so two processes patching different fields both win.
    return st.write(() => {
      const row = st.get('SELECT * FROM schedules WHERE id = ?').get(id) as ScheduleRow | undefined;
      if (!row) return null;
      const merged: NewSchedule = { ...toSchedule(row), ...withoutUndefined(patch) };
      const updated = st.get(UPDATE).get({ ...toParams(merged), id, now: Date.now() }) as ScheduleRow;
      return toSchedule(updated);
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.st.get('DELETE FROM schedules WHERE id = ?').run(id).changes === 1;
  }
}

/** The patch without keys explicitly set to undefined (which would erase stored values on spread). */
function withoutUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
