import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test file finishes. */
export function makeTempDir(prefix = 'bb-data-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Gives the calling test a fresh temporary DATA_DIR that is removed after the test. */
export function useTempDir(prefix = 'bb-data-'): () => string {
  const mine: string[] = [];
  afterEach(() => {
    for (const dir of mine.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    mine.push(dir);
    return dir;
  };
}
