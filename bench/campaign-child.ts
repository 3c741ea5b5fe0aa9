/**
 * Runs one campaign of BENCH_SIZE recipients in a fresh process and prints, as JSON: peak RSS, seconds, the
 * longest event-loop block while creating and while sending, and the bytes written to disk by creating and
 * sending. BENCH_LATENCY_MS sets the dry-run sender's latency. The customers are stored beforehand by the same
 * script with BENCH_PHASE=seed in its own process, into the same BENCH_DATA_DIR: the figures are those of a
 * process whose customers were already stored (as the issue defines them), not of one still holding the
 * memory an import of a million rows grew.
 */
import { tuneHeap } from '../src/ops/heap.js';
import { startWorker } from '../src/queue/worker.js';
import { benchApp, rssSampler, seed } from './common.js';
import { diskWriteBytes, loopBlockMonitor } from './probes.js';

const size = Number(process.env.BENCH_SIZE);
const env = { DRY_RUN_LATENCY_MS: process.env.BENCH_LATENCY_MS ?? '0', DATA_DIR: process.env.BENCH_DATA_DIR as string };
const { app, config } = await benchApp(process.env.BENCH_REDIS_URL as string, env);
// As `broadcast-bot start` runs the product (src/bots/console/commands/start.ts).
tuneHeap(config.HEAP_GROWING_PERCENT);
const kb = (bytes: number) => Math.round((bytes / 1024 / size) * 100) / 100;
if (process.env.BENCH_PHASE === 'seed') {
  const before = diskWriteBytes();
  await seed(app, size);
  await app.close();
  process.stdout.write(`${JSON.stringify({ seedKbPerRecipient: kb(diskWriteBytes() - before) })}\n`);
  process.exit(0);
}
const io1 = diskWriteBytes();
// Peak RSS of the campaign itself (customers already stored), as the earlier figures were measured.
const rss = rssSampler();
const worker = await startWorker(app);
const started = Date.now();
const creating = loopBlockMonitor();
const campaign = await app.campaigns.create({ title: `rss ${size}`, template: 'Halo {{name}}', audience: { kind: 'all' } }, { surface: 'cli', userId: 'bench' });
const createBlockMs = creating.stop();
const createSeconds = (Date.now() - started) / 1000;
const io2 = diskWriteBytes();
const sending = loopBlockMonitor();
for (;;) {
  const c = await app.campaigns.get(campaign.id);
  if (c.status === 'completed') break;
  await new Promise((r) => setTimeout(r, 50));
}
const sendBlockMs = sending.stop();
const io3 = diskWriteBytes();
const peak = rss.stop();
const seconds = (Date.now() - started) / 1000;
await worker.stop();
await app.close();
const io4 = diskWriteBytes();
process.stdout.write(
  `${JSON.stringify({
    size,
    peakRssMb: peak,
    peakRssDetailMb: rss.detail(),
    seconds,
    createSeconds,
    createBlockMs,
    sendBlockMs,
    diskKbPerRecipient: { create: kb(io2 - io1), send: kb(io3 - io2), close: kb(io4 - io3) },
  })}\n`,
);
process.exit(0);
