import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/broadcast-bot.js', ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });

describe('broadcast-bot command line', () => {
  it('exits 2 naming the bad key when the configuration is invalid', () => {
    const result = cli(['config', 'check'], { SEND_RATE_PER_MINUTE: 'lots', DATA_DIR: '/tmp/bb-cli' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('SEND_RATE_PER_MINUTE: expected a whole number');
  });

  it('prints the configuration with secrets redacted', () => {
    const result = cli(['config', 'check'], { TELEGRAM_BOT_TOKEN: '123456:AAEexampleexampleexampleexample', DATA_DIR: '/tmp/bb-cli' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('TELEGRAM_BOT_TOKEN=[redacted]');
    expect(result.stdout).not.toContain('AAEexample');
  });

  it('exits 2 with usage for an unknown command and bad campaign usage', () => {
    expect(cli(['frobnicate']).status).toBe(2);
    const bad = cli(['campaigns', 'create', '--title', 'x'], { DATA_DIR: '/tmp/bb-cli' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--message is required');
  });
});
