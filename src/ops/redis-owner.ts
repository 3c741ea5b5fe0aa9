/**
 * The files that let several processes of one DATA_DIR share a private Redis: `owner.json` records which
 * redis-server is running and who started it; `start.lock` makes sure only one process starts one.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface OwnerRecord {
  /** Where clients connect: `unix:///…/redis.sock` or `redis://127.0.0.1:PORT`. */
  url: string;
  /** The redis-server process. */
  redisPid: number;
  /** The broadcast-bot process that started it. */
  startedBy: number;
  startedAt: string;
}

/** Reads DATA_DIR/redis/owner.json; null when absent or unreadable (a half-written file counts as absent). */
export function readOwner(dir: string): OwnerRecord | null {
  let text: string;
  try {
    text = readFileSync(join(dir, 'owner.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<OwnerRecord>;
    if (typeof value.url !== 'string' || typeof value.redisPid !== 'number' || typeof value.startedBy !== 'number') {
      return null;
    }
    return value as OwnerRecord;
  } catch {
    return null;
  }
}

/** Writes owner.json atomically (write to a temp file, then rename) so readers never see half a record. */
export function writeOwner(dir: string, record: OwnerRecord): void {
  const path = join(dir, 'owner.json');
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** Removes owner.json when it still describes `url` (another process may have started a new server since). */
export function clearOwner(dir: string, url: string): void {
  const current = readOwner(dir);
  if (current && current.url === url) rmSync(join(dir, 'owner.json'), { force: true });
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file older than this whose pid cannot be read is treated as abandoned. */
const UNREADABLE_LOCK_GRACE_MS = 30_000;

/**
 * Takes DATA_DIR/redis/start.lock (O_EXCL). Returns a release function, or null when a live process holds it.
 * A lock left by a dead process is removed and taken.
 */
export function tryLock(dir: string): (() => void) | null {
  const path = join(dir, 'start.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!lockAbandoned(path)) return null;
    rmSync(path, { force: true });
  }
  return null;
}

function lockAbandoned(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const pid = Number(text);
  if (Number.isInteger(pid) && pid > 0) return !processAlive(pid);
  // Written but not yet filled in by its owner, or garbage: give the owner a moment before taking over.
  return Date.now() - statSync(path).mtimeMs > UNREADABLE_LOCK_GRACE_MS;
}
