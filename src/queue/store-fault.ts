/**
 * Which errors mean "the store cannot be written right now" (a full disk, a lock held past the busy timeout, an
 * I/O error, a lost database connection): the lane stops and the campaign pauses with a reason, instead of the
 * job failing over and over. Recognised by code or name only, so this file imports no database driver.
 */

const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN|PROTOCOL)/;
const MONGO_UNAVAILABLE = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoNotConnectedError']);

/** The pause reason for a store that cannot be written. */
export const STORE_UNAVAILABLE = 'store_unavailable';

/** True for an error that says the store is (for now) unable to take writes. */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && SQLITE_UNAVAILABLE.test(code)) return true;
  return MONGO_UNAVAILABLE.has(error.name);
}
