/**
 * A worker in its own process, for crash tests: `node --import tsx test/helpers/worker-child.ts` with the
 * test app's environment plus TEST_PREFIX. Prints "ready" once the worker takes jobs; exits on SIGTERM.
 */
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { silentLogger } from '../../src/logging/logger.js';
import { startWorker } from '../../src/queue/worker.js';

const config = loadConfig(process.env);
const app = await createApp(config, { logger: silentLogger(), prefix: process.env.TEST_PREFIX ?? 'bb' });
const worker = await startWorker(app);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  const started = Date.now();
  worker
    .stop()
    .then(() => app.close())
    .then(() => {
      process.stdout.write(`stopped ${Date.now() - started}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
});
