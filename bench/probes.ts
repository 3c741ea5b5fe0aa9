/** Probes the benchmark children use: event-loop blocks (timer gaps) and the bytes this process wrote to disk. */
import { readFileSync } from 'node:fs';

/**
 * Watches the event loop with a 5 ms interval timer: a gap longer than the interval means the loop was busy
 * for that long, which is exactly how late a chat command or a lock renewal would have been. `stop()` returns
 * the longest block in ms (gap minus the interval).
 */
export function loopBlockMonitor(intervalMs = 5): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - intervalMs);
    last = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      worst = Math.max(worst, performance.now() - last - intervalMs);
      return Math.round(Math.max(0, worst) * 10) / 10;
    },
  };
}

/** Bytes this process has caused to be written to the storage layer (`write_bytes` of /proc/self/io); 0 elsewhere. */
export function diskWriteBytes(): number {
  try {
    const match = /^write_bytes:\s*(\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    // Not Linux (no /proc): the figure is reported as 0 and the bench says so.
    return 0;
  }
}
