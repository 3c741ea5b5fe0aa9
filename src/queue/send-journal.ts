/**
 * The send journal: one small append-only file per lane run (`DATA_DIR/lanes/<campaign>@<token>.log`) that says
 * which recipients were handed to the sender and what came back, written with one synchronous append each, before
 * the send and after it. A process killed with SIGKILL loses nothing written to it (the page cache keeps it).
 *
 * Why a file and not the store: the store marks a small group in flight per transaction (one write per send would
 * cost throughput and disk), so after a crash the store alone cannot tell a send that started from one that was
 * only marked. Recovery reads the journal to record the buffered results, to make `unknown` only the one send that
 * had started, and to put the merely marked ones back in the pool. Without a usable journal (another machine, a
 * writer that may still be alive) recovery falls back to the store alone: every mark becomes `unknown`, never resent.
 */
import { closeSync, constants, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RecipientResult } from '../campaigns/types.js';

/** What a journal tells recovery. */
export interface JournalRecord {
  /** Results the lane had not yet written to the store. */
  results: RecipientResult[];
  /** Recipients handed to the sender with no result in the journal: their send may have happened. */
  handedWithoutResult: string[];
}

/** What recovery may do with a token's journal. */
export type JournalInspection =
  | { kind: 'usable'; record: JournalRecord }
  /** The writer may still be running (this process, or a live process on this machine): trust only the store. */
  | { kind: 'live' }
  /** No journal here (written on another machine, or never): trust only the store. */
  | { kind: 'missing' };

/** The journal of one running lane. Every call is one synchronous append (or truncate). */
export interface LaneJournal {
  /** Written before the recipient is handed to the sender. */
  handed(recipientId: string): void;
  /**
   * A send's result (before it is written to the store). Held back and written together with the next `handed`
   * line (one append per send): until then its recipient is the lane's one send without a journaled result, which
   * the bound of one `unknown` per lane allows.
   */
  result(result: RecipientResult): void;
  /** Everything journaled so far is in the store: the journal starts over. */
  clear(): void;
  /**
   * The lane run is over. `keep`: its claims are not released (a store write failed), so recovery needs the file;
   * otherwise the journal is removed.
   */
  end(keep: boolean): void;
}

export interface SendJournal {
  /** Creates the journal of a lane run; must be called before the lane marks anything in flight. */
  open(campaignId: string, token: string): LaneJournal;
  /** What recovery may trust of the token's journal. */
  inspect(campaignId: string, token: string): JournalInspection;
  /** Deletes a journal recovery has applied. */
  discard(campaignId: string, token: string): void;
}

/** Tokens of lane runs open in this process (a re-run of a job here while its first run still goes on). */
const openHere = new Set<string>();

interface Header {
  pid: number;
  host: string;
}

function reviveResult(raw: RecipientResult): RecipientResult {
  const at = new Date(raw.at);
  return raw.status === 'retry' ? { ...raw, at, nextAttemptAt: new Date(raw.nextAttemptAt) } : { ...raw, at };
}

/** Is a process with this id running (on this machine)? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The journal under `dir` (DATA_DIR/lanes). */
export class FileSendJournal implements SendJournal {
  constructor(private readonly dir: string) {}

  private path(campaignId: string, token: string): string {
    // One flat folder ('@' never appears in an encoded component), so no folder is ever removed under a writer.
    return join(this.dir, `${encodeURIComponent(campaignId)}@${encodeURIComponent(token)}.log`);
  }

  open(campaignId: string, token: string): LaneJournal {
    const path = this.path(campaignId, token);
    mkdirSync(this.dir, { recursive: true });
    // Truncated: a journal left by an earlier run of this token was applied by recovery before this open.
    // Append mode, so every write lands at the end, also after clear().
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND);
    const key = `${campaignId}\u0000${token}`;
    openHere.add(key);
    const header: Header = { pid: process.pid, host: hostname() };
    const append = (line: string) => writeSync(fd, line);
    append(`${JSON.stringify({ header })}\n`);
    let closed = false;
    let heldBack = '';
    return {
      handed: (recipientId) => {
        append(`${heldBack}{"h":${JSON.stringify(recipientId)}}\n`);
        heldBack = '';
      },
      result: (result) => {
        heldBack += `${JSON.stringify({ r: result })}\n`;
      },
      clear: () => {
        heldBack = '';
        ftruncateSync(fd, 0);
        append(`${JSON.stringify({ header })}\n`);
      },
      end: (keep) => {
        if (closed) return;
        closed = true;
        openHere.delete(key);
        // Kept for recovery: it must hold every result the store did not get.
        if (keep && heldBack) append(heldBack);
        closeSync(fd);
        if (!keep) this.discard(campaignId, token);
      },
    };
  }

  inspect(campaignId: string, token: string): JournalInspection {
    if (openHere.has(`${campaignId}\u0000${token}`)) return { kind: 'live' };
    const path = this.path(campaignId, token);
    if (!existsSync(path)) return { kind: 'missing' };
    const lines = readFileSync(path, 'utf8').split('\n');
    let header: Header | null = null;
    const results = new Map<string, RecipientResult>();
    const handed = new Set<string>();
    for (const line of lines) {
      if (!line) continue;
      let entry: { header?: Header; h?: string; r?: RecipientResult };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        // Only the last line can be torn, and a torn `h` line means its send never started (the append comes first).
        continue;
      }
      if (entry.header) header = entry.header;
      else if (entry.h !== undefined) handed.add(entry.h);
      else if (entry.r) results.set(entry.r.recipientId, reviveResult(entry.r));
    }
    if (!header || header.host !== hostname() || (header.pid !== process.pid && alive(header.pid))) return { kind: 'live' };
    return {
      kind: 'usable',
      record: { results: [...results.values()], handedWithoutResult: [...handed].filter((id) => !results.has(id)) },
    };
  }

  discard(campaignId: string, token: string): void {
    rmSync(this.path(campaignId, token), { force: true });
  }
}
