/**
 * CLI start-up times: `customers count` compiled (`node dist/cli.js`, Redis running), the same through the
 * package's bin as a fresh checkout runs it (no REDIS_URL), and `--help`. Each is the median of five runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeCommand(root: string, args: string[], env: Record<string, string | undefined>): number {
  const times: number[] = [];
  // One warm-up run (migrations on the first open, disk cache), then RUNS timed runs.
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: root, env: { ...env }, encoding: 'utf8' });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    if (i > 0) times.push(ms);
  }
  return Math.round(median(times));
}

/** Builds dist/ (as `npm ci` does through `prepare`) and times the three commands. */
export function benchCli(root: string, redisUrl: string): { count_dist: number; count_checkout: number; help: number } {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', WHATSAPP_DRIVER: 'dry-run' };
  const distDir = mkdtempSync(join(tmpdir(), 'bb-bench-cli-'));
  const checkoutDir = mkdtempSync(join(tmpdir(), 'bb-bench-cli-'));
  return {
    count_dist: timeCommand(root, ['dist/cli.js', 'customers', 'count'], { ...base, DATA_DIR: distDir, REDIS_URL: redisUrl }),
    count_checkout: timeCommand(root, ['bin/broadcast-bot.js', 'customers', 'count'], { ...base, DATA_DIR: checkoutDir }),
    help: timeCommand(root, ['bin/broadcast-bot.js', '--help'], base),
  };
}
