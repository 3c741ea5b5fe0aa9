/**
 * Waiting in tests, defined once: `sleep` for a fixed pause and `waitUntil` to poll a condition. The machine
 * running the suite is shared and loaded, so waits are generous and nothing asserts on how long they took.
 */

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  /** Gives up after this long (generous by default: the machine is shared). */
  timeoutMs?: number;
  /** Polls this often. */
  everyMs?: number;
  /** Named in the timeout error, so a failing test says what it waited for. */
  what?: string;
}

/** Polls `check` until it returns true; throws after `timeoutMs` (default 20 s). */
export async function waitUntil(check: () => boolean | Promise<boolean>, options: WaitOptions = {}): Promise<void> {
  const { timeoutMs = 20_000, everyMs = 20, what = 'the condition' } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
