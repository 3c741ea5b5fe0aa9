/** Reading the bytes of a contacts file as text: UTF-8, UTF-16, Windows-1252, and chunk boundaries. */
import { describe, expect, it } from 'vitest';
import {
  decodeText,
  decodeWindows1252,
  TextEncodingError,
  validPrefixLength,
} from '../../src/campaigns/customers/decode.js';

/** The bytes in chunks of `size` (1 = every byte alone, so every multi-byte character is cut). */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function decodeAll(bytes: Buffer, size = bytes.length || 1) {
  const { text, info } = decodeText(chunked(bytes, size));
  let all = '';
  for await (const part of text) all += part;
  return { text: all, info };
}

const SAMPLE = 'phone,name\n0812,José Ñúñez 🌸 王\n';

describe('decodeText', () => {
  it.each([1, 2, 3, 5, 64])(
    'reads UTF-8 cut into %i-byte chunks exactly, without replacement characters',
    async (size) => {
      const result = await decodeAll(Buffer.from(SAMPLE, 'utf8'), size);
      expect(result).toEqual({ text: SAMPLE, info: { encoding: 'utf-8' } });
    },
  );

  it('drops a UTF-8 BOM', async () => {
    const result = await decodeAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]), 1);
    expect(result.text).toBe(SAMPLE);
    expect(result.info.encoding).toBe('utf-8');
  });

  it.each([
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(SAMPLE, 'utf16le').swap16()])],
    ['utf-16le', Buffer.from(SAMPLE, 'utf16le')],
  ])('reads %s (with or without a BOM), also cut at odd bytes', async (encoding, bytes) => {
    for (const size of [1, 3, 1024]) {
      const result = await decodeAll(bytes, size);
      expect(result).toEqual({ text: SAMPLE, info: { encoding } });
    }
  });

  it('refuses UTF-16 whose bytes are broken (an unpaired surrogate) instead of storing �', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('ab', 'utf16le'),
      Buffer.from([0x00, 0xd8]),
      Buffer.from('cd', 'utf16le'),
    ]);
    await expect(decodeAll(bytes)).rejects.toBeInstanceOf(TextEncodingError);
  });

  it.each([1, 7, 4096])('reads a file that is not UTF-8 as Windows-1252 (%i-byte chunks)', async (size) => {
    const bytes = Buffer.from([
      ...Buffer.from('name\nJos'),
      0xe9,
      ...Buffer.from(' '),
      0x80,
      0x93,
      0x94,
      ...Buffer.from('\n'),
    ]);
    const result = await decodeAll(bytes, size);
    expect(result).toEqual({ text: 'name\nJosé €“”\n', info: { encoding: 'windows-1252' } });
  });

  it('says from which line a file that starts as UTF-8 and turns Windows-1252 was read so', async () => {
    const bytes = Buffer.concat([
      Buffer.from('name\nJosé\nAna\n', 'utf8'),
      Buffer.from([0x46, 0x72, 0x61, 0x6e, 0xe7, 0x6f, 0x69, 0x73, 0x0a]),
    ]);
    for (const size of [1, 4, 1024]) {
      const result = await decodeAll(bytes, size);
      expect(result.text).toBe('name\nJosé\nAna\nFrançois\n');
      expect(result.info).toEqual({ encoding: 'windows-1252', switchedAtLine: 4 });
    }
  });

  it('treats a UTF-8 sequence cut off at the end of the file as Windows-1252', async () => {
    const result = await decodeAll(Buffer.from([0x61, 0xc3]), 1);
    expect(result).toEqual({ text: 'aÃ', info: { encoding: 'windows-1252' } });
  });
});

describe('UTF-8 validation and Windows-1252', () => {
  it('finds the first byte that breaks UTF-8: overlong forms, surrogates and stray continuation bytes', () => {
    expect(validPrefixLength(Buffer.from('aé🌸', 'utf8'))).toBe(7);
    expect(validPrefixLength(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(validPrefixLength(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(validPrefixLength(Buffer.from([0x80]))).toBe(0);
    expect(validPrefixLength(Buffer.from([0x61, 0xe9, 0x20]))).toBe(1);
  });

  it('maps 0x80–0x9F to the Windows-1252 characters, not Latin-1 controls', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x8a, 0x99, 0x9f, 0xe9, 0xff]))).toBe('€Š™Ÿéÿ');
  });
});
