import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sleep, waitUntil } from '../helpers/wait.js';

const TEST = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** A copy of a shared helper: a named sleep, a polling function, or the CLI tests' stdout capture. */
const OWN_WAIT = /(?:function (?:waitUntil|waitFor|sleep)\(|const sleep\s*=|function capture\(\): \{ stream: PassThrough)/;

/**
 * Kept on purpose, each with its reason: the fault tests' waitUntil takes `what` first (dozens of call sites in
 * test/faults) and only delegates to test/helpers/wait.ts.
 */
const WRAPPERS = new Set(['faults/harness.ts']);

/** An inline sleep (`await new Promise((r) => setTimeout(r, 300))`): `sleep` or, better, `waitUntil` a condition. */
const INLINE_SLEEP = /new Promise(?:<void>)?\(\(?(\w+)\)?\s*=>\s*setTimeout\(\1\s*,/;

/**
 * Inline sleeps kept on purpose: the SQLite race test's start gate is source code run in child processes, which
 * cannot import test/helpers.
 */
const INLINE_SLEEP_ALLOWED = new Set(['models/sqlite.test.ts', 'helpers/wait.ts']);

describe('test helpers live once (issue 11, build 7)', () => {
  it('no test, fake or helper sleeps inline with setTimeout; they use sleep or waitUntil from test/helpers/wait.ts', () => {
    const inline = testFiles(TEST)
      .filter((file) => !file.endsWith('shared-test-helpers.test.ts'))
      .filter((file) => INLINE_SLEEP.test(readFileSync(file, 'utf8')))
      .map((file) => relative(TEST, file))
      .filter((file) => !INLINE_SLEEP_ALLOWED.has(file));
    expect(inline).toEqual([]);
    expect(INLINE_SLEEP.test('await new Promise((r) => setTimeout(r, 300));')).toBe(true);
    expect(INLINE_SLEEP.test('await new Promise<void>((resolve) => setTimeout(resolve, 10));')).toBe(true);
    // A cancellable timer is not a sleep.
    expect(INLINE_SLEEP.test('const timer = setTimeout(done, 100);')).toBe(false);
  });

  it('no test file defines its own waitUntil, sleep or stdout capture; they import test/helpers', () => {
    const copies = testFiles(TEST)
      .filter((file) => !relative(TEST, file).startsWith('helpers/') && !file.endsWith('shared-test-helpers.test.ts'))
      .filter((file) => OWN_WAIT.test(readFileSync(file, 'utf8')))
      .map((file) => relative(TEST, file))
      .filter((file) => !WRAPPERS.has(file));
    expect(readFileSync(join(TEST, 'faults/harness.ts'), 'utf8')).toContain("from '../helpers/wait.js'");
    expect(copies).toEqual([]);
  });

  it('waitUntil polls until the check holds, and names what it waited for when it gives up', async () => {
    let calls = 0;
    await waitUntil(async () => ++calls >= 3, { everyMs: 1 });
    expect(calls).toBe(3);
    await expect(waitUntil(() => false, { timeoutMs: 30, everyMs: 5, what: 'the moon' })).rejects.toThrow(/waiting for the moon/);
    await sleep(1);
  });
});
