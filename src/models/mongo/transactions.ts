/**
 * Multi-document writes (recipient results + campaign counters) run in a transaction when the deployment
 * supports one (a replica set or a sharded cluster). A standalone server has no transactions: there the
 * repositories order their writes so that a crash between two of them leaves the campaign's counters low
 * rather than counting anything twice (see recipients.ts).
 */
import type { ClientSession, Connection } from 'mongoose';

export interface Writes {
  /** Whether `run` is atomic (a real transaction) on this deployment. */
  readonly atomic: boolean;
  /** Runs `fn` in a transaction when supported (passing its session), else directly with no session. */
  run<T>(fn: (session: ClientSession | undefined) => Promise<T>): Promise<T>;
}

/** Asks the server what it is: replica set members report `setName`, mongos routers `msg: 'isdbgrid'`. */
export async function supportsTransactions(conn: Connection): Promise<boolean> {
  if (!conn.db) throw new Error('MongoDB connection is not open yet; call openMongoStore() and await it');
  const hello = await conn.db.admin().command({ hello: 1 });
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}

/** The write runner for this connection: mongoose's `connection.transaction()` (retries transient errors) or direct. */
export function createWrites(conn: Connection, atomic: boolean): Writes {
  return {
    atomic,
    run: (fn) => (atomic ? conn.transaction((session) => fn(session)) : fn(undefined)),
  };
}

/** Whether `error` is MongoDB's duplicate key error (E11000), optionally on an index over `field`. */
export function isDuplicateKey(error: unknown, field?: string): boolean {
  if (!error || typeof error !== 'object' || (error as { code?: unknown }).code !== 11000) return false;
  if (field === undefined) return true;
  const { keyPattern, keyValue, message } = error as { keyPattern?: object; keyValue?: object; message?: string };
  if (keyPattern) return field in keyPattern;
  if (keyValue) return field in keyValue;
  return typeof message === 'string' && message.includes(`${field}_`);
}
