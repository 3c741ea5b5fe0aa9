import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/campaigns/ports.js';
import type { NewCampaign } from '../../src/campaigns/types.js';
import { silentLogger } from '../../src/logging/logger.js';
import { isShortId, newLongId, newShortId, SHORT_ID_ALPHABET } from '../../src/models/ids.js';
import { openStore } from '../../src/models/index.js';
import { RECOUNT_SLICE } from '../../src/models/sqlite/campaigns.js';
import { openDatabase, Statements } from '../../src/models/sqlite/db.js';
import { openSqliteStore } from '../../src/models/sqlite/index.js';
import { LIST_WINDOW } from '../../src/models/sqlite/recipients.js';
import { SqliteKeyValue } from '../../src/models/sqlite/kv.js';
import { migrate } from '../../src/models/sqlite/migrate.js';
import { MIGRATIONS } from '../../src/models/sqlite/migrations.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';
import { describeStoreContract, describeStoreRaceContract } from './store-contract.js';

const tempDir = useTempDir('bb-sqlite-');

describeStoreContract('sqlite', () => openSqliteStore(join(tempDir(), 'broadcast.db'), silentLogger()));
describeStoreRaceContract('sqlite', () => openSqliteStore(join(tempDir(), 'broadcast.db'), silentLogger()));

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const moduleUrl = (path: string) => pathToFileURL(join(repoRoot, path)).href;

/** Runs `body` (ES module code with `openSqliteStore`, `silentLogger` and `args` in scope) in a separate Node process. */
function runProcess(dir: string, name: string, body: string, args: string[]): Promise<string> {
  const script = join(dir, `${name}.mjs`);
  writeFileSync(
    script,
    `import { openSqliteStore } from ${JSON.stringify(moduleUrl('src/models/sqlite/index.ts'))};
     import { silentLogger } from ${JSON.stringify(moduleUrl('src/logging/logger.ts'))};
     const args = process.argv.slice(2);
     ${body}`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${name} ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

function campaignInput(overrides: Partial<NewCampaign> = {}): NewCampaign {
  return {
    title: 'shared',
    template: 'hi',
    media: null,
    audience: { kind: 'all' },
    status: 'processing',
    counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
    origin: { surface: 'cli', userId: 'test' },
    statusReason: null,
    retryOf: null,
    scheduleId: null,
    idempotencyKey: null,
    ...overrides,
  };
}

async function withCampaign(store: Store, recipients: number): Promise<string> {
  const { campaign } = await store.campaigns.create(campaignInput());
  await store.recipients.insertMany(
    campaign.id,
    Array.from({ length: recipients }, (_, i) => ({
      customerId: null,
      phone: `+1555${String(i).padStart(7, '0')}`,
      variables: {},
    })),
  );
  return campaign.id;
}

describe('sqlite store', () => {
  it('creates the folder, turns WAL on and applies the migrations once', async () => {
    const path = join(tempDir(), 'nested', 'deeper', 'broadcast.db');
    const store = await openSqliteStore(path, silentLogger());
    await store.customers.upsertMany([{ phone: '+6281200000001', name: 'Ani' }]);
    await store.close();
    expect(existsSync(path)).toBe(true);

    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();

    const reopened = await openSqliteStore(path, silentLogger());
    expect((await reopened.customers.findByPhone('+6281200000001'))?.name).toBe('Ani');
    await reopened.close();
    const again = new Database(path);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    again.close();
  });

  it('applies only the migrations a database does not have yet', async () => {
    const db = openDatabase(join(tempDir(), 'broadcast.db'));
    const first = { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER)' };
    const second = { version: 2, name: 'two', sql: 'CREATE TABLE b (y INTEGER)' };
    expect(migrate(db, silentLogger(), [first])).toEqual([1]);
    expect(migrate(db, silentLogger(), [first])).toEqual([]);
    expect(migrate(db, silentLogger(), [first, second])).toEqual([2]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 2]);
    db.close();
  });

  it('turns on foreign keys and the busy timeout on every connection', async () => {
    const db = openDatabase(join(tempDir(), 'broadcast.db'));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10_000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
  });

  it('refuses a database made by a newer version', async () => {
    const path = join(tempDir(), 'broadcast.db');
    await (await openSqliteStore(path, silentLogger())).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      999,
      'future',
      Date.now(),
    );
    db.close();
    await expect(openSqliteStore(path, silentLogger())).rejects.toThrow(/schema version 999.*Upgrade broadcast-bot/s);
  });

  it('names the path when the database cannot be opened', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    await expect(openSqliteStore(join(dir, 'not-a-folder', 'broadcast.db'), silentLogger())).rejects.toThrow(
      /Cannot open the SQLite database at .*not-a-folder.*DATA_DIR/,
    );
  });

  it('uses the indexes the engine relies on', async () => {
    const path = join(tempDir(), 'broadcast.db');
    await (await openSqliteStore(path, silentLogger())).close();
    const db = new Database(path);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    const claim = plan(
      `SELECT id FROM recipients WHERE campaign_id = 'x' AND status = 'pending' AND claim IS NULL ORDER BY id LIMIT 10`,
    );
    expect(claim).toMatch(/INDEX recipients_claim \(campaign_id=\? AND status=\? AND claim=\?\)/);
    expect(claim).not.toMatch(/TEMP B-TREE/);
    const page = plan(
      `SELECT * FROM recipients INDEXED BY recipients_campaign WHERE campaign_id = 'x' AND id > 5 ORDER BY id LIMIT 10`,
    );
    expect(page).not.toMatch(/TEMP B-TREE/);
    // Receipts: by customer (newest first) or by a stranger's number, never through an index by message id.
    const byCustomer = plan(`SELECT id FROM recipients WHERE customer_id = '7' AND message_id = 'm' ORDER BY id DESC LIMIT 1`);
    expect(byCustomer).toMatch(/INDEX recipients_customer \(customer_id=\?\)/);
    expect(byCustomer).not.toMatch(/TEMP B-TREE/);
    const byStranger = plan(`SELECT id FROM recipients WHERE customer_id IS NULL AND phone = '+62' AND message_id = 'm' ORDER BY id DESC LIMIT 1`);
    expect(byStranger).toMatch(/INDEX recipients_stranger \(phone=\?\)/);
    expect(byStranger).not.toMatch(/TEMP B-TREE/);
    const indexed = db.prepare(`SELECT name FROM pragma_index_list('recipients')`).pluck().all() as string[];
    const columns = indexed.flatMap((name) => db.prepare(`SELECT name FROM pragma_index_info(?)`).pluck().all(name) as string[]);
    expect(columns).not.toContain('message_id');
    expect(plan(`SELECT customer_id FROM customer_tags WHERE tag = 'vip'`)).toMatch(/PRIMARY KEY \(tag=\?\)/);
    expect(plan(`SELECT id FROM customers WHERE opted_out = 1`)).toMatch(/INDEX customers_opted_out/);
    expect(plan(`SELECT * FROM campaigns WHERE idempotency_key = 'k'`)).toMatch(/INDEX sqlite_autoindex_campaigns/);
    expect(plan(`SELECT * FROM campaigns WHERE schedule_id = 's'`)).toMatch(/INDEX campaigns_schedule/);
    expect(plan(`SELECT * FROM campaigns ORDER BY created_at DESC LIMIT 5`)).toMatch(/INDEX campaigns_created/);
    db.close();
  });

  it('sweeps expired key-value rows lazily, on a later write', async () => {
    const db = openDatabase(join(tempDir(), 'broadcast.db'));
    migrate(db, silentLogger());
    let now = 1_000_000;
    const kv = new SqliteKeyValue(new Statements(db), () => now);
    await kv.set('ns', 'old', 'v', 10);
    await kv.set('ns', 'kept', 'v');
    now += 20;
    expect(await kv.get('ns', 'old')).toBeNull();
    const rows = () => db.prepare('SELECT key FROM kv ORDER BY key').pluck().all();
    expect(rows()).toEqual(['kept', 'old']);
    now += 60_000;
    await kv.set('ns', 'new', 'v');
    expect(rows()).toEqual(['kept', 'new']);
    db.close();
  });

  it('opens SQLite at SQLITE_PATH when MONGODB_URI is unset', async () => {
    const path = join(tempDir(), 'data', 'broadcast.db');
    const store = await openStore({ SQLITE_PATH: path, MONGODB_URI: undefined }, silentLogger());
    expect(store.kind).toBe('sqlite');
    await store.ping();
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('migrates once when several processes open a new file at the same time', async () => {
    const dir = tempDir();
    const path = join(dir, 'broadcast.db');
    const body = `const store = await openSqliteStore(args[0], silentLogger());
      await store.kv.set('who', args[1], 'here');
      await store.close();`;
    await Promise.all(['a', 'b', 'c'].map((who) => runProcess(dir, `open-${who}`, body, [path, who])));
    const db = new Database(path);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(
      MIGRATIONS.map((m) => m.version),
    );
    expect(db.prepare("SELECT key FROM kv WHERE namespace = 'who' ORDER BY key").pluck().all()).toEqual([
      'a',
      'b',
      'c',
    ]);
    db.close();
  });

  it('never gives one recipient to two processes claiming from the same file', async () => {
    const dir = tempDir();
    const path = join(dir, 'broadcast.db');
    const store = await openSqliteStore(path, silentLogger());
    const total = 3000;
    const campaignId = await withCampaign(store, total);
    await store.close();

    // Each process opens its own connection and claims, marks and records until nothing is left.
    // A start gate: each process says it is ready and waits for "go", so a slow start (tsx, a loaded machine) cannot
    // let one process drain the pool before the others begin.
    const body = `const [path, campaignId, token, dir] = args;
      const fs = await import('node:fs');
      const store = await openSqliteStore(path, silentLogger());
      fs.writeFileSync(dir + '/ready-' + token, '');
      while (!fs.existsSync(dir + '/go')) await new Promise((r) => setTimeout(r, 5));
      const mine = [];
      for (;;) {
        const batch = await store.recipients.claimBatch(campaignId, token, 7, new Date());
        if (batch.length === 0) break;
        const results = [];
        for (const r of batch) {
          if (!(await store.recipients.markInFlight(r.id, token))) throw new Error('lost claim ' + r.id);
          mine.push(r.id);
          results.push({ recipientId: r.id, status: 'sent', messageId: token + ':' + r.id, at: new Date() });
        }
        await store.recipients.recordResults(campaignId, token, results);
      }
      await store.close();
      process.stdout.write(JSON.stringify(mine));`;
    const running = Promise.all(
      ['p1', 'p2', 'p3'].map(
        async (token) =>
          JSON.parse(await runProcess(dir, `lane-${token}`, body, [path, campaignId, token, dir])) as string[],
      ),
    );
    await waitUntil(() => ['p1', 'p2', 'p3'].every((token) => existsSync(join(dir, `ready-${token}`))), {
      what: 'three claiming processes ready',
      timeoutMs: 60_000,
    });
    writeFileSync(join(dir, 'go'), '');
    const lanes = await running;

    const all = lanes.flat();
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    // At least two processes did real work, so the claims really raced.
    expect(lanes.filter((ids) => ids.length > 0).length).toBeGreaterThanOrEqual(2);

    const check = await openSqliteStore(path, silentLogger());
    expect((await check.campaigns.get(campaignId))?.counts).toMatchObject({ total, sent: total });
    expect(await check.recipients.countByStatus(campaignId)).toMatchObject({ pending: 0, sent: total, claimed: 0 });
    await check.close();
  });

  it('keeps two connections consistent: shared writes, one winner of a status race, one campaign per key', async () => {
    const path = join(tempDir(), 'broadcast.db');
    const a = await openSqliteStore(path, silentLogger());
    const b = await openSqliteStore(path, silentLogger());
    await a.kv.set('ns', 'k', 'from-a');
    expect(await b.kv.get('ns', 'k')).toBe('from-a');
    const { campaign } = await a.campaigns.create(campaignInput({ status: 'pending', idempotencyKey: 'k1' }));
    const winners = await Promise.all([
      a.campaigns.update(campaign.id, { status: 'processing' }, ['pending']),
      b.campaigns.update(campaign.id, { status: 'cancelled' }, ['pending']),
    ]);
    expect(winners.filter((w) => w !== null)).toHaveLength(1);
    expect(await b.campaigns.create(campaignInput({ title: 'dup', idempotencyKey: 'k1' }))).toMatchObject({
      created: false,
      campaign: { id: campaign.id, title: 'shared' },
    });
    await a.close();
    await b.close();
  });

  it('recounts a large campaign in slices, giving the event loop back, and never keeps counts a concurrent result changed', async () => {
    const store = await openSqliteStore(join(tempDir(), 'broadcast.db'), silentLogger());
    const { campaign } = await store.campaigns.create(campaignInput({ status: 'processing' }));
    const size = 2 * RECOUNT_SLICE + 10;
    const people = Array.from({ length: size }, (_, i) => ({ customerId: null, phone: `+62812${String(i).padStart(7, '0')}`, variables: {} }));
    await store.recipients.insertMany(campaign.id, people);
    const claimed = await store.recipients.claimBatch(campaign.id, 'lane', 3, new Date());
    await store.recipients.recordResults(campaign.id, 'lane', [{ recipientId: claimed[0]!.id, status: 'sent', messageId: 'm0', at: new Date() }]);
    await store.campaigns.update(campaign.id, { counts: { total: 1, sent: 0, failed: 9, skipped: 0, unknown: 0, delivered: 0, read: 0 } });

    // Macrotask turns while the recount runs: one statement over every recipient would allow none.
    let turns = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      turns++;
      // On the first turn (between two slices) another result lands: the recount must include it.
      if (turns === 1) {
        void store.recipients.recordResults(campaign.id, 'lane', [{ recipientId: claimed[1]!.id, status: 'failed', errorCode: 'x', errorText: 'x', at: new Date() }]);
      }
      setImmediate(tick);
    };
    setImmediate(tick);
    const recounted = await store.campaigns.recomputeCounts(campaign.id);
    counting = false;
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(recounted?.counts).toEqual({ total: size, sent: 1, failed: 1, skipped: 0, unknown: 0, delivered: 0, read: 0, replied: 0 });
    await store.close();
  });

  it('lists by status in windows of the campaign, in id order, giving the event loop back between windows', async () => {
    const store = await openSqliteStore(join(tempDir(), 'broadcast.db'), silentLogger());
    const { campaign } = await store.campaigns.create(campaignInput({ status: 'processing' }));
    const size = 2 * LIST_WINDOW + 10;
    const people = Array.from({ length: size }, (_, i) => ({ customerId: null, phone: `+62812${String(i).padStart(7, '0')}`, variables: {} }));
    await store.recipients.insertMany(campaign.id, people);
    const claimed = await store.recipients.claimBatch(campaign.id, 'lane', size, new Date());
    // Failures in the first window, on the boundary of the second and at the very end.
    const failedAt = [3, LIST_WINDOW, size - 1];
    await store.recipients.recordResults(
      campaign.id,
      'lane',
      failedAt.map((i) => ({ recipientId: claimed[i]!.id, status: 'failed' as const, errorCode: 'x', errorText: 'x', at: new Date() })),
    );
    const phoneOf = (i: number) => people[i]!.phone;

    // A summary's "first failures" walk: macrotask turns run while it walks (one statement would allow none).
    let turns = 0;
    let walking = true;
    const tick = () => {
      if (!walking) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const all = await store.recipients.list(campaign.id, { status: ['failed', 'unknown'], limit: 20 });
    walking = false;
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(all.map((r) => r.phone)).toEqual(failedAt.map(phoneOf));

    const firstTwo = await store.recipients.list(campaign.id, { status: ['failed'], limit: 2 });
    expect(firstTwo.map((r) => r.phone)).toEqual([phoneOf(3), phoneOf(LIST_WINDOW)]);
    const rest = await store.recipients.list(campaign.id, { status: ['failed'], limit: 2, afterId: firstTwo[1]!.id });
    expect(rest.map((r) => r.phone)).toEqual([phoneOf(size - 1)]);
    expect(await store.recipients.list(campaign.id, { status: ['sent'] })).toEqual([]);
    await store.close();
  });
});

describe('ids', () => {
  it('makes 8-character ids without look-alike characters', () => {
    expect(SHORT_ID_ALPHABET).not.toMatch(/[0o1li]/);
    const ids = Array.from({ length: 20_000 }, newShortId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 500)) expect(id).toMatch(/^[a-hjkmnp-z2-9]{8}$/);
    // Every symbol shows up: the alphabet is used whole, not a biased part of it.
    expect(new Set(ids.join('')).size).toBe(SHORT_ID_ALPHABET.length);
  });

  it('recognises ids as typed, and makes longer ids for records nobody types', () => {
    expect(isShortId('K7M2Q9XA')).toBe(true);
    expect(isShortId(' k7m2q9xa ')).toBe(true);
    expect(isShortId('k7m2q9x0')).toBe(false);
    expect(isShortId('k7m2q9x')).toBe(false);
    expect(newLongId()).toMatch(/^[a-hjkmnp-z2-9]{16}$/);
  });
});
