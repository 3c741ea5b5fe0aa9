/** Issue 13, finding 6: DATA_DIR and everything in it are private to the service's user. */
import { mkdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../src/logging/logger.js';
import { secureDataDir, warnIfSessionUnencrypted } from '../../src/ops/file-modes.js';
import { authNamespaceOf } from '../../src/whatsapp/baileys/session.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const mode = (path: string) => statSync(path).mode & 0o777;
let savedUmask: number | null = null;
let test: TestApp | null = null;
afterEach(async () => {
  if (savedUmask !== null) process.umask(savedUmask);
  savedUmask = null;
  await test?.close();
  test = null;
});

describe('file modes', () => {
  it('makes an existing DATA_DIR 0700 and its database, WAL, SHM, outbox and media 0600; new files follow umask 077', () => {
    savedUmask = process.umask(0o022);
    const dataDir = join(makeTempDir(), 'data');
    mkdirSync(join(dataDir, 'media'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const files = ['broadcast.db', 'broadcast.db-wal', 'broadcast.db-shm', 'outbox.jsonl', 'media/promo.jpg'].map((f) => join(dataDir, f));
    for (const file of files) writeFileSync(file, 'x', { mode: 0o644 });
    secureDataDir({ DATA_DIR: dataDir, DRY_RUN_OUTBOX: join(dataDir, 'outbox.jsonl') }, silentLogger());
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'media'))).toBe(0o700);
    for (const file of files) expect(mode(file), file).toBe(0o600);
    const later = join(dataDir, 'created-later.txt');
    writeFileSync(later, 'y');
    expect(mode(later)).toBe(0o600);
  });

  it('creates a missing DATA_DIR as 0700', () => {
    savedUmask = process.umask(0o022);
    const dataDir = join(makeTempDir(), 'fresh', 'data');
    secureDataDir({ DATA_DIR: dataDir, DRY_RUN_OUTBOX: join(dataDir, 'outbox.jsonl') }, silentLogger());
    expect(mode(dataDir)).toBe(0o700);
  });

  it('warns at start when a WhatsApp session is stored without WHATSAPP_AUTH_KEY', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    test = await startTestApp({}, { withWorker: false, logger: createLogger({ level: 'info', pretty: false, destination }) });
    expect(await warnIfSessionUnencrypted(test.app)).toBe(false);
    await test.app.store.kv.setMany(authNamespaceOf('default'), [{ key: 'creds', value: '{"me":null}' }]);
    expect(await warnIfSessionUnencrypted(test.app)).toBe(true);
    expect(lines.join('')).toContain('stored unencrypted');
  });
});

describe('file modes from the command line', () => {
  it('a first `customers import` creates DATA_DIR 0700 and the database 0600, not only `start`', () => {
    const dataDir = join(makeTempDir(), 'data');
    const csv = join(makeTempDir(), 'c.csv');
    writeFileSync(csv, 'phone,name\n0812-3456-7890,Budi\n');
    const run = spawnSync(process.execPath, [join(process.cwd(), 'bin/broadcast-bot.js'), 'customers', 'import', csv], {
      env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '', MONGODB_URI: '', BOT_LOCALE: 'en' },
      encoding: 'utf8',
      // The parent's umask must not decide it: the CLI sets its own.
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'broadcast.db'))).toBe(0o600);
  }, 90_000);
});
