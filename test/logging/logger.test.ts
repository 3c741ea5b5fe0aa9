import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from '../../src/logging/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', pretty: false, destination }) };
}

describe('logger', () => {
  it('redacts secrets by key and by shape, including inside error messages and child bindings', () => {
    const { lines, logger } = capture();
    const token = '123456789:AAH-abcdefghijklmnopqrstuvwxyz012345';
    logger.child({ campaignId: 'c1', token }).info({ config: { SLACK_BOT_TOKEN: 'xoxb-1-2-3' } }, `calling https://api.telegram.org/bot${token}/getMe`);
    logger.error({ err: new Error(`request failed for bot${token} with xoxb-999-888`) }, 'failed');
    logger.info({ url: 'mongodb://user:hunter2@db:27017/x' }, 'connecting');
    const out = lines.join('');
    expect(out).not.toContain('AAH-abcdefghijklmnopqrstuvwxyz012345');
    expect(out).not.toContain('xoxb-1-2-3');
    expect(out).not.toContain('xoxb-999-888');
    expect(out).not.toContain('hunter2');
    expect(out).toContain('"campaignId":"c1"');
    expect(out).toContain('[redacted]');
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('campaign abc sent 12 of 50 to +6281234567890')).toBe('campaign abc sent 12 of 50 to +6281234567890');
  });
});
