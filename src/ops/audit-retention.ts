/**
 * Keeps the audit log to AUDIT_RETENTION_DAYS: prunes older events at start and then every hour, so a long-running
 * service (and a stream of refused strangers) cannot grow the table without bound.
 */
import type { App, Service } from '../app-types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes audit events older than the retention; returns how many went. */
export async function pruneAudit(app: App, now = new Date()): Promise<number> {
  return app.store.audit.prune(new Date(now.getTime() - app.config.AUDIT_RETENTION_DAYS * DAY_MS));
}

/** Starts the periodic pruning (first run right away); stop() ends it. */
export function startAuditPruning(app: App, intervalMs = 60 * 60 * 1000): Service {
  const log = app.logger.child({ component: 'audit-retention' });
  const run = () =>
    void pruneAudit(app)
      .then((deleted) => {
        if (deleted > 0) log.info({ deleted, days: app.config.AUDIT_RETENTION_DAYS }, 'pruned old audit events');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'could not prune the audit log; will try again'));
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    name: 'audit-retention',
    async stop() {
      clearInterval(timer);
    },
  };
}
