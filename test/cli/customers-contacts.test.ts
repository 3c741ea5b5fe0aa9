/** `broadcast-bot customers import` with a vCard and a Windows-1252 CSV: the fixed summary, then how it was read. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/customers/${name}`, import.meta.url));
const tempDir = useTempDir();

function cli(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/broadcast-bot.js'), ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: dataDir,
        REDIS_URL: inject('redisUrl'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each run spawns a real process (tsx, SQLite, Redis): slow on a busy machine, so allow minutes, not seconds.
describe('broadcast-bot customers import of contacts files', { timeout: 180_000 }, () => {
  it('imports a vCard (rejected card by line and card number) and a Windows-1252 CSV, saying how each was read', async () => {
    const dataDir = tempDir();
    const vcf = await cli(dataDir, ['customers', 'import', fixture('contacts-2.1.vcf')]);
    expect(vcf.code, vcf.stderr).toBe(0);
    expect(vcf.stdout.trimEnd().split('\n')).toEqual([
      'imported 3 new, 0 updated, 0 unchanged, 1 rejected',
      'Recognised as vCard (.vcf).',
      'line 15 (card 3): Tanpa Nomor: no phone number',
    ]);

    const csv = await cli(dataDir, ['customers', 'import', fixture('windows-1252.csv')], { BOT_LOCALE: 'id' });
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.trimEnd().split('\n')).toEqual([
      'imported 2 new, 0 updated, 0 unchanged, 0 rejected',
      'Dibaca sebagai Windows-1252 (file bukan UTF-8): periksa apakah nama tampil benar.',
    ]);
    const list = await cli(dataDir, ['customers', 'list']);
    expect(list.stdout).toContain('José Ramírez');
    expect(list.stdout).toContain('François €uro');
  });
});
