import { afterEach, describe, expect, it } from 'vitest';
import { assess, hasLink, hasOptOutHint, RISK_RULES, type RiskFacts } from '../../src/campaigns/risk-rules.js';
import { daysAtCap, describeRisk, riskJson } from '../../src/campaigns/risk-report.js';
import { formatDuration } from '../../src/i18n/index.js';
import { seedCustomers } from '../helpers/seed.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { dropPrefix } from '../schedules/fixtures/redis-cleanup.js';
import { EXPECTED_RISK, RISK_ENV, RISK_MESSAGE, seedRiskStore } from './fixtures/risk-seed.js';

let t: TestApp | undefined;
afterEach(async () => {
  if (!t) return;
  await t.close();
  await dropPrefix(t.app.redis.url, t.app.prefix);
  t = undefined;
});

const calm: RiskFacts = {
  recipients: 10,
  cold: 0,
  unchecked: 0,
  recentlyMessaged: 0,
  emptyVariables: 0,
  daysAtCap: 1,
  newChatsRemaining: null,
  noVariables: false,
  hasLink: false,
  noOptOutHint: false,
  cloudApi: false,
};

describe('the risk rules table', () => {
  it('is low when no rule applies, medium or high by the most serious rule that does', () => {
    expect(assess(calm)).toEqual({ level: 'low', reasons: [] });
    expect(assess({ ...calm, recentlyMessaged: 1 }).level).toBe('medium');
    expect(assess({ ...calm, cold: 5 }).reasons.map((r) => r.code)).toEqual(['mostly_cold']);
    expect(assess({ ...calm, cold: 4 }).level).toBe('low');
    expect(assess({ ...calm, cold: 1, hasLink: true }).level).toBe('high');
    expect(assess({ ...calm, cold: 3, newChatsRemaining: 2 }).reasons.map((r) => r.code)).toEqual(['over_new_chat_quota']);
    expect(new Set(RISK_RULES.map((r) => r.code)).size).toBe(RISK_RULES.length);
  });

  it('leaves out the cold and unchecked rules for a Cloud API number, and keeps the others', () => {
    const cold = { ...calm, cold: 10, unchecked: 10, hasLink: true };
    expect(assess(cold).reasons.map((r) => r.code)).toEqual(['mostly_cold', 'link_to_cold', 'mostly_unchecked']);
    expect(assess({ ...cold, cloudApi: true })).toEqual({ level: 'low', reasons: [] });
    const cloud = { ...cold, cloudApi: true, recentlyMessaged: 1, noOptOutHint: true, daysAtCap: 2, newChatsRemaining: 3 };
    expect(assess(cloud).reasons.map((r) => r.code)).toEqual(['over_new_chat_quota', 'recently_messaged', 'no_opt_out_hint', 'several_days']);
  });

  it('finds links and opt-out hints in the message', () => {
    expect(hasLink('lihat https://x.co/a')).toBe(true);
    expect(hasLink('cek bit.ly/promo sekarang')).toBe(true);
    expect(hasLink('Halo {{name}}, sampai jumpa.')).toBe(false);
    expect(hasOptOutHint('Balas STOP untuk berhenti', ['STOP'])).toBe(true);
    expect(hasOptOutHint('Ketik berhenti langganan', ['BERHENTI LANGGANAN'])).toBe(true);
    expect(hasOptOutHint('Jangan stopkontak', ['STOP'])).toBe(false);
  });

  it('counts days at the cap from what is left today', () => {
    expect(daysAtCap(9, 4, 0)).toBe(3);
    expect(daysAtCap(9, 4, 4)).toBe(3);
    expect(daysAtCap(4, 4, 0)).toBe(1);
    expect(daysAtCap(5, 4, 3)).toBe(2);
    expect(daysAtCap(9, 0, 0)).toBe(0);
  });
});

describe('the risk report of a seeded store', () => {
  it('gives the exact figures, level and reasons, without creating a campaign', async () => {
    t = await startTestApp(RISK_ENV, { withWorker: false });
    await seedRiskStore(t.app);
    const before = (await t.app.store.campaigns.list()).length;
    const preview = await t.app.campaigns.preview({ title: 'Promo', template: RISK_MESSAGE, audience: { kind: 'tags', tags: ['vip'] } });
    const json = riskJson(preview.risk, 'en');
    const { codes, ...figures } = EXPECTED_RISK;
    expect(json).toMatchObject(figures);
    expect(json.reasons.map((r) => r.code)).toEqual(codes);
    expect(json.reasons[0]?.text).toBe('the message has a link and goes to 4 recipients never messaged before');
    expect(Object.keys(json)).toEqual([
      'recipients', 'removed', 'cold', 'unchecked', 'recentlyMessaged', 'emptyVariables', 'etaSeconds', 'daysAtCap', 'level', 'reasons',
    ]);
    expect((await t.app.store.campaigns.list()).length).toBe(before);

    // With an opt-out hint, a variable for everyone and no link, the same audience is only medium.
    const kinder = await t.app.campaigns.preview({
      title: 'Promo',
      template: 'Halo {{name|Kak}}, diskon 20%. Balas STOP untuk berhenti.',
      audience: { kind: 'tags', tags: ['vip'] },
    });
    expect(kinder.risk.level).toBe('medium');
    expect(kinder.risk.reasons.map((r) => r.code)).toEqual(['recently_messaged', 'several_days', 'mostly_unchecked']);
  });
});

describe('the estimated time in the risk lines', () => {
  it('reads the same as the duration line of the preview, also under a second', async () => {
    t = await startTestApp({ SEND_RATE_PER_MINUTE: '4800' }, { withWorker: false });
    await seedCustomers(t.app, 3);
    const preview = await t.app.campaigns.preview({ title: 'Promo', template: 'Halo {{name}}', audience: { kind: 'all' } });
    for (const locale of ['id', 'en'] as const) {
      const shown = formatDuration(locale, preview.estimatedDurationMs);
      expect(shown).toBe(locale === 'id' ? '<1 d' : '<1s');
      expect(describeRisk(locale, preview.risk)[1]).toContain(shown);
    }
  });
});
