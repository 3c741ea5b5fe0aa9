import { PassThrough } from 'node:stream';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { cronLogger } from '../../src/schedules/runner.js';

describe("node-cron's own log lines", () => {
  it('reach pino through the scheduler\'s logger adapter', async () => {
    const destination = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    destination.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const logger = createLogger({ level: 'info', pretty: false, destination });
    // A coordinator that fails makes node-cron log an error and skip the run (fail-closed).
    const task = cron.createTask('* * * * * *', () => undefined, {
      name: 'logger-test',
      distributed: true,
      runCoordinator: {
        shouldRun: () => {
          throw new Error('redis is down');
        },
      },
      logger: cronLogger(logger),
    });
    await task.start();
    try {
      await expect.poll(() => lines.length, { timeout: 5000 }).toBeGreaterThan(0);
    } finally {
      await task.destroy();
    }
    expect(lines[0]).toMatchObject({
      level: 50,
      module: 'node-cron',
      msg: 'Run coordinator failed; skipping execution (fail-closed)',
      err: expect.objectContaining({ message: 'redis is down' }),
    });
  });
});
