/** The CLI's store-only logger makes the real logger only when a line at its level is due, and then logs it all. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, lazyLogger, type Logger } from '../../src/logging/logger.js';

function lazyCapture(level: string) {
  const lines: string[] = [];
  let made = 0;
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = lazyLogger(level, (): Logger => {
    made += 1;
    return createLogger({ level, pretty: false, destination });
  });
  return { lines, logger, made: () => made };
}

describe('lazy logger', () => {
  it('does not make the real logger for lines below its level, even through children', () => {
    const { lines, logger, made } = lazyCapture('warn');
    const child = logger.child({ store: 'sqlite' });
    child.info({ version: 1 }, 'applied migration');
    logger.debug('detail');
    expect(made()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('makes it once for the first line due, keeps child bindings and redacts secrets', () => {
    const { lines, logger, made } = lazyCapture('warn');
    const child = logger.child({ store: 'sqlite' });
    child.warn({ token: 'abc' }, 'disk nearly full');
    logger.error('second');
    expect(made()).toBe(1);
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(first).toMatchObject({ store: 'sqlite', token: '[redacted]', msg: 'disk nearly full', level: 40 });
    expect(lines).toHaveLength(2);
  });

  it('can be returned from an async function without being made (it is not a thenable)', async () => {
    const { logger, made } = lazyCapture('warn');
    const returned = await Promise.resolve(logger);
    returned.info('below the level');
    expect(made()).toBe(0);
  });

  it('a silent logger never makes the real one for log lines', () => {
    const { logger, made } = lazyCapture('silent');
    logger.fatal('nothing');
    expect(made()).toBe(0);
  });
});
