/** The SQLite settings that keep disk writes per recipient low: small pages for new files, a longer WAL window. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, PAGE_SIZE, WAL_AUTOCHECKPOINT_PAGES } from '../../src/models/sqlite/db.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

describe('SQLite database settings', () => {
  it('creates new files with small pages in WAL mode and checkpoints every WAL_AUTOCHECKPOINT_PAGES', () => {
    const path = join(tempDir(), 'new.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const reopened = openDatabase(path);
    expect(reopened.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(PAGE_SIZE).toBe(1024);
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reopened.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    reopened.close();
  });

  it('keeps the page size of an existing database', () => {
    const path = join(tempDir(), 'old.db');
    const old = openDatabase(path);
    old.pragma('journal_mode = DELETE');
    old.pragma('page_size = 4096');
    old.exec('VACUUM; CREATE TABLE t (x)');
    old.close();
    const reopened = openDatabase(path);
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
    reopened.close();
  });
});
