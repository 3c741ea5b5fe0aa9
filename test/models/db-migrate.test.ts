/** `broadcast-bot db migrate`: migrations and index builds on purpose, never as a side effect of a query. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('bb-db-migrate-');

async function cli(argv: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(argv, env, { stdout, stderr });
  return { code, out, err };
}

describe('broadcast-bot db migrate', () => {
  it('migrates a SQLite store and says so, then finds nothing left to do', async () => {
    const env = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent' };
    const first = await cli(['db', 'migrate'], env);
    expect(first).toMatchObject({ code: 0, err: '' });
    // Opening the SQLite file applies its migrations, so the command itself has nothing left to apply.
    expect(first.out).toBe('sqlite: already up to date\n');
    const again = await cli(['db', 'migrate'], env);
    expect(again).toMatchObject({ code: 0, out: 'sqlite: already up to date\n' });
  });

  it('refuses anything but `db migrate` with the usage exit code', async () => {
    const env = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent' };
    expect(await cli(['db'], env)).toMatchObject({ code: 2 });
    expect(await cli(['db', 'migrate', '--now'], env)).toMatchObject({ code: 2 });
  });
});
