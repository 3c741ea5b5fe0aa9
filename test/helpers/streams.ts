/** A writable stream for a command's stdout or stderr in tests, and the text written to it so far. */
import { PassThrough } from 'node:stream';

/** Captures what is written to `stream`; `text()` returns everything so far. */
export function captureStream(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let written = '';
  stream.on('data', (d: Buffer) => (written += d.toString()));
  return { stream, text: () => written };
}
