/**
 * Giving the event loop back between slices of long work (audience scans, recipient inserts), so a chat
 * command, a progress edit or a BullMQ lock renewal in the same process waits for one slice, not the job.
 */

/** Resolves after pending I/O and timers have had their turn (a macrotask: an awaited promise alone is not). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
