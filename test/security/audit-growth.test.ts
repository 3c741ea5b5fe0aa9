/** Issue 13, finding 12: the audit table is bounded (retention pruning, one refusal row per stranger per minute). */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/campaigns/types.js';
import { pruneAudit } from '../../src/ops/audit-retention.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let test: TestApp | null = null;
afterEach(async () => {
  await test?.close();
  test = null;
});

const stranger: Actor = { surface: 'telegram', userId: '424242', chatId: '424242' };
const refusal = (at: Date, actor: Actor = stranger) => ({
  actor,
  action: 'telegram.access',
  target: '/broadcast',
  outcome: 'refused' as const,
  detail: 'not in TELEGRAM_ADMIN_IDS',
  at,
});

describe('audit growth', () => {
  it('stores at most one refusal row per stranger per minute', async () => {
    test = await startTestApp({}, { withWorker: false });
    const audit = test.app.store.audit;
    const start = new Date('2026-03-01T10:00:00Z');
    for (let i = 0; i < 50; i++) await audit.record(refusal(new Date(start.getTime() + i * 1000)));
    await audit.record(refusal(new Date(start.getTime() + 5_000), { surface: 'telegram', userId: '777' }));
    await audit.record(refusal(new Date(start.getTime() + 61_000)));
    const rows = await audit.list({ outcome: 'refused', limit: 1000 });
    expect(rows.filter((r) => r.actor.userId === '424242')).toHaveLength(2);
    expect(rows.filter((r) => r.actor.userId === '777')).toHaveLength(1);
    // Successful actions are never merged.
    for (let i = 0; i < 3; i++) await audit.record({ actor: stranger, action: 'x', target: null, outcome: 'ok', detail: null, at: start });
    expect(await audit.list({ action: 'x' })).toHaveLength(3);
  });

  it('prunes events older than AUDIT_RETENTION_DAYS (default 180)', async () => {
    test = await startTestApp({}, { withWorker: false });
    expect(test.config.AUDIT_RETENTION_DAYS).toBe(180);
    const audit = test.app.store.audit;
    const now = new Date('2026-06-01T00:00:00Z');
    const day = 24 * 60 * 60 * 1000;
    await audit.record({ actor: stranger, action: 'old', target: null, outcome: 'ok', detail: null, at: new Date(now.getTime() - 181 * day) });
    await audit.record({ actor: stranger, action: 'recent', target: null, outcome: 'ok', detail: null, at: new Date(now.getTime() - 179 * day) });
    expect(await pruneAudit(test.app, now)).toBe(1);
    expect((await audit.list()).map((e) => e.action)).toEqual(['recent']);
  });
});
