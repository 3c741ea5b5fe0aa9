import { PassThrough } from 'node:stream';
import type { InlineKeyboard } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns as campaignsCommand } from '../../src/bots/console/commands/campaigns.js';
import { UsageError, type CliContext } from '../../src/bots/console/context.js';
import { ACTIONS, progressMessage, summaryMessage } from '../../src/bots/slack/blocks.js';
import { campaignKeyboard, progressKeyboard, summaryKeyboard } from '../../src/bots/telegram/keyboards.js';
import { allowedActions, CONTROL_ACTIONS, type ControlAction } from '../../src/campaigns/actions.js';
import { buildProgressView } from '../../src/campaigns/progress-view.js';
import type { Campaign, CampaignStatus } from '../../src/campaigns/types.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const STATUSES: CampaignStatus[] = ['awaiting_approval', 'pending', 'processing', 'paused', 'completed', 'failed', 'cancelled'];
const CASES = STATUSES.flatMap((status) => [0, 2].map((failed) => ({ status, failed })));

let t: TestApp;
beforeAll(async () => {
  // No worker: the campaigns stay in the status the test gives them.
  t = await startTestApp({}, { withWorker: false });
});
afterAll(async () => {
  await t.close();
});

async function stored(status: CampaignStatus, failed: number): Promise<Campaign> {
  const { campaign } = await t.app.store.campaigns.create({
    title: `${status} ${failed}`,
    template: 'Halo',
    media: null,
    audience: { kind: 'all' },
    status,
    counts: { total: 4, sent: 4 - failed, failed, skipped: 0, unknown: 0, delivered: 0, read: 0 },
    origin: { surface: 'cli', userId: 'tester' },
    statusReason: null,
    retryOf: null,
    scheduleId: null,
    idempotencyKey: null,
  });
  return campaign;
}

/** The controls a Telegram keyboard offers (callback data `cmp:<action>:<id>`). */
function telegramControls(keyboard: InlineKeyboard | undefined): string[] {
  const rows = keyboard?.inline_keyboard ?? [];
  // Keyboards never contain empty rows.
  for (const row of rows) expect(row.length).toBeGreaterThan(0);
  return rows
    .flat()
    .map((b) => /^cmp:(\w+):/.exec('callback_data' in b ? b.callback_data : '')?.[1] ?? '')
    .filter((a): a is ControlAction => (CONTROL_ACTIONS as readonly string[]).includes(a));
}

/** The controls a Slack message offers (action ids mapped back to the action). */
function slackControls(blocks: { type: string; elements?: { action_id?: string }[] }[]): string[] {
  const byId = new Map(Object.entries(ACTIONS).map(([action, id]) => [id as string, action]));
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => byId.get(e.action_id ?? '') ?? ''))
    .filter((a) => (CONTROL_ACTIONS as readonly string[]).includes(a));
}

/** Which of `campaigns pause|resume|cancel|retry ID` the CLI accepts (a refusal is a UsageError, exit 2). */
async function cliAccepts(status: CampaignStatus, failed: number): Promise<string[]> {
  const accepted: string[] = [];
  for (const action of CONTROL_ACTIONS) {
    // Each command gets its own campaign: an accepted one changes the status.
    const campaign = await stored(status, failed);
    const ctx: CliContext = {
      args: [action, campaign.id],
      env: t.env,
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      actor: { surface: 'cli', userId: 'tester' },
      openApp: async () => t.app,
      openStore: async () => t.app,
    };
    try {
      expect(await campaignsCommand(ctx)).toBe(0);
      accepted.push(action);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(new RegExp(`campaigns ${action}: campaign ${campaign.id} `));
    }
  }
  return accepted;
}

describe('one table of allowed actions, the same on every surface (issue 11, build 3 and 6, defect 6)', () => {
  it('states what each status allows', async () => {
    const c = (status: CampaignStatus, failed: number) => ({ status, counts: { failed, unknown: 0 } });
    expect(allowedActions(c('processing', 0))).toEqual(['pause', 'cancel']);
    expect(allowedActions(c('pending', 0))).toEqual(['pause', 'cancel']);
    expect(allowedActions(c('paused', 2))).toEqual(['resume', 'cancel']);
    expect(allowedActions(c('completed', 0))).toEqual([]);
    expect(allowedActions(c('completed', 2))).toEqual(['retry']);
    expect(allowedActions(c('cancelled', 2))).toEqual(['retry']);
  });

  it.each(CASES)('$status with $failed failed: Telegram keyboards, Slack blocks and the CLI equal allowedActions', async ({ status, failed }) => {
    const campaign = await stored(status, failed);
    const expected = allowedActions(campaign);
    const view = buildProgressView(campaign, 0);
    for (const locale of ['id', 'en'] as const) {
      expect(telegramControls(progressKeyboard(view, locale))).toEqual(expected);
      expect(telegramControls(campaignKeyboard(campaign, locale))).toEqual(expected);
      expect(slackControls(progressMessage(view, locale).blocks as never)).toEqual(expected);
      if (view.final) {
        expect(telegramControls(summaryKeyboard(campaign, locale))).toEqual(expected);
        const summary = { campaign, retryOfTitle: null, scheduleName: null, durationMs: 1000, failures: [] };
        expect(slackControls(summaryMessage(summary, locale).blocks as never)).toEqual(expected);
      }
    }
    expect(await cliAccepts(status, failed)).toEqual(expected);
  });
});
