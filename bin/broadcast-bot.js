#!/usr/bin/env node
// Runs the compiled CLI (dist/) when it is at least as new as every file under src/: `npm ci` / `npm install`
// build it once through `prepare`, and a production image has no src/ at all. After an edit to src/ (dist/ is
// older) it runs the TypeScript source through tsx instead, so a stale build never runs; `npm run build`
// makes the fast path current again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli.ts');
const compiled = join(root, 'dist', 'cli.js');

/** The newest modification time of any file under `dir` (milliseconds). */
function newestIn(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const hasSource = existsSync(source);
const useCompiled = existsSync(compiled) && (!hasSource || statSync(compiled).mtimeMs >= newestIn(join(root, 'src')));
if (useCompiled) {
  await import(pathToFileURL(compiled).href);
} else if (hasSource) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  process.stderr.write('broadcast-bot: neither dist/cli.js nor src/cli.ts found; run `npm run build` in a full checkout.\n');
  process.exitCode = 1;
}
