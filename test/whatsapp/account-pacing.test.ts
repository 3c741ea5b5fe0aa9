/** The pace and cap rules of a sender account (issue 16): own settings over the configuration's, Cloud limits. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { effectivePace, paceProblem, parsePaceValue } from '../../src/whatsapp/account-pacing.js';

const config = loadConfig({ SEND_RATE_PER_MINUTE: '20', SEND_JITTER_MS: '3000', DAILY_CAP: '200', NEW_ACCOUNT_DAILY_CAP: '50', CLOUD_SEND_PER_SECOND: '20' });
const none = { ratePerMinute: null, jitterMs: null, dailyCap: null };

describe('effectivePace', () => {
  it('takes each own setting over the configuration, and says where each figure comes from', () => {
    expect(effectivePace({ name: 'toko-b', driver: 'baileys', pace: none }, config)).toMatchObject({
      ratePerMinute: 20,
      jitterMs: 3000,
      dailyCap: 200,
      from: { rate: 'config', jitter: 'config', dailyCap: 'config' },
    });
    expect(effectivePace({ name: 'toko-b', driver: 'dry-run', pace: { ratePerMinute: 6, jitterMs: null, dailyCap: 500 } }, config)).toMatchObject({
      ratePerMinute: 6,
      jitterMs: 3000,
      dailyCap: 500,
      from: { rate: 'own', jitter: 'config', dailyCap: 'own' },
    });
  });

  it('lowers a newly linked Baileys number to NEW_ACCOUNT_DAILY_CAP, and keeps default on the configuration', () => {
    const pace = { ratePerMinute: 6, jitterMs: 0, dailyCap: 500 };
    expect(effectivePace({ name: 'toko-b', driver: 'baileys', pace }, config, { tierLimit: null, isNew: true })).toMatchObject({
      dailyCap: 50,
      from: { dailyCap: 'new' },
    });
    expect(effectivePace({ name: 'default', driver: 'baileys', pace }, config)).toMatchObject({ ratePerMinute: 20, dailyCap: 200 });
  });

  it("paces a Cloud number by CLOUD_SEND_PER_SECOND with its tier as the cap; its own cap only when lower", () => {
    const tier = { tierLimit: 1000, isNew: false };
    expect(effectivePace({ name: 'c', driver: 'cloud', pace: none }, config, tier)).toMatchObject({
      ratePerMinute: 1200,
      jitterMs: 0,
      dailyCap: 1000,
      from: { rate: 'config', dailyCap: 'tier' },
    });
    expect(effectivePace({ name: 'c', driver: 'cloud', pace: { ...none, dailyCap: 300 } }, config, tier)).toMatchObject({ dailyCap: 300, from: { dailyCap: 'own' } });
    expect(effectivePace({ name: 'c', driver: 'cloud', pace: { ...none, dailyCap: 5000 } }, config, tier)).toMatchObject({ dailyCap: 1000, from: { dailyCap: 'tier' } });
    expect(effectivePace({ name: 'c', driver: 'cloud', pace: { ...none, dailyCap: 0 } }, config, tier)).toMatchObject({ dailyCap: 1000 });
  });

  it("caps a Cloud number whose tier is not known at Meta's starting 250, not unlimited; TIER_UNLIMITED stays unlimited", () => {
    const unknown = { tierLimit: null, isNew: false };
    expect(effectivePace({ name: 'c', driver: 'cloud', pace: none }, config, unknown)).toMatchObject({ dailyCap: 250, from: { dailyCap: 'tier_unknown' } });
    expect(effectivePace({ name: 'c', driver: 'cloud', pace: { ...none, dailyCap: 100 } }, config, unknown)).toMatchObject({ dailyCap: 100, from: { dailyCap: 'own' } });
    expect(effectivePace({ name: 'c', driver: 'cloud', pace: none }, config, { tierLimit: 0, isNew: false })).toMatchObject({ dailyCap: 0, from: { dailyCap: 'tier' } });
  });
});

describe('pace settings as typed', () => {
  it('reads default, per-minute and per-second rates and whole numbers; rejects anything else', () => {
    expect(parsePaceValue('default', 'rate')).toBeNull();
    expect(parsePaceValue('1200', 'rate')).toBe(1200);
    expect(parsePaceValue('20/s', 'rate')).toBe(1200);
    expect(parsePaceValue('30/min', 'rate')).toBe(30);
    expect(parsePaceValue('0', 'count')).toBe(0);
    for (const bad of ['-1', '1.5', 'fast', '', '20/s']) expect(parsePaceValue(bad, 'count')).toBeUndefined();
    expect(parsePaceValue('20/h', 'rate')).toBeUndefined();
  });

  it('refuses a Cloud rate outside 1–80 a second, and rates or waits beyond the configuration bounds', () => {
    expect(paceProblem('cloud', { ...none, ratePerMinute: 80 * 60 })).toBeNull();
    expect(paceProblem('cloud', { ...none, ratePerMinute: 80 * 60 + 1 })).toEqual({ code: 'cloud_rate', option: '--rate' });
    expect(paceProblem('cloud', { ...none, ratePerMinute: 0 })).toEqual({ code: 'cloud_rate', option: '--rate' });
    expect(paceProblem('baileys', { ...none, ratePerMinute: 0 })).toBeNull();
    expect(paceProblem('baileys', { ...none, ratePerMinute: 100_001 })).toEqual({ code: 'rate_too_high', option: '--rate' });
    expect(paceProblem('dry-run', { ...none, jitterMs: 600_001 })).toEqual({ code: 'jitter_too_high', option: '--jitter-ms' });
    expect(paceProblem('dry-run', { ...none, dailyCap: -3 })).toEqual({ code: 'bad_pace', option: '--daily-cap' });
  });
});
