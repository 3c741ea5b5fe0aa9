/**
 * `npm run bench`: end-to-end throughput through the real queue and store (dry-run sender, zero latency,
 * pacing off), raw BullMQ no-op throughput in the same run, peak RSS per campaign size, progress-edit
 * cadence, summary delay and the 100k-row import. Prints a table and writes bench/results.json.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { loadConfig } from '../src/config/env.js';
import { silentLogger } from '../src/logging/logger.js';
import { ensureRedis } from '../src/ops/private-redis.js';
import { connectRedis, redisOptionsFromUrl } from '../src/queue/redis.js';
import { startWorker } from '../src/queue/worker.js';
import { RecordingNotifier } from '../test/helpers/recording-notifier.js';
import { benchImport100k } from './import.js';
import { benchApp, seed } from './common.js';

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

function rssChild(redisUrl: string, size: number): Promise<{ peakRssMb: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/campaign-child.ts'], {
      cwd: root,
      env: { ...process.env, BENCH_SIZE: String(size), BENCH_REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`rss child exited ${code}`))));
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'bb-bench-redis-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const redis = await ensureRedis(config, silentLogger());
try {
  const noop = await bullmqNoop(redis.url, 20_000);
  const e2e = await endToEnd(redis.url, 10_000);
  const cadence = await editCadence(redis.url);
  const rss1k = await rssChild(redis.url, 1_000);
  const rss10k = await rssChild(redis.url, 10_000);
  const rss100k = await rssChild(redis.url, 100_000);
  const importDir = mkdtempSync(join(tmpdir(), 'bb-bench-import-'));
  const imported = await benchImport100k(importDir);
  const results = {
    e2e_msgs_per_s: Math.round(e2e.msgsPerS),
    e2e_overhead_ms_per_msg: Math.round((1000 / e2e.msgsPerS) * 1000) / 1000,
    bullmq_noop_jobs_per_s: Math.round(noop),
    e2e_vs_noop_ratio: Math.round((e2e.msgsPerS / noop) * 100) / 100,
    rss_mb: { '1k': rss1k.peakRssMb, '10k': rss10k.peakRssMb, '100k': rss100k.peakRssMb },
    rss_100k_minus_1k_mb: Math.round((rss100k.peakRssMb - rss1k.peakRssMb) * 10) / 10,
    campaign_seconds: { '1k': rss1k.seconds, '10k': rss10k.seconds, '100k': rss100k.seconds },
    edit_interval_ms: { mean: cadence.mean, max: cadence.max, min: cadence.min, edits: cadence.edits },
    summary_delay_ms: e2e.summaryDelay,
    import_100k_s: Math.round(imported.seconds * 100) / 100,
    import_100k_peak_rss_mb: imported.peakRssMb,
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    at: new Date().toISOString(),
  };
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const rows: [string, string, string][] = [
    ['end-to-end (10k, dry-run, unpaced)', `${results.e2e_msgs_per_s} msg/s`, '>= 1000 msg/s'],
    ['overhead per message', `${results.e2e_overhead_ms_per_msg} ms`, ''],
    ['BullMQ no-op jobs', `${results.bullmq_noop_jobs_per_s} jobs/s`, ''],
    ['end-to-end / no-op', `${Math.round(results.e2e_vs_noop_ratio * 100)} %`, '>= 30 %'],
    ['peak RSS 1k / 10k / 100k', `${rss1k.peakRssMb} / ${rss10k.peakRssMb} / ${rss100k.peakRssMb} MB`, '100k - 1k <= 150 MB'],
    ['progress edit gap mean / max', `${cadence.mean} / ${cadence.max} ms (${cadence.edits} edits)`, '3000 ± 10 %'],
    ['last send → summary', `${results.summary_delay_ms} ms`, '<= 3000 ms'],
    ['import 100k rows', `${results.import_100k_s} s (peak ${imported.peakRssMb} MB)`, ''],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${'metric'.padEnd(width)}  ${'result'.padEnd(34)}  target\n`);
  for (const [name, value, target] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padEnd(34)}  ${target}\n`);
  process.stdout.write('\nwritten to bench/results.json\n');
} finally {
  await redis.stop();
}
process.exit(0);
