import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, inject, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/customers/${name}`, import.meta.url));
const tempDir = useTempDir();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `broadcast-bot` executable with a temp DATA_DIR and the test Redis. */
function cli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/broadcast-bot.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, REDIS_URL: inject('redisUrl'), ...env },
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

const MESSY_OUTPUT = [
  'imported 4 new, 0 updated, 0 unchanged, 5 rejected',
  'line 6: 0812xx: contains letters',
  'line 9: 0812: not a valid number',
  'line 10: 021-555-1234: a landline cannot have WhatsApp',
  'line 13: no phone number',
  'line 15: 0878 1234 5678: has 6 fields but the header has 5 (a value with a comma needs quotes)',
];

// Each run spawns a real process (tsx, SQLite, Redis): slow on a busy machine, so allow minutes, not seconds.
describe('broadcast-bot customers', { timeout: 180_000 }, () => {
  it('imports the messy CSV, prints the summary and rejected rows, writes --errors, and re-imports as unchanged', async () => {
    const dataDir = tempDir();
    const errorsFile = join(dataDir, 'rejected.csv');
    const first = await cli(dataDir, ['customers', 'import', fixture('messy.csv'), '--errors', errorsFile]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trimEnd().split('\n')).toEqual(MESSY_OUTPUT);
    expect(first.stderr).toContain(`5 rejected rows written to ${errorsFile}`);
    expect(readFileSync(errorsFile, 'utf8').split('\r\n')).toEqual([
      'line,value,reason',
      '6,0812xx,contains letters',
      '9,0812,not a valid number',
      '10,021-555-1234,a landline cannot have WhatsApp',
      '13,,no phone number',
      '15,0878 1234 5678,has 6 fields but the header has 5 (a value with a comma needs quotes)',
      '',
    ]);

    const again = await cli(dataDir, ['customers', 'import', fixture('messy.csv')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe('imported 0 new, 0 updated, 4 unchanged, 5 rejected');
  });

  it('under BOT_LOCALE=id the rejected rows speak Indonesian while the summary line stays as scripts parse it', async () => {
    const dataDir = tempDir();
    const run = await cli(dataDir, ['customers', 'import', fixture('messy.csv')], { BOT_LOCALE: 'id' });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(MESSY_OUTPUT[0]);
    expect(lines[1]).toBe('baris 6: 0812xx: berisi huruf');
    expect(lines[4]).toMatch(/^baris 13: /);
    expect(lines.slice(1).some((line) => line.startsWith('line '))).toBe(false);
  });

  it('neutralises formula cells from the input in the --errors file (CSV injection, issue 13)', async () => {
    const dataDir = tempDir();
    const input = join(dataDir, 'hostile.csv');
    const errorsFile = join(dataDir, 'rejected.csv');
    writeFileSync(input, ['phone,name', "=cmd|' /C calc'!A0,Rina", '@SUM(A1),Budi', '+62 812 abc,Cici', '-2+3,Dodi', '0812xx,Eka', ''].join('\n'));
    const run = await cli(dataDir, ['customers', 'import', input, '--errors', errorsFile]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('imported 0 new, 0 updated, 0 unchanged, 5 rejected');
    const rows = parse(readFileSync(errorsFile, 'utf8'), { columns: true }) as { line: string; value: string }[];
    // Every value a spreadsheet would evaluate (= + - @) starts with an apostrophe; a plain value stays as it was.
    expect(rows.map((row) => [row.line, row.value])).toEqual([
      ['2', "'=cmd|' /C calc'!A0"],
      ['3', "'@SUM(A1)"],
      ['4', "'+62 812 abc"],
      ['5', "'-2+3"],
      ['6', '0812xx'],
    ]);
  });

  it('shows only the first 20 rejected rows and says how many more there are', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'bad.csv');
    const rows = Array.from({ length: 25 }, (_, i) => `bad${i}`);
    writeFileSync(file, ['phone', '0812-3456-7890', ...rows].join('\n'));
    const run = await cli(dataDir, ['customers', 'import', file]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('imported 1 new, 0 updated, 0 unchanged, 25 rejected');
    expect(lines.slice(1, 21)).toEqual(rows.slice(0, 20).map((value, i) => `line ${i + 3}: ${value}: contains letters`));
    expect(lines[21]).toBe('… and 5 more rejected rows (write them all with --errors FILE).');
    expect(lines).toHaveLength(22);
  });

  it('exits 2 naming the accepted columns when the CSV has no phone column, and 2 for a missing file', async () => {
    const dataDir = tempDir();
    const noPhone = await cli(dataDir, ['customers', 'import', fixture('no-phone.csv')]);
    expect(noPhone.code).toBe(2);
    expect(noPhone.stderr).toContain('no phone column');
    expect(noPhone.stderr).toContain('phone, nomor, no_hp, whatsapp, telepon, hp');
    expect(noPhone.stdout).toBe('');

    const missing = await cli(dataDir, ['customers', 'import', join(dataDir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no such file');
  });

  it('speaks Indonesian with BOT_LOCALE=id, keeping the summary line as the contract says', async () => {
    const dataDir = tempDir();
    const noPhone = await cli(dataDir, ['customers', 'import', fixture('no-phone.csv')], { BOT_LOCALE: 'id' });
    expect(noPhone.code).toBe(2);
    expect(noPhone.stderr).toContain('CSV tidak punya kolom nomor telepon');
    const run = await cli(dataDir, ['customers', 'import', fixture('semicolon.csv')], { BOT_LOCALE: 'id' });
    expect(run.stdout.split('\n')[0]).toBe('imported 3 new, 0 updated, 0 unchanged, 2 rejected');
    const list = await cli(dataDir, ['customers', 'list'], { BOT_LOCALE: 'id' });
    expect(list.stdout.split('\n')[0]).toMatch(/^nomor\s+nama\s+tag\s+berhenti$/);
  });

  it('exits 2 with a usage line for unknown flags, missing arguments and unknown subcommands', async () => {
    const dataDir = tempDir();
    for (const args of [
      ['customers', 'list', '--bogus'],
      ['customers', 'import'],
      ['customers', 'list', '--limit', 'ten'],
      ['customers', 'frobnicate'],
    ]) {
      const run = await cli(dataDir, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('Usage: broadcast-bot customers');
    }
  });

  it('lists as a table, counts, shows tags and opts a customer out', async () => {
    const dataDir = tempDir();
    expect((await cli(dataDir, ['customers', 'import', fixture('messy.csv')])).code).toBe(0);

    const list = await cli(dataDir, ['customers', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.trimEnd().split('\n')).toEqual([
      'phone           name          tags                     opted out',
      '--------------  ------------  -----------------------  ---------',
      '+6281234567890  Budi S.       jakarta, pelanggan, vip  no',
      '+6281311112222  Siti, Aisyah  reseller, vip            no',
      '+6285700001111  Fajar         vip                      no',
      '+6281322223333  Dewi          baru                     no',
    ]);

    const optout = await cli(dataDir, ['customers', 'optout', '0856-0000-0000']);
    expect(optout.code).toBe(2);
    expect(optout.stderr).toContain('No customer has the number +6285600000000');
    const done = await cli(dataDir, ['customers', 'optout', '0857-0000-1111']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe('+6285700001111 opted out; they will get no more broadcasts.\n');

    const vip = await cli(dataDir, ['customers', 'list', '--tag', 'VIP', '--limit', '3']);
    expect(vip.stdout.trimEnd().split('\n').slice(2)).toEqual([
      '+6281234567890  Budi S.       jakarta, pelanggan, vip  no',
      '+6281311112222  Siti, Aisyah  reseller, vip            no',
      '+6285700001111  Fajar         vip                      yes',
    ]);
    expect(vip.stderr).toContain('Showing the first 3 customers');

    expect((await cli(dataDir, ['customers', 'count'])).stdout).toBe('3\n');
    expect((await cli(dataDir, ['customers', 'count', '--tag', 'vip'])).stdout).toBe('2\n');

    const tags = await cli(dataDir, ['customers', 'tags']);
    expect(tags.code).toBe(0);
    expect(tags.stdout.trimEnd().split('\n')).toEqual([
      'tag        opted in  total',
      '---------  --------  -----',
      'baru       1         1',
      'jakarta    1         1',
      'pelanggan  1         1',
      'reseller   1         1',
      'vip        2         3',
    ]);
  });
});
