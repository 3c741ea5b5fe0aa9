/**
 * `npm run bench`: end-to-end throughput through the real queue and store (dry-run sender, zero latency,
 * pacing off), raw BullMQ no-op throughput in the same run, peak RSS per campaign size, progress-edit
 * cadence, summary delay, the 100k-row import, the longest event-loop blocks while creating and sending,
 * disk bytes per recipient and CLI start-up times. Prints a table and writes bench/results.json.
 *
 * The campaign runs (peak RSS, event-loop blocks, disk bytes) run compiled JavaScript in child processes, as the
 * product runs (bin/broadcast-bot.js runs dist/, built by `npm ci`), with the heap tuning `start` applies.
 * Options: `--size 1m` adds the million-recipient campaign (and the same campaign through tsx, as a checkout whose
 * src/ was edited since the last build runs, into the `tsx_1m` keys); `--only base,campaign,cli,cloud,hostile` runs some groups
 * (base: throughput, cadence, small RSS, import; campaign: the 100k campaigns; cli: start-up times; cloud: a
 * Cloud API account against the local fake Graph API at its configured maximum, `cloud_msgs_per_s`; hostile: each
 * text parser's slowest adversarial input, `hostile_input_max_ms`).
 * Keys a run does not measure keep their last value, so the file always shows the last run of each.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureHostileInput } from './hostile-input.js';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { loadConfig } from '../src/config/env.js';
import { silentLogger } from '../src/logging/logger.js';
import { ensureRedis } from '../src/ops/private-redis.js';
import { connectRedis, redisOptionsFromUrl } from '../src/queue/redis.js';
import { startWorker } from '../src/queue/worker.js';
import { RecordingNotifier } from '../test/helpers/recording-notifier.js';
import { benchCli } from './cli.js';
import { benchCloud, CLOUD_MAX_PER_SECOND } from './cloud.js';
import { benchImport100k } from './import.js';
import { benchApp, PRODUCT_MALLOC_ARENA_MAX, seed } from './common.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ACTOR = { surface: 'cli' as const, userId: 'bench' };

async function bullmqNoop(redisUrl: string, jobs: number): Promise<number> {
  const prefix = `bench-noop-${Date.now()}`;
  const options = redisOptionsFromUrl(redisUrl);
  // BullMQ does not close connections it is given: they are quit below, so the private Redis can stop.
  const queueConnection = connectRedis(options, 'noop-q');
  const workerConnection = connectRedis(options, 'noop-w');
  const queue = new Queue('noop', { connection: queueConnection, prefix });
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const worker = new Worker('noop', async () => undefined, {
    connection: workerConnection,
    prefix,
    concurrency: 50,
    removeOnComplete: { count: 0 },
  });
  worker.on('completed', () => {
    if (++done === jobs) finish();
  });
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'n', data: { i: i + k } })));
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await Promise.all([queueConnection.quit(), workerConnection.quit()]);
  return jobs / seconds;
}

async function endToEnd(redisUrl: string, size: number) {
  const { app, config } = await benchApp(redisUrl, { PROGRESS_INTERVAL_MS: '3000' });
  await seed(app, size);
  const worker = await startWorker(app);
  const recorder = new RecordingNotifier('cli');
  app.notifiers.register(recorder);
  const started = performance.now();
  const campaign = await app.campaigns.create({ title: 'e2e', template: 'Halo {{name}}', audience: { kind: 'all' } }, ACTOR);
  for (;;) {
    const c = await app.campaigns.get(campaign.id);
    if (c.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  while (recorder.summaries.length === 0) await new Promise((r) => setTimeout(r, 5));
  const lines = readFileSync(config.DRY_RUN_OUTBOX, 'utf8').trim().split('\n');
  const lastSend = Date.parse((JSON.parse(lines[lines.length - 1] as string) as { at: string }).at);
  const summaryDelay = recorder.summaries[0]!.at - lastSend;
  await worker.stop();
  await app.close();
  return { msgsPerS: size / seconds, seconds, summaryDelay, sent: lines.length };
}

async function editCadence(redisUrl: string) {
  // One lane at 10 ms a message: ~1,500 messages over ~15 s, so the 3 s ticker edits about five times.
  const { app } = await benchApp(redisUrl, { DRY_RUN_LATENCY_MS: '10', CAMPAIGN_LANES: '1', PROGRESS_INTERVAL_MS: '3000' });
  await seed(app, 1500);
  const worker = await startWorker(app);
  const recorder = new RecordingNotifier('cli');
  app.notifiers.register(recorder);
  const campaign = await app.campaigns.create({ title: 'cadence', template: 'x', audience: { kind: 'all' } }, ACTOR);
  await app.campaigns.attachProgressMessage(campaign.id, { surface: 'cli', chatId: 'bench', messageId: '1' });
  for (;;) {
    const c = await app.campaigns.get(campaign.id);
    if (c.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await worker.stop();
  await app.close();
  const edits = recorder.progress.filter((p) => p.view.status === 'processing').map((p) => p.at);
  const gaps = edits.slice(1).map((at, i) => at - edits[i]!);
  return {
    edits: edits.length,
    mean: gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) : 0,
    max: gaps.length ? Math.max(...gaps) : 0,
    min: gaps.length ? Math.min(...gaps) : 0,
  };
}

interface CampaignRun {
  size: number;
  peakRssMb: number;
  /** What the RSS was made of at its peak (V8 heap total / used, external, array buffers). */
  peakRssDetailMb: Record<string, number>;
  seconds: number;
  createSeconds: number;
  createBlockMs: number;
  sendBlockMs: number;
  diskKbPerRecipient: { total: number; seed: number; create: number; send: number; close: number };
}

/**
 * Compiles src/ and bench/ to JavaScript in a temp folder (once per run): the product runs compiled (dist/, the
 * Docker image), while tsx's transpiler adds ~35 MB to a process's RSS.
 */
let compiled: string | null = null;
function compileBench(): string {
  if (compiled) return compiled;
  const outDir = mkdtempSync(join(tmpdir(), 'bb-bench-compiled-'));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json', '--outDir', outDir], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('could not compile the benchmark (tsc -p tsconfig.bench.json)');
  // The compiled ES modules need the package's "type": "module" beside them.
  writeFileSync(join(outDir, 'package.json'), '{"type":"module"}\n');
  // Packages and config/defaults.json are found relative to the compiled files, as in dist/.
  for (const shared of ['node_modules', 'config']) symlinkSync(join(root, shared), join(outDir, shared));
  compiled = outDir;
  return outDir;
}

/** Runs bench/campaign-child in a fresh process (compiled when `compiledDir` is given) and returns its JSON line. */
function campaignChild(env: Record<string, string>, compiledDir: string | null): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const args = compiledDir ? [join(compiledDir, 'bench', 'campaign-child.js')] : ['--import', 'tsx', 'bench/campaign-child.ts'];
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`campaign child exited ${code}`))));
  });
}

/** Stores `size` customers in one process, then creates and sends the campaign in another (see campaign-child.ts). */
async function rssChild(redisUrl: string, size: number, latencyMs = 0, compiledDir: string | null = compileBench()): Promise<CampaignRun> {
  const env = {
    BENCH_SIZE: String(size),
    BENCH_REDIS_URL: redisUrl,
    BENCH_LATENCY_MS: String(latencyMs),
    BENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'bb-bench-')),
    // As `npm start` and the Docker image run the product (see the Dockerfile): two malloc arenas.
    MALLOC_ARENA_MAX: PRODUCT_MALLOC_ARENA_MAX,
  };
  const seeded = await campaignChild({ ...env, BENCH_PHASE: 'seed' }, compiledDir);
  // Customers stored long before a campaign are on disk; without this the kernel writes the fresh seed back in
  // the middle of the measured run, and those writes stall the run's own (100-140 ms blocks in create at 1M).
  spawnSync('sync');
  const run = (await campaignChild(env, compiledDir)) as unknown as CampaignRun;
  const seedKb = seeded.seedKbPerRecipient as number;
  const { create, send, close } = run.diskKbPerRecipient;
  run.diskKbPerRecipient = { total: round(seedKb + create + send + close, 2), seed: seedKb, create, send, close };
  return run;
}


const { values: options } = parseArgs({
  args: process.argv.slice(2),
  options: { size: { type: 'string' }, only: { type: 'string' } },
  strict: true,
});
if (options.size !== undefined && options.size !== '1m') throw new Error('--size takes only "1m"');
const groups = new Set((options.only ?? 'base,campaign,cli,cloud,hostile').split(',').map((g) => g.trim()));
const resultsPath = join(root, 'bench', 'results.json');
type Results = Record<string, unknown>;
const results: Results = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Results) : {};
/** Sets `results[key][sub]` keeping the other sub-keys of the last runs. */
const setSub = (key: string, sub: string, value: unknown) => {
  const current = results[key];
  results[key] = { ...(typeof current === 'object' && current !== null ? current : {}), [sub]: value };
};
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;
const load = loadavg().map((l) => round(l, 2));

/** Writes the results so far: a long run that is stopped keeps the groups it finished. */
function save() {
  const rss = (results.rss_mb ?? {}) as Record<string, number>;
  if (rss['100k'] !== undefined && rss['1k'] !== undefined) results.rss_100k_minus_1k_mb = round(rss['100k'] - rss['1k']);
  results.machine = { cpus: cpus().length, node: process.version, load_at_start: load };
  results.at = new Date().toISOString();
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'bb-bench-redis-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const redis = await ensureRedis(config, silentLogger());
try {
  if (groups.has('campaign')) {
    const run0 = await rssChild(redis.url, 100_000, 0);
    const run1 = await rssChild(redis.url, 100_000, 1);
    setSub('rss_mb', '100k', run0.peakRssMb);
    setSub('rss_mb_detail', '100k', run0.peakRssDetailMb);
    setSub('campaign_seconds', '100k', run0.seconds);
    setSub('event_loop_max_block_ms', 'create_100k', run0.createBlockMs);
    setSub('event_loop_max_block_ms', 'send_100k_0ms', run0.sendBlockMs);
    setSub('event_loop_max_block_ms', 'send_100k_1ms', run1.sendBlockMs);
    setSub('disk_write_kb_per_recipient_detail', '100k', run0.diskKbPerRecipient);
    // The headline figure comes from the largest campaign measured; a 100k run only sets it when no 1M run exists.
    const detail = results.disk_write_kb_per_recipient_detail as Record<string, unknown>;
    if (!detail['1m']) results.disk_write_kb_per_recipient = run0.diskKbPerRecipient.total;
    save();
  }
  if (options.size === '1m') {
    const run = await rssChild(redis.url, 1_000_000, 0);
    setSub('rss_mb', '1m', run.peakRssMb);
    setSub('rss_mb_detail', '1m', run.peakRssDetailMb);
    setSub('campaign_seconds', '1m', run.seconds);
    setSub('event_loop_max_block_ms', 'create_1m', run.createBlockMs);
    setSub('event_loop_max_block_ms', 'send_1m_0ms', run.sendBlockMs);
    setSub('disk_write_kb_per_recipient_detail', '1m', run.diskKbPerRecipient);
    results.disk_write_kb_per_recipient = run.diskKbPerRecipient.total;
    save();
    // The same campaign through tsx (a checkout whose src/ is newer than dist/): its own keys, beside the figures above.
    const tsx = await rssChild(redis.url, 1_000_000, 0, null);
    results.tsx_1m = {
      rss_mb: tsx.peakRssMb,
      rss_mb_detail: tsx.peakRssDetailMb,
      seconds: tsx.seconds,
      event_loop_max_block_ms: { create: tsx.createBlockMs, send_0ms: tsx.sendBlockMs },
    };
    save();
  }
  if (groups.has('cli')) results.cli_ms = benchCli(root, redis.url);
  save();
  if (groups.has('hostile')) {
    // Issue 13: each parser's slowest adversarial input (the bound: 50 ms).
    results.hostile_input_max_ms = measureHostileInput();
    save();
  }
  if (groups.has('cloud')) {
    const cloud = await benchCloud(redis.url);
    results.cloud_msgs_per_s = round(cloud.msgsPerS);
    results.cloud_campaign = { recipients: cloud.sent, seconds: round(cloud.seconds, 2), configured_per_s: CLOUD_MAX_PER_SECOND };
    save();
  }
  if (groups.has('base')) {
    const noop = await bullmqNoop(redis.url, 20_000);
    const e2e = await endToEnd(redis.url, 10_000);
    const cadence = await editCadence(redis.url);
    const rss1k = await rssChild(redis.url, 1_000);
    const rss10k = await rssChild(redis.url, 10_000);
    const importDir = mkdtempSync(join(tmpdir(), 'bb-bench-import-'));
    const imported = await benchImport100k(importDir);
    Object.assign(results, {
      e2e_msgs_per_s: Math.round(e2e.msgsPerS),
      e2e_overhead_ms_per_msg: Math.round((1000 / e2e.msgsPerS) * 1000) / 1000,
      bullmq_noop_jobs_per_s: Math.round(noop),
      e2e_vs_noop_ratio: Math.round((e2e.msgsPerS / noop) * 100) / 100,
      edit_interval_ms: { mean: cadence.mean, max: cadence.max, min: cadence.min, edits: cadence.edits },
      summary_delay_ms: e2e.summaryDelay,
      import_100k_s: Math.round(imported.seconds * 100) / 100,
      import_100k_peak_rss_mb: imported.peakRssMb,
    });
    setSub('rss_mb', '1k', rss1k.peakRssMb);
    setSub('rss_mb', '10k', rss10k.peakRssMb);
    setSub('campaign_seconds', '1k', rss1k.seconds);
    setSub('campaign_seconds', '10k', rss10k.seconds);
    save();
  }
  save();
  printTable(results);
  process.stdout.write('\nwritten to bench/results.json\n');
} finally {
  await redis.stop();
}
process.exit(0);

/** "39.1 ms (CSV header cell)": the slowest parser's slowest adversarial input. */
function hostileWorst(r: Results): string {
  const table = r.hostile_input_max_ms as Record<string, number> | undefined;
  if (!table) return '–';
  const [parser, ms] = Object.entries(table).sort((a, b) => b[1] - a[1])[0] ?? ['–', 0];
  return `${ms} ms (${parser})`;
}

function printTable(r: Results) {
  const get = (key: string, sub?: string): string => {
    const value = sub ? (r[key] as Record<string, unknown> | undefined)?.[sub] : r[key];
    return value === undefined ? '–' : String(value);
  };
  const rows: [string, string, string][] = [
    ['end-to-end (10k, dry-run, unpaced)', `${get('e2e_msgs_per_s')} msg/s`, '>= 5000 msg/s'],
    ['overhead per message', `${get('e2e_overhead_ms_per_msg')} ms`, ''],
    ['BullMQ no-op jobs', `${get('bullmq_noop_jobs_per_s')} jobs/s`, ''],
    ['end-to-end / no-op', `${get('e2e_vs_noop_ratio')}`, '>= 0.3'],
    ['peak RSS 1k / 10k / 100k / 1M', ['1k', '10k', '100k', '1m'].map((s) => get('rss_mb', s)).join(' / ') + ' MB', '1M <= 160 MB'],
    ['progress edit gap mean / max', `${get('edit_interval_ms', 'mean')} / ${get('edit_interval_ms', 'max')} ms`, '3000 ± 10 %'],
    ['last send → summary', `${get('summary_delay_ms')} ms`, '<= 3000 ms'],
    ['import 100k rows', `${get('import_100k_s')} s`, ''],
    ['event-loop block: create 100k / 1M', `${get('event_loop_max_block_ms', 'create_100k')} / ${get('event_loop_max_block_ms', 'create_1m')} ms`, '<= 100 ms'],
    ['event-loop block: send 100k at 0 ms', `${get('event_loop_max_block_ms', 'send_100k_0ms')} ms`, '<= 100 ms'],
    ['event-loop block: send 100k at 1 ms', `${get('event_loop_max_block_ms', 'send_100k_1ms')} ms`, '<= 50 ms'],
    ['Cloud API (fake Graph API, 2k, at 80/s)', `${get('cloud_msgs_per_s')} msg/s`, `${CLOUD_MAX_PER_SECOND} msg/s (the configured maximum)`],
    ['disk written per recipient', `${get('disk_write_kb_per_recipient')} KB`, '<= 4 KB'],
    ['hostile input: slowest parser', hostileWorst(r), '<= 50 ms'],
    ['CLI count (dist) / (checkout) / help', `${get('cli_ms', 'count_dist')} / ${get('cli_ms', 'count_checkout')} / ${get('cli_ms', 'help')} ms`, '300 / 800 / 200 ms'],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  process.stdout.write(`\n${'metric'.padEnd(width)}  ${'result'.padEnd(34)}  target\n`);
  for (const [name, value, target] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padEnd(34)}  ${target}\n`);
}
