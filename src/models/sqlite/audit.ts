import { REFUSAL_THROTTLE_MS, type AuditRepository } from '../../campaigns/ports.js';
import type { Actor, AuditEvent, NewAuditEvent } from '../../campaigns/types.js';
import { dateOf, type Statements } from './db.js';

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditEvent['outcome'];
  detail: string | null;
}

function toEvent(row: AuditRow): AuditEvent {
  return {
    id: String(row.id),
    at: dateOf(row.at),
    actor: JSON.parse(row.actor) as Actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    detail: row.detail,
  };
}

/** Lists return at most this many events unless a limit is given. */
const DEFAULT_LIMIT = 100;

/** The audit trail in SQLite: who did what, from where, with which outcome. */
export class SqliteAudit implements AuditRepository {
  constructor(private readonly st: Statements) {}

  async record(event: NewAuditEvent): Promise<AuditEvent> {
    const at = (event.at ?? new Date()).getTime();
    if (event.outcome === 'refused') {
      // The (at) index bounds this to the last minute's rows.
      const earlier = this.st
        .get(
          `SELECT * FROM audit_events
           WHERE at > @since AND outcome = 'refused' AND detail IS @detail
             AND json_extract(actor, '$.surface') = @surface AND json_extract(actor, '$.userId') = @userId
           ORDER BY at DESC LIMIT 1`,
        )
        .get({ since: at - REFUSAL_THROTTLE_MS, detail: event.detail, surface: event.actor.surface, userId: event.actor.userId }) as
        | AuditRow
        | undefined;
      if (earlier) return toEvent(earlier);
    }
    const row = this.st
      .get(
        `INSERT INTO audit_events (at, actor, action, target, outcome, detail)
         VALUES (@at, @actor, @action, @target, @outcome, @detail) RETURNING *`,
      )
      .get({
        at,
        actor: JSON.stringify(event.actor),
        action: event.action,
        target: event.target,
        outcome: event.outcome,
        detail: event.detail,
      }) as AuditRow;
    return toEvent(row);
  }

  async prune(before: Date): Promise<number> {
    return this.st.get('DELETE FROM audit_events WHERE at < @before').run({ before: before.getTime() }).changes;
  }

  async list(query: { limit?: number; action?: string; outcome?: AuditEvent['outcome'] } = {}): Promise<AuditEvent[]> {
    const rows = this.st
      .get(
        `SELECT * FROM audit_events
         WHERE (@action IS NULL OR action = @action) AND (@outcome IS NULL OR outcome = @outcome)
         ORDER BY at DESC, id DESC LIMIT @limit`,
      )
      .all({
        action: query.action ?? null,
        outcome: query.outcome ?? null,
        limit: query.limit ?? DEFAULT_LIMIT,
      }) as AuditRow[];
    return rows.map(toEvent);
  }
}
