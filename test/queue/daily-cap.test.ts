import { describe, expect, it } from 'vitest';
import { dailyCapFor } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';

describe('daily cap per account', () => {
  it('uses the lower NEW_ACCOUNT_DAILY_CAP while the linked account is new, DAILY_CAP otherwise', () => {
    const config = loadConfig({ DAILY_CAP: '200', NEW_ACCOUNT_DAILY_CAP: '50' });
    expect(dailyCapFor(config, true)).toBe(50);
    expect(dailyCapFor(config, false)).toBe(200);
    expect(dailyCapFor(loadConfig({ DAILY_CAP: '0', NEW_ACCOUNT_DAILY_CAP: '50' }), true)).toBe(50);
    expect(dailyCapFor(loadConfig({ DAILY_CAP: '30', NEW_ACCOUNT_DAILY_CAP: '50' }), true)).toBe(30);
    expect(dailyCapFor(loadConfig({ DAILY_CAP: '200', NEW_ACCOUNT_DAILY_CAP: '0' }), true)).toBe(200);
  });
});
