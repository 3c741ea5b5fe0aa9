/**
 * The 100,000-row customer import: generates a CSV (streamed), imports it into a fresh SQLite store through the
 * use case, and measures wall time and peak RSS. It runs in a child process so the RSS is the import's own,
 * not what earlier benchmarks left in the heap.
 *
 * Run alone: `node --import tsx bench/import.ts [rows]`.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCustomerUseCases } from '../src/campaigns/customers/use-cases.js';
import { silentLogger } from '../src/logging/logger.js';
import { openStore } from '../src/models/index.js';

export interface ImportBench {
  seconds: number;
  peakRssMb: number;
  rows: number;
  /** RSS just before the import started (after generating the file and opening the store). */
  baselineRssMb: number;
  created: number;
  rejected: number;
}

const SAMPLE_MS = 50;

/** Generates and imports a 100,000-row CSV in `dir`; the figures for `import_100k_s` in bench/results.json. */
export async function benchImport100k(dir: string): Promise<{ seconds: number; peakRssMb: number; rows: number }> {
  return benchImportInChild(dir, 100_000);
}

/** Runs `measureImport` in a fresh Node process and returns its figures. */
export async function benchImportInChild(dir: string, rows: number): Promise<ImportBench> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--child', dir, String(rows)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`import benchmark failed (exit ${code}): ${stderr.trim() || stdout}`);
  return JSON.parse(last) as ImportBench;
}

/** Writes a customer CSV of `rows` data rows: 1% repeat an earlier phone, 0.5% have an invalid number. */
export async function writeCustomerCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? null : new Promise<void>((r) => out.once('drain', r)));
  const phone = (i: number) => {
    const digits = String(10_000_000 + i).slice(-8);
    return `0812-${digits.slice(0, 4)}-${digits.slice(4)}`;
  };
  await write('phone,name,tags,kota,catatan\r\n');
  for (let i = 0; i < rows; i++) {
    const number = i % 200 === 0 ? `08xx${i}` : i % 100 === 50 ? phone(i - 50) : phone(i);
    const tags = i % 3 === 0 ? '"vip, jakarta"' : i % 3 === 1 ? 'reseller|baru' : '';
    const pending = write(`${number},Pelanggan ${i},${tags},Kota ${i % 50},"catatan ${i}, baris ""${i}"""\r\n`);
    if (pending) await pending;
  }
  out.end();
  await finished(out);
}

/** Generates the CSV in `dir`, then imports it into a new SQLite store there, sampling RSS every 50 ms. */
export async function measureImport(dir: string, rows: number): Promise<ImportBench> {
  const csv = join(dir, `customers-${rows}.csv`);
  await writeCustomerCsv(csv, rows);
  const store = await openStore({ MONGODB_URI: undefined, SQLITE_PATH: join(dir, `import-bench-${Date.now()}.db`) }, silentLogger());
  try {
    const customers = createCustomerUseCases({ store, config: { DEFAULT_COUNTRY: 'ID' }, logger: silentLogger() });
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), SAMPLE_MS);
    const started = performance.now();
    const report = await customers.importCsv(csv, { surface: 'cli', userId: 'bench' });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    return {
      seconds: Math.round(seconds * 100) / 100,
      peakRssMb: mb(peak),
      rows,
      baselineRssMb: mb(baseline),
      created: report.created,
      rejected: report.rejected,
    };
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, dirArg, rowsArg] = process.argv.slice(2);
  if (flag === '--child' && dirArg && rowsArg) {
    process.stdout.write(`${JSON.stringify(await measureImport(dirArg, Number(rowsArg)))}\n`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'bb-import-bench-'));
    try {
      const rows = flag ? Number(flag) : 100_000;
      process.stdout.write(`${JSON.stringify(await benchImportInChild(dir, rows))}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
