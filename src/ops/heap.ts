/**
 * How far V8 lets the JavaScript heap grow past what the last full garbage collection left alive before it
 * collects again (V8's `--heap-growing-percent`), set by `broadcast-bot start` from HEAP_GROWING_PERCENT (default 30).
 *
 * V8's own factor is picked from its measured speeds, up to 4×. A sending process keeps about 25 MB alive but
 * churns through short-lived rows (a million-recipient campaign reads, renders and writes a million of them),
 * so with that factor it carried 60–100 MB of garbage between full collections: peak RSS about 200 MB
 * (bench: `rss_mb.1m`). At 30 % it peaks about 145 MB, in the same time. The cost is more frequent full
 * collections, which V8 runs mostly on its helper threads.
 */
import v8 from 'node:v8';

/**
 * Sets V8's heap growing factor to 1 + `percent` / 100 for this process; 0 leaves V8's default. V8 reads the
 * value at every full collection, so setting it once the process runs takes effect from the next one.
 */
export function tuneHeap(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growing percent must be a whole number ≥ 0, got ${percent}`);
  if (percent === 0) return;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
