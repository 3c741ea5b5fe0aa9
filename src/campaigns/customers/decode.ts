/**
 * Turns the bytes of an uploaded contacts file into text, streamed: UTF-8 (with or without a BOM), UTF-16
 * (Excel's "Unicode text", with a BOM), and anything that is not valid UTF-8 as Windows-1252 (Excel's
 * "CSV (Comma delimited)" on Windows). Which encoding was used is reported, so the import summary can say so:
 * a wrong guess must never turn "José" into "Jos�" without a word.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodeInfo {
  /** The encoding the (rest of the) file was read in. */
  encoding: TextEncodingName;
  /**
   * Set when the file started as valid UTF-8 with non-ASCII text and then stopped being UTF-8 (a file pieced
   * together from two sources): the first line read as Windows-1252.
   */
  switchedAtLine?: number;
}

/** The file is UTF-16 (it said so with its BOM) but its bytes are not. */
export class TextEncodingError extends Error {
  constructor(readonly encoding: TextEncodingName) {
    super(`the file starts like ${encoding.toUpperCase()} text but is not valid ${encoding.toUpperCase()}`);
    this.name = 'TextEncodingError';
  }
}

/** Bytes read before deciding between UTF-8 and UTF-16: enough for a BOM and a few characters. */
const SNIFF_BYTES = 4;

/**
 * Decodes `source` to text chunks; `info` is final once the generator is done, and `info.encoding` is known
 * after the first chunk was yielded (UTF-8 may still turn into Windows-1252 later, see `switchedAtLine`).
 */
export function decodeText(source: AsyncIterable<Buffer | string>): { text: AsyncGenerator<string>; info: DecodeInfo } {
  const info: DecodeInfo = { encoding: 'utf-8' };
  return { text: decode(source, info), info };
}

async function* decode(source: AsyncIterable<Buffer | string>, info: DecodeInfo): AsyncGenerator<string> {
  let head = Buffer.alloc(0);
  let decoder: Decoder | null = null;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      // Already text (a caller that decoded it): nothing to guess.
      decoder ??= new PassThrough();
      yield chunk;
      continue;
    }
    if (decoder === null) {
      head = Buffer.concat([head, chunk]);
      if (head.length < SNIFF_BYTES) continue;
      decoder = pick(head, info);
      yield decoder.push(head);
      continue;
    }
    const text = decoder.push(chunk);
    if (text !== '') yield text;
  }
  if (decoder === null && head.length > 0) {
    decoder = pick(head, info);
    yield decoder.push(head);
  }
  const rest = decoder?.end() ?? '';
  if (rest !== '') yield rest;
}

interface Decoder {
  push(bytes: Buffer): string;
  end(): string;
}

function pick(head: Buffer, info: DecodeInfo): Decoder {
  const utf16 = utf16Of(head);
  if (utf16 !== null) {
    info.encoding = utf16;
    return new Utf16Decoder(utf16);
  }
  return new Utf8OrWindows1252(info);
}

/** UTF-16 by its BOM, or by the zero bytes of ASCII text written as UTF-16 when the BOM is missing. */
function utf16Of(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return 'utf-16le';
  if (head.length >= 4 && head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return 'utf-16be';
  return null;
}

class PassThrough implements Decoder {
  push(bytes: Buffer): string {
    return bytes.toString('utf8');
  }
  end(): string {
    return '';
  }
}

class Utf16Decoder implements Decoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  constructor(private readonly encoding: 'utf-16le' | 'utf-16be') {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }
  push(bytes: Buffer): string {
    return this.run(() => this.decoder.decode(bytes, { stream: true }));
  }
  end(): string {
    return this.run(() => this.decoder.decode());
  }
  private run(decode: () => string): string {
    try {
      return decode();
    } catch (error) {
      if (error instanceof TypeError) throw new TextEncodingError(this.encoding);
      throw error;
    }
  }
}

/**
 * UTF-8 while the bytes are valid UTF-8; from the first invalid byte on, Windows-1252. Text before it is
 * kept as decoded: when it was all ASCII (the usual case) both encodings read it the same.
 */
class Utf8OrWindows1252 implements Decoder {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  /** Bytes of a UTF-8 sequence cut by the chunk boundary, kept for the next chunk. */
  private carry = Buffer.alloc(0);
  private nonAscii = false;
  private lines = 1;

  constructor(private readonly info: DecodeInfo) {}

  push(bytes: Buffer): string {
    if (this.info.encoding === 'windows-1252') return decodeWindows1252(bytes);
    const all = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    const cut = completeLength(all);
    this.carry = Buffer.from(all.subarray(cut));
    return this.decode(all.subarray(0, cut));
  }

  end(): string {
    if (this.info.encoding === 'windows-1252' || this.carry.length === 0) return '';
    // A sequence left open at the end of the file is not UTF-8.
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return this.switchAt(rest, 0);
  }

  private decode(bytes: Buffer): string {
    try {
      // `stream` keeps the BOM rule to the start of the file; `carry` already holds back cut sequences.
      const text = this.utf8.decode(bytes, { stream: true });
      this.track(text);
      return text;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return this.switchAt(bytes, validPrefixLength(bytes));
    }
  }

  /** Decodes `bytes` as UTF-8 up to the line holding the invalid byte at `invalid`, the rest as Windows-1252. */
  private switchAt(bytes: Buffer, invalid: number): string {
    // When everything before the invalid byte was ASCII, both encodings read it the same: switch cleanly.
    const mixed = this.nonAscii || bytes.subarray(0, invalid).some((byte) => byte >= 0x80);
    const lineStart = mixed && invalid > 0 ? bytes.lastIndexOf(0x0a, invalid - 1) + 1 : 0;
    const before = this.utf8.decode(bytes.subarray(0, lineStart));
    this.track(before);
    if (mixed) this.info.switchedAtLine = this.lines;
    this.info.encoding = 'windows-1252';
    return before + decodeWindows1252(bytes.subarray(lineStart));
  }

  private track(text: string): void {
    if (!this.nonAscii && hasNonAscii(text)) this.nonAscii = true;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lines++;
  }
}

/** The length of `bytes` without a trailing UTF-8 sequence that the next chunk may complete. */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] as number;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) return sequenceLength(byte) > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return 2;
}

/** Where the first byte that breaks UTF-8 is (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). */
export function validPrefixLength(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const length =
      byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    const second = bytes[i + 1] as number;
    const [low, high] =
      byte === 0xe0
        ? [0xa0, 0xbf]
        : byte === 0xed
          ? [0x80, 0x9f]
          : byte === 0xf0
            ? [0x90, 0xbf]
            : byte === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) {
      if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return bytes.length;
}

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

/** Windows-1252's characters at 0x80–0x9F (where it differs from Latin-1); the five unassigned bytes stay C1. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];

/**
 * Decodes Windows-1252. Not with TextDecoder('windows-1252'): Node 20 decodes that label as Latin-1, which turns
 * "€" (0x80) into an invisible control character.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!bytes.some((byte) => byte >= 0x80 && byte <= 0x9f)) return latin1;
  let text = '';
  for (let i = 0; i < latin1.length; i++) {
    const code = latin1.charCodeAt(i);
    text += code >= 0x80 && code <= 0x9f ? String.fromCharCode(CP1252_HIGH[code - 0x80] as number) : latin1[i];
  }
  return text;
}
