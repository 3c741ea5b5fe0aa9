import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registerCatalogue, t, type Catalogue } from '../../src/i18n/index.js';

const DIR = fileURLToPath(new URL('../../src/i18n/', import.meta.url));
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every catalogue file's exported catalogues, by file. */
async function catalogues(): Promise<{ file: string; catalogue: Catalogue }[]> {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  const found: { file: string; catalogue: Catalogue }[] = [];
  for (const file of files) {
    const module = (await import(`../../src/i18n/${file.replace(/\.ts$/, '')}.ts`)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (!value || typeof value !== 'object') continue;
      found.push({ file, catalogue: value as Catalogue });
      // Some areas register only when their surface loads (Slack); the test wants all of them.
      registerCatalogue(value as Catalogue);
    }
  }
  return found;
}

/**
 * Texts that are the same in both languages on purpose: proper nouns, codes, and formats with no words.
 * Keep this short; a new entry needs a reason.
 */
const SAME_IN_BOTH = new Set<string>([
  'progress.status', // "Status" is Indonesian too
  'cli.show.campaign', // "Campaign" is the product's word in both languages
  'customers.tags.header_total', // "total" is Indonesian too
  'customers.tags.header_tag', // "tag" is Indonesian too
  'schedule.when.cron', // a cron expression is code
  'tg.campaign.id', // "ID" is a code
  'slack.alert.generic', // the fallback for alert kinds no text exists for: the kind is a code
  'customers.format.vcard', // "vCard (.vcf)" is a format's name
]);

/** The {name} placeholders of a text; template examples such as {{name|Pelanggan}} are words, not placeholders. */
const placeholders = (text: string) =>
  [...text.replace(/(?<!\{)\{\{\w+(\|[^}]*)?\}\}/g, '').matchAll(/\{(\w+)(?::\w+)?\}/g)].map((m) => m[1]).sort();

/** True when a text has words (not only placeholders, numbers, signs and emoji). */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text.replace(/\{\w+(?::\w+)?\}/g, ''));

describe('the message catalogue', () => {
  it('has every key in Indonesian and English, non-empty, with the same placeholders', async () => {
    const all = await catalogues();
    expect(all.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const { file, catalogue } of all) {
      for (const [key, entry] of Object.entries(catalogue)) {
        if (typeof entry?.id !== 'string' || entry.id.trim() === '') problems.push(`${file} ${key}: no Indonesian`);
        if (typeof entry?.en !== 'string' || entry.en.trim() === '') problems.push(`${file} ${key}: no English`);
        if (typeof entry?.id === 'string' && typeof entry?.en === 'string') {
          if (placeholders(entry.id).join() !== placeholders(entry.en).join()) problems.push(`${file} ${key}: placeholders differ`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no Indonesian text that is just the English one (except a short list of names and codes)', async () => {
    const same: string[] = [];
    for (const { catalogue } of await catalogues()) {
      for (const [key, entry] of Object.entries(catalogue)) if (entry.id === entry.en && hasWords(entry.id) && !SAME_IN_BOTH.has(key)) same.push(`${key}: ${entry.id}`);
    }
    expect(same).toEqual([]);
  });

  it('knows every key the code asks for by name, in both languages', async () => {
    await catalogues();
    const missing: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(SRC)) {
      const code = readFileSync(file, 'utf8');
      // t(locale, 'key' …), tr('key' …) and messageKey 'key' written literally; keys built at run time are not checked here.
      for (const m of code.matchAll(/\b(?:t\([^,()]+,\s*|tr\(|messageKey = |ValidationError\('\w+',\s*)'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) {
        const key = m[1] ?? '';
        checked++;
        for (const locale of ['id', 'en'] as const) if (t(locale, key) === key) missing.push(`${file.slice(SRC.length)}: ${key} (${locale})`);
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect([...new Set(missing)]).toEqual([]);
  });
});
