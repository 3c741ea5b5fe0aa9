/**
 * The SQLite connection shared by the repositories: opened with the settings that let several processes
 * (bots, workers, scheduler) share one file, plus a prepared-statement cache and the row conversions.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;
export type Statement = Database.Statement;

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Pages of a new database file. Small pages because the send path's writes are scattered: every result
 * rewrites its row and moves it between claim-index entries, so each commit dirties many pages for a few bytes
 * each, and WAL and checkpoint write whole pages (an index by message id, random keys, cost a page per result
 * and was dropped in migration 3). At 1 KB instead of 4 KB a 100k-recipient campaign wrote about half the bytes
 * per recipient (bench: disk_write_kb_per_recipient).
 * It applies to new files only; an existing database keeps its page size (VACUUM outside WAL mode changes it).
 */
export const PAGE_SIZE = 1024;
/**
 * WAL pages between automatic checkpoints (2 MB at PAGE_SIZE; SQLite's default is 1000). A page rewritten by
 * many commits between two checkpoints is copied into the database once, so a longer window writes less; but
 * the checkpoint runs inside the commit that crosses the mark, on the event loop, and copies the whole window
 * (with an fsync). At 8 MB that was 20–45 ms of system time inside one send-path commit (more under load); at
 * 2 MB it is a quarter, for 0.06 KB more per recipient at 100k (bench: 2.05 → 2.11 KB).
 */
export const WAL_AUTOCHECKPOINT_PAGES = 2000;

/**
 * Opens (creating the folder and file if needed) a database in WAL mode: readers never block the writer.
 * synchronous=NORMAL: a commit is in the WAL before the call returns, so a process crash (the failure the
 * engine's claim / in-flight / result records are designed for) loses nothing; only an OS crash or power
 * loss can lose the last commits (never corrupt the file). After such a loss, a send whose in-flight mark was
 * lost may be sent again, and one whose result was lost is recorded `unknown` by recovery. FULL would fsync
 * every commit (a disk flush per result batch) to close that window; it does not reduce bytes written.
 */
export function openDatabase(path: string): Db {
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new Error(
      `Cannot open the SQLite database at ${path}: ${(error as Error).message}. ` +
        'Check that DATA_DIR exists and is writable by this user.',
      { cause: error },
    );
  }
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Before WAL: the page size of a new (empty) file can be set only until it leaves rollback-journal mode.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma('foreign_keys = ON');
  // 16 MB of page cache (default 2 MB): imports and audience scans of 100k rows stay in memory (the size is in
  // KiB, whatever the page size).
  db.pragma('cache_size = -16000');
  return db;
}

/** Prepares each SQL text once per connection; repositories call it with constant SQL. */
export class Statements {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly db: Db) {}

  /** The prepared statement for `sql`, compiled on first use. */
  get(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in an IMMEDIATE transaction: the write lock is taken up front, so no other process interleaves. */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

/** Epoch milliseconds for storage; null stays null. */
export function toMs(date: Date | null | undefined): number | null {
  return date ? date.getTime() : null;
}

/** A Date from stored epoch milliseconds; null stays null. */
export function fromMs(ms: number | null | undefined): Date | null {
  return ms === null || ms === undefined ? null : new Date(ms);
}

/** The stored epoch milliseconds of a column that is never null. */
export function dateOf(ms: number): Date {
  return new Date(ms);
}

/** Parses a JSON column written by this store. */
export function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** JSON of a plain object with its keys sorted, so equal objects are equal strings whatever the key order. */
export function canonicalJson(value: Record<string, string>): string {
  // fromEntries defines own properties: a key named `__proto__` is kept (assignment would drop it).
  const sorted = Object.fromEntries(Object.keys(value).sort().map((key) => [key, value[key] as string]));
  return JSON.stringify(sorted);
}
