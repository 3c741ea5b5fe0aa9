import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig, redactedConfig } from '../../src/config/env.js';

describe('configuration', () => {
  it('applies the documented defaults and resolves paths under DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/bb' });
    expect(config).toMatchObject({
      DATA_DIR: '/tmp/bb',
      SQLITE_PATH: '/tmp/bb/broadcast.db',
      DRY_RUN_OUTBOX: '/tmp/bb/outbox.jsonl',
      BOT_LOCALE: 'id',
      DEFAULT_COUNTRY: 'ID',
      PROGRESS_INTERVAL_MS: 3000,
      SEND_RATE_PER_MINUTE: 15,
      WHATSAPP_DRIVER: 'auto',
      TELEGRAM_ADMIN_IDS: [],
    });
  });

  it('parses lists and numbers', () => {
    const config = loadConfig({ TELEGRAM_ADMIN_IDS: '11, 22', SLACK_ALLOWED_USERS: 'U1ABC,S2DEF', TELEGRAM_ADMIN_CHAT_ID: '-100123' });
    expect(config.TELEGRAM_ADMIN_IDS).toEqual([11, 22]);
    expect(config.SLACK_ALLOWED_USERS).toEqual(['U1ABC', 'S2DEF']);
    expect(config.TELEGRAM_ADMIN_CHAT_ID).toBe(-100123);
  });

  it('names every bad key and the expected form', () => {
    let error: unknown;
    try {
      loadConfig({ SEND_RATE_PER_MINUTE: 'fast', BOT_LOCALE: 'fr', DEFAULT_COUNTRY: 'XX', DRY_RUN_FAIL_RATE: '2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.key).sort()).toEqual(['BOT_LOCALE', 'DEFAULT_COUNTRY', 'DRY_RUN_FAIL_RATE', 'SEND_RATE_PER_MINUTE']);
    expect((error as Error).message).toContain('SEND_RATE_PER_MINUTE: expected a whole number');
    expect((error as Error).message).toContain('BOT_LOCALE: expected one of id, en');
  });

  it('never echoes a secret value in an error or in the printed configuration', () => {
    const token = '123456:bad token with spaces that is secret';
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: token, SLACK_BOT_TOKEN: 'nope-secret' })).toThrow(ConfigError);
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: token, SLACK_BOT_TOKEN: 'nope-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
      expect((error as Error).message).toContain('TELEGRAM_BOT_TOKEN');
    }
    const shown = redactedConfig(loadConfig({ TELEGRAM_BOT_TOKEN: '123456:AAEexampleexampleexampleexample', REDIS_URL: 'redis://:pw@h:1' }));
    expect(shown.TELEGRAM_BOT_TOKEN).toBe('[redacted]');
    expect(shown.REDIS_URL).toBe('[redacted]');
  });

  it('documents every key in config/example.env and has a default or an optional value for each', () => {
    const example = readFileSync(new URL('../../config/example.env', import.meta.url), 'utf8');
    const missing = CONFIG_KEYS.filter((key) => !new RegExp(`^#?${key}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });
});
