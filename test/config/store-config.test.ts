/**
 * Store-only commands read DATA_DIR, MONGODB_URI, LOG_LEVEL and BOT_LOCALE without the full schema; for those keys
 * they must accept, reject and resolve exactly what `loadConfig` does.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { loadStoreConfig } from '../../src/config/store-config.js';

const STORE_KEYS = ['DATA_DIR', 'SQLITE_PATH', 'MONGODB_URI', 'LOG_LEVEL', 'BOT_LOCALE'] as const;

/** The keys ConfigError names for `env`, or the store keys' values when it is accepted. */
function outcome(load: () => Record<string, unknown>): { bad: string[] } | { values: Record<string, unknown> } {
  try {
    const config = load();
    return { values: Object.fromEntries(STORE_KEYS.map((k) => [k, config[k]])) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { bad: error.problems.map((p) => p.key).sort() };
  }
}

const cases: Record<string, string | undefined>[] = [
  {},
  { DATA_DIR: '/tmp/bb' },
  { DATA_DIR: 'relative/data', LOG_LEVEL: 'debug', BOT_LOCALE: 'en' },
  { DATA_DIR: '  /tmp/padded  ', LOG_LEVEL: ' warn ' },
  { DATA_DIR: '   ', LOG_LEVEL: '' },
  { MONGODB_URI: 'mongodb://localhost:27017/bb' },
  { MONGODB_URI: 'mongodb+srv://user:secret@cluster.example/bb' },
  { MONGODB_URI: 'http://localhost:27017' },
  { MONGODB_URI: 'not a url' },
  { LOG_LEVEL: 'verbose' },
  { BOT_LOCALE: 'fr' },
  { LOG_LEVEL: 'loud', BOT_LOCALE: 'xx', MONGODB_URI: 'redis://x' },
];

describe('store-only configuration', () => {
  it.each(cases)('agrees with the full schema for %j', (env) => {
    expect(outcome(() => ({ ...loadStoreConfig(env, '/work') }))).toEqual(outcome(() => ({ ...loadConfig(env, '/work') })));
  });

  it('rejects the keys it reads, naming each without its value', () => {
    let error: unknown;
    try {
      loadStoreConfig({ MONGODB_URI: 'http://user:hunter2@db', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('MONGODB_URI: expected a URL starting with mongodb:// or mongodb+srv://');
    expect(message).toContain('LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent');
    expect(message).not.toContain('hunter2');
  });
});
