import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorker, type WorkerService } from '../../src/queue/worker.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { waitUntil } from '../helpers/wait.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

let t: TestApp | undefined;
let worker: WorkerService | undefined;
afterEach(async () => {
  await worker?.stop();
  await t?.close();
  worker = undefined;
  t = undefined;
});

describe('the app says how many workers run (issue 11, build 7)', () => {
  it('workersRunning() counts the campaign workers; no caller reaches into the BullMQ queue for it', async () => {
    t = await startTestApp({}, { withWorker: false });
    expect(await t.app.workersRunning()).toBe(0);
    worker = await startWorker(t.app);
    await waitUntil(async () => (await t!.app.workersRunning()) > 0, { what: 'the worker to be counted' });

    const reaching = sourceFiles(SRC)
      .filter((file) => readFileSync(file, 'utf8').includes('getWorkersCount'))
      .map((file) => relative(SRC, file));
    expect(reaching).toEqual(['app.ts']);
  });
});
