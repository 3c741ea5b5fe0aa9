/**
 * A small streaming vCard reader (RFC 2426 3.0, RFC 6350 4.0 and the older 2.1 that Android still writes):
 * folded lines, quoted-printable values (with CHARSET, and soft line breaks), escaped text, `TYPE=CELL`, bare
 * 2.1 types (`TEL;CELL:`), `tel:` URIs, Apple's `itemN.X-ABLabel` and `CATEGORIES`. It reads only what a
 * customer needs (name, numbers, categories, first e-mail, organisation) and holds one card at a time.
 *
 * Why not a package from npm: the maintained ones read 4.0 only (vcard4) or do not decode 2.1's
 * quoted-printable (vcf, ical.js), and none streams.
 */
import { contactRow, isMobileType, joinName, type Contact } from './contact.js';
import type { RowResult } from './columns.js';
import { decodeWindows1252 } from './decode.js';

export interface CardResult {
  /** 1 for the first card of the file. */
  card: number;
  /** The line of its BEGIN:VCARD. */
  line: number;
  result: RowResult;
}

/** A logical line longer than this is a photo or a sound, never a name or number: dropped, not buffered. */
const MAX_LOGICAL_LINE = 256 * 1024;

interface CardBuilder {
  card: number;
  line: number;
  fn: string | null;
  n: string[] | null;
  org: string | null;
  email: string | null;
  numbers: { value: string; mobile: boolean; group: string | null }[];
  categories: string[];
  /** Apple writes a number's type as a label of its group: `item1.TEL:…` + `item1.X-ABLabel:_$!<Mobile>!$_`. */
  labels: Map<string, string>;
}

/** Reads the cards of a vCard file, each as a customer row (or the reason it cannot be one). */
export async function* readVCards(text: AsyncIterable<string>, country: string): AsyncGenerator<CardResult> {
  let card: CardBuilder | null = null;
  let cards = 0;
  for await (const logical of logicalLines(text)) {
    const property = parseProperty(logical.text);
    if (property === null) continue;
    if (property.name === 'BEGIN' && property.value.trim().toUpperCase() === 'VCARD') {
      // A card left open (a truncated export) still counts: keep what it has.
      if (card) yield finish(card, country);
      card = newCard(++cards, logical.line);
    } else if (property.name === 'END' && property.value.trim().toUpperCase() === 'VCARD') {
      if (card) yield finish(card, country);
      card = null;
    } else if (card) {
      addProperty(card, property);
    }
  }
  if (card) yield finish(card, country);
}

function newCard(card: number, line: number): CardBuilder {
  return { card, line, fn: null, n: null, org: null, email: null, numbers: [], categories: [], labels: new Map() };
}

function finish(card: CardBuilder, country: string): CardResult {
  const [family, given, additional] = card.n ?? [];
  const contact: Contact = {
    name: card.fn || joinName(given, additional, family) || card.org || null,
    numbers: card.numbers.map((n) => ({
      value: n.value,
      mobile: n.mobile || (n.group !== null && isMobileType(card.labels.get(n.group) ?? '')),
    })),
    groups: card.categories,
    attributes: Object.fromEntries(
      Object.entries({ email: card.email ?? '', company: card.org ?? '' }).filter(([, v]) => v !== ''),
    ),
  };
  return { card: card.card, line: card.line, result: contactRow(contact, country) };
}

interface Property {
  group: string | null;
  name: string;
  /** Parameter names upper-cased; bare 2.1 parameters (`CELL`) are listed under TYPE. */
  params: Map<string, string[]>;
  value: string;
}

function addProperty(card: CardBuilder, property: Property): void {
  const { name, params } = property;
  switch (name) {
    case 'FN':
      card.fn = unescapeText(decodeValue(property)).trim() || card.fn;
      break;
    case 'N':
      card.n = splitEscaped(decodeValue(property), ';').map((part) => unescapeText(part).trim());
      break;
    case 'ORG':
      card.org = unescapeText(splitEscaped(decodeValue(property), ';')[0] ?? '').trim() || null;
      break;
    case 'EMAIL':
      card.email ??= decodeValue(property).trim() || null;
      break;
    case 'TEL': {
      const types = (params.get('TYPE') ?? []).join(',');
      const value = telValue(decodeValue(property));
      if (value !== '') card.numbers.push({ value, mobile: isMobileType(types), group: property.group });
      break;
    }
    case 'CATEGORIES':
      card.categories.push(...splitEscaped(decodeValue(property), ',').map(unescapeText));
      break;
    case 'X-ABLABEL':
      if (property.group) card.labels.set(property.group, decodeValue(property).replace(/^_\$!<|>!\$_$/g, ''));
      break;
  }
}

/** `tel:+62-813-1111-2222;ext=12` → `+62-813-1111-2222`; plain text numbers stay as written. */
function telValue(value: string): string {
  const text = value.trim();
  return /^tel:/i.test(text) ? (text.slice(4).split(';')[0] ?? '').trim() : text;
}

interface LogicalLine {
  line: number;
  /** Kept as pieces and joined once: growing one string and looking at its end would copy it on every line. */
  parts: string[];
  length: number;
  overlong: boolean;
  /** Its parameters (on the first physical line) say ENCODING=QUOTED-PRINTABLE. */
  quotedPrintable: boolean;
  /** The last piece ends with `=`: in quoted-printable, a soft line break. */
  softBreak: boolean;
}

/** Physical lines joined into logical ones: folding (a leading space/tab) and quoted-printable soft breaks. */
async function* logicalLines(text: AsyncIterable<string>): AsyncGenerator<{ line: number; text: string }> {
  let current: LogicalLine | null = null;
  let lineNumber = 0;
  for await (const physical of physicalLines(text)) {
    lineNumber++;
    // A quoted-printable soft line break first: there the next line is the value itself, spaces and all.
    if (current !== null && current.quotedPrintable && current.softBreak) {
      const last = current.parts.length - 1;
      current.parts[last] = (current.parts[last] ?? '').slice(0, -1);
      append(current, physical);
      continue;
    }
    if (current !== null && (physical.startsWith(' ') || physical.startsWith('\t'))) {
      append(current, physical.slice(1));
      continue;
    }
    if (current !== null && !current.overlong) yield { line: current.line, text: current.parts.join('') };
    current = {
      line: lineNumber,
      parts: [physical],
      length: physical.length,
      overlong: false,
      quotedPrintable: isQuotedPrintable(physical),
      softBreak: physical.endsWith('='),
    };
  }
  if (current !== null && !current.overlong) yield { line: current.line, text: current.parts.join('') };
}

function append(current: LogicalLine, more: string): void {
  // Tracked even for a dropped line, so the soft breaks of a long quoted-printable value still end with it.
  current.softBreak = more.endsWith('=');
  if (current.overlong) return;
  current.length += more.length;
  if (current.length > MAX_LOGICAL_LINE) {
    current.overlong = true;
    current.parts = [];
    return;
  }
  current.parts.push(more);
}

/** Lines of the text, split on CRLF, LF or CR, also when a chunk ends between CR and LF. */
async function* physicalLines(text: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of text) {
    const all = carry + chunk;
    // A CR at the very end may be the first half of a CRLF: wait for the next chunk to tell.
    const end = all.endsWith('\r') ? all.length - 1 : all.length;
    const lines = all.slice(0, end).split(/\r\n|\r|\n/);
    carry = (lines.pop() ?? '') + all.slice(end);
    if (carry.length > MAX_LOGICAL_LINE) carry = carry.slice(-MAX_LOGICAL_LINE);
    yield* lines;
  }
  if (carry !== '' && carry !== '\r') yield carry.replace(/\r$/, '');
}

function isQuotedPrintable(line: string): boolean {
  const colon = line.indexOf(':');
  return colon !== -1 && /quoted-printable/i.test(line.slice(0, colon));
}

/** `item1.TEL;TYPE="cell,voice";PREF=1:value` → group, name, parameters and the raw value. */
function parseProperty(line: string): Property | null {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon === -1) return null;
  const [head = '', ...rawParams] = splitOutsideQuotes(line.slice(0, colon), ';');
  const dot = head.lastIndexOf('.');
  const params = new Map<string, string[]>();
  for (const raw of rawParams) {
    const equals = raw.indexOf('=');
    const key = equals === -1 ? 'TYPE' : raw.slice(0, equals).trim().toUpperCase();
    const value = equals === -1 ? raw : raw.slice(equals + 1);
    const values = splitOutsideQuotes(value, ',').map((v) => v.trim().replace(/^"|"$/g, ''));
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  // 2.1 writes the encoding bare too (`TEL;QUOTED-PRINTABLE:`).
  const bare = params.get('TYPE') ?? [];
  const bareEncoding = bare.find((t) => /^(quoted-printable|base64)$/i.test(t));
  if (bareEncoding && !params.has('ENCODING')) params.set('ENCODING', [bareEncoding]);
  return {
    group: dot === -1 ? null : head.slice(0, dot).toLowerCase(),
    name: head
      .slice(dot + 1)
      .trim()
      .toUpperCase(),
    params,
    value: line.slice(colon + 1),
  };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The value as text: quoted-printable or base64 decoded in its CHARSET (UTF-8 unless it says otherwise). */
function decodeValue(property: Property): string {
  const encoding = (property.params.get('ENCODING')?.[0] ?? '').toLowerCase();
  const charset = property.params.get('CHARSET')?.[0] ?? 'utf-8';
  if (encoding === 'quoted-printable') return decodeBytes(quotedPrintableBytes(property.value), charset);
  if (encoding === 'b' || encoding === 'base64') return decodeBytes(Buffer.from(property.value, 'base64'), charset);
  return property.value;
}

function quotedPrintableBytes(value: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    const hex = char === '=' ? value.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      // Text outside =XX is ASCII in quoted-printable; anything else came decoded with the file already.
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/**
 * Bytes in the card's CHARSET. Bytes that are not valid in it (a phone that wrote Latin-1 but said UTF-8) are
 * read as Windows-1252 rather than stored as replacement characters.
 */
function decodeBytes(bytes: Buffer, charset: string): string {
  const label = charset.trim().toLowerCase();
  if (label === 'windows-1252' || label === 'cp1252' || label === 'iso-8859-1' || label === 'latin1')
    return decodeWindows1252(bytes);
  const known = label === 'utf-8' || label === 'utf8' || !isKnownCharset(label) ? 'utf-8' : label;
  try {
    return new TextDecoder(known, { fatal: true }).decode(bytes);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return decodeWindows1252(bytes);
  }
}

function isKnownCharset(label: string): boolean {
  try {
    return new TextDecoder(label).encoding !== '';
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** Splits on `separator` where it is not escaped with a backslash (N's `;`, CATEGORIES' `,`). */
function splitEscaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Undoes vCard text escapes: `\n` (or `\N`) is a line break, `\,` `\;` `\\` the character itself. */
function unescapeText(text: string): string {
  return text.replace(/\\([nN,;\\:])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}
