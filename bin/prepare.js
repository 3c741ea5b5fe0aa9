#!/usr/bin/env node
// `npm ci` / `npm install` run this (the `prepare` script): compile src/ to dist/ once, so the CLI starts from
// JavaScript instead of recompiling TypeScript on every call. Installs that have no source or no compiler
// (the Docker dependency stages, `npm ci --omit=dev`) skip it; a failing build fails the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  tsc = null;
}
if (!existsSync(join(root, 'src', 'cli.ts')) || !existsSync(join(root, 'tsconfig.build.json')) || tsc === null) {
  process.stdout.write('prepare: no source tree or no TypeScript compiler here; dist/ is not built\n');
} else {
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  process.exitCode = build.status ?? 1;
}
