/**
 * The Slack Web API down for a while mid-campaign, two ways: answering 503, and refusing connections (the
 * socket destroyed unanswered). Sending goes on, the progress message (chat.update) catches up once Slack is
 * back, and exactly one summary is posted to SLACK_ADMIN_CHANNEL. The summary meets the outage on its own too:
 * the API stays down for the outage's length after it was tried. Each outage lasts 3 s here and 60 s under `npm run test:faults`.
 */
import { describe, expect, it } from 'vitest';
import type { Outage } from '../fakes/slack-api.js';
import { seedCustomers } from '../helpers/seed.js';
import { ADMIN_CHANNEL, progressCounts, sendViaModal, startSlackHarness, updatesOf } from '../bots/slack/harness.js';
import { LONG, waitUntil } from './harness.js';
import { sleep } from '../helpers/wait.js';

const OUTAGE_MS = LONG ? 60_000 : 3_000;
const TOTAL = LONG ? 1500 : 80;

async function campaignThrough(outage: Outage): Promise<void> {
  const h = await startSlackHarness({ DRY_RUN_LATENCY_MS: '25', CAMPAIGN_LANES: '1', PROGRESS_INTERVAL_MS: '300' });
  await seedCustomers(h.test.app, TOTAL);
  const sent = await sendViaModal(h, { title: 'Outage', message: 'Halo {{name}}' });
  await waitUntil('a first progress update', () => updatesOf(h, sent.channel, sent.ts).some((c) => c.result?.ok === true), 60_000);

  h.fake.down(outage);
  const downAt = h.fake.calls.length;
  const sentBefore = h.test.outbox().length;
  // The campaign finishes during the outage, so its final update and its summary must wait for Slack too.
  await h.test.waitForCampaign(sent.campaignId, ['completed'], 120_000);
  const summaryTried = () => h.fake.calls.slice(downAt).some((c) => c.method === 'chat.postMessage' && c.args.channel === ADMIN_CHANNEL);
  await waitUntil('the summary meeting the outage', summaryTried, 60_000);
  // Down for another while after the summary's first try, longer than the client's own retries.
  await sleep(OUTAGE_MS);
  expect(h.test.outbox().length).toBeGreaterThan(sentBefore);
  const met = h.fake.calls.slice(downAt).filter((c) => c.outage !== undefined);
  expect(met.some((c) => c.method === 'chat.update')).toBe(true);
  expect(met.some((c) => c.method === 'chat.postMessage' && c.args.channel === ADMIN_CHANNEL)).toBe(true);
  h.fake.up();

  const lastUpdate = () => updatesOf(h, sent.channel, sent.ts).filter((c) => c.result?.ok === true).at(-1);
  await waitUntil('the progress message at 100 %', () => progressCounts(String(lastUpdate()?.args.text ?? ''))?.sent === TOTAL, 60_000);
  const summaries = () => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === ADMIN_CHANNEL && c.result?.ok === true);
  await waitUntil('the summary', () => summaries().length > 0, 120_000);
  // Give a duplicate every chance to show up.
  await sleep(2000);
  expect(summaries()).toHaveLength(1);
  // Counts from 1,000 up carry a thousands separator.
  expect(String(summaries()[0]?.args.text).replace(/(\d)[.,](\d{3})/g, '$1$2')).toContain(`Sent: ${TOTAL}, Failed: 0`);
  expect(h.test.outbox()).toHaveLength(TOTAL);
}

describe('fault: the Slack Web API is down for a while', () => {
  it(`Slack 503 for ${OUTAGE_MS / 1000} s mid-campaign: sending continues, progress catches up, one summary`, async () => {
    await campaignThrough({ status: 503 });
  }, LONG ? 400_000 : 120_000);

  it(`Slack refusing connections for ${OUTAGE_MS / 1000} s mid-campaign: sending continues, progress catches up, one summary`, async () => {
    await campaignThrough('refuse');
  }, LONG ? 400_000 : 120_000);
});
