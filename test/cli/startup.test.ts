/**
 * Store-only commands load only what they use: no chat SDK, BullMQ, Redis client or Baileys, and no private
 * Redis (they run with neither REDIS_URL nor redis-server on PATH). `--help` loads no package at all.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = useTempDir();
const HEAVY = ['bullmq', 'ioredis', 'grammy', '@grammyjs/', '@slack/bolt', '@whiskeysockets/baileys', 'mongoose', 'express', 'qrcode', 'prom-client'];

/** Writes a module hook that prints every package the app imports (bare specifiers outside node_modules). */
function packageTracer(dir: string): string {
  const hook = join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    `export async function resolve(specifier, context, next) {
      if (!/^(\\.|node:|file:|data:)/.test(specifier) && !String(context.parentURL).includes('/node_modules/'))
        process.stderr.write('PACKAGE ' + specifier + '\\n');
      return next(specifier, context);
    }\n`,
  );
  const register = join(dir, 'register.mjs');
  // Packages loaded lazily through require() (libphonenumber-js) skip the hook: list CommonJS files at exit too.
  writeFileSync(
    register,
    `import { createRequire, register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n` +
      `const cache = createRequire(import.meta.url).cache;\n` +
      `process.on('exit', () => { for (const file of Object.keys(cache)) process.stderr.write('CJS ' + file + '\\n'); });\n`,
  );
  return register;
}

/** Runs src/cli.ts through tsx with the tracer, no Redis configured and a PATH without redis-server. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; packages: string[]; cjsFiles: string[] }> {
  const dir = tempDir();
  const tracer = packageTracer(dir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', tracer, join(root, 'src/cli.ts'), ...args], {
      cwd: root,
      // Only node's own folder on PATH: a private Redis could not start even if a command tried.
      env: { PATH: join(process.execPath, '..'), HOME: process.env.HOME ?? '', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const packages = [...stderr.matchAll(/^PACKAGE (.+)$/gm)].map((m) => m[1] as string);
      const cjsFiles = [...stderr.matchAll(/^CJS (.+)$/gm)].map((m) => m[1] as string);
      if (code !== 0) process.stderr.write(stderr);
      resolve({ code, stdout, packages, cjsFiles });
    });
  });
}

const heavyIn = (packages: string[]) => packages.filter((p) => HEAVY.some((h) => p === h || p.startsWith(h)));

describe('CLI start-up', () => {
  it.each([
    [['customers', 'count'], '0\n'],
    [['customers', 'list'], ''],
    [['campaigns', 'list'], 'No campaigns yet'],
    [['schedules', 'list'], ''],
    [['config', 'check'], 'DATA_DIR='],
  ])('%j runs without Redis and loads no chat SDK, queue or WhatsApp driver', async (args, expected) => {
    const result = await run(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(expected);
    // The tracer works: each command loads a package (the store driver, or the schema for `config check`).
    expect(result.packages.length).toBeGreaterThan(0);
    expect(heavyIn(result.packages)).toEqual([]);
  }, 60_000);

  it.each([[['customers', 'count']], [['customers', 'list']], [['campaigns', 'list']], [['schedules', 'list']]])(
    '%j reads its few settings without loading the configuration schema, the phone-number library or pino',
    async (args) => {
      const result = await run(args);
      expect(result.code).toBe(0);
      expect(result.packages).toContain('better-sqlite3');
      // The CommonJS listing works: better-sqlite3 is CommonJS.
      expect(result.cjsFiles.some((f) => f.includes('/node_modules/better-sqlite3/'))).toBe(true);
      expect(result.packages.filter((p) => p === 'zod' || p.startsWith('libphonenumber-js'))).toEqual([]);
      const unwanted = ['/node_modules/libphonenumber-js/', '/node_modules/zod/', '/node_modules/pino/'];
      expect(result.cjsFiles.filter((f) => unwanted.some((u) => f.includes(u)))).toEqual([]);
      expect(result.packages.filter((p) => p === 'pino')).toEqual([]);
    },
    60_000,
  );

  it('config check still validates the whole environment with the schema', async () => {
    const result = await run(['config', 'check']);
    expect(result.code).toBe(0);
    expect(result.packages).toContain('zod');
  }, 60_000);

  it('--help imports no package', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: broadcast-bot');
    expect(result.packages).toEqual([]);
  }, 60_000);
});
