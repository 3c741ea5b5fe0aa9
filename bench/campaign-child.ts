/** Runs one campaign of BENCH_SIZE recipients in a fresh process and prints its peak RSS as JSON. */
import { startWorker } from '../src/queue/worker.js';
import { benchApp, rssSampler, seed } from './common.js';

const size = Number(process.env.BENCH_SIZE);
const { app } = await benchApp(process.env.BENCH_REDIS_URL as string);
await seed(app, size);
const worker = await startWorker(app);
const rss = rssSampler();
const started = Date.now();
const campaign = await app.campaigns.create({ title: `rss ${size}`, template: 'Halo {{name}}', audience: { kind: 'all' } }, { surface: 'cli', userId: 'bench' });
for (;;) {
  const c = await app.campaigns.get(campaign.id);
  if (c.status === 'completed') break;
  await new Promise((r) => setTimeout(r, 50));
}
const peak = rss.stop();
const seconds = (Date.now() - started) / 1000;
await worker.stop();
await app.close();
process.stdout.write(`${JSON.stringify({ size, peakRssMb: peak, seconds })}\n`);
process.exit(0);
