/**
 * Store faults mid-campaign: the SQLite file cannot be written (SQLITE_FULL: the disk is full; SQLITE_BUSY:
 * locked past the busy timeout). A fault-injecting wrapper makes the recipient writes fail with better-sqlite3's
 * own error; the lane must stop cleanly, the campaign pause with a reason and an alert, nothing be sent twice, and
 * resume continue to the end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Store } from '../../src/campaigns/ports.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { outcome, waitUntil } from './harness.js';
import { sleep } from '../helpers/wait.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** Makes the store's recipient writes throw `code` while `on` is true. */
function injectFaults(store: Store, code: string): { on: boolean; thrown: number } {
  const fault = { on: false, thrown: 0 };
  const recipients = store.recipients;
  for (const name of ['recordResults', 'markInFlightMany', 'claimBatch', 'releaseClaims'] as const) {
    const original = recipients[name].bind(recipients) as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(recipients, name, {
      configurable: true,
      value: async (...args: unknown[]) => {
        if (fault.on) {
          fault.thrown++;
          throw new Database.SqliteError(code === 'SQLITE_FULL' ? 'database or disk is full' : 'database is locked', code);
        }
        return original(...args);
      },
    });
  }
  return fault;
}

describe('fault: the store cannot be written', () => {
  for (const code of ['SQLITE_FULL', 'SQLITE_BUSY']) {
    it(`${code} mid-campaign: pauses with a reason and an alert, sends nobody twice, and resume completes it`, async () => {
      t = await startTestApp({ DRY_RUN_LATENCY_MS: '1', RECONCILE_INTERVAL_MS: '1000' });
      const recorder = new RecordingNotifier();
      t.app.notifiers.register(recorder);
      await seedCustomers(t.app, 1500);
      const fault = injectFaults(t.app.store, code);
      const campaign = await t.app.campaigns.create({ title: 'disk', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
      const app = t;
      await waitUntil('some progress', async () => (await app.app.campaigns.get(campaign.id)).counts.sent >= 200);
      fault.on = true;
      await waitUntil('paused', async () => (await app.app.campaigns.get(campaign.id)).status === 'paused', 30_000);
      const paused = await t.app.campaigns.get(campaign.id);
      expect(paused.statusReason).toBe('store_unavailable');
      expect(fault.thrown).toBeGreaterThan(0);
      await waitUntil('the alert', () => recorder.alerts.some((a) => a.kind === 'campaign_paused' && a.campaignId === campaign.id), 10_000);
      // A send already handed to the sender when the pause landed may still finish (one per lane at most);
      // after that settles, nothing more goes out while paused.
      await sleep(300);
      const sentWhilePaused = t.outbox().length;
      await sleep(700);
      expect(t.outbox().length).toBe(sentWhilePaused);

      fault.on = false;
      await t.app.campaigns.resume(campaign.id, CLI_ACTOR);
      await t.waitForCampaign(campaign.id, ['completed'], 60_000);
      const result = await outcome(t, campaign.id);
      expect(result).toMatchObject({ total: 1500, duplicates: 0, pending: 0, sentMissingFromOutbox: 0 });
      // The lanes' results that could not be written were in their journals: nothing ends in doubt.
      expect(result).toMatchObject({ sent: 1500, unknown: 0 });
      expect(recorder.alerts.filter((a) => a.kind === 'campaign_paused' && a.campaignId === campaign.id)).toHaveLength(1);
    }, 120_000);
  }
});
