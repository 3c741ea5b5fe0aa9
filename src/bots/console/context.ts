/** What every `broadcast-bot` command receives: its arguments, output streams and a way to open the app. */
import type { App } from '../../app-types.js';
import type { CustomerUseCases } from '../../campaigns/use-cases.js';
import type { Store } from '../../campaigns/ports.js';
import type { CampaignReadUseCases } from '../../campaigns/reads.js';
import type { Actor } from '../../campaigns/types.js';
import type { StoreConfig } from '../../config/store-config.js';

/** What store-only commands get: the store and the use cases that need nothing else (no Redis, queue or sender). */
export interface StoreApp {
  config: StoreConfig;
  store: Store;
  customers: CustomerUseCases;
  campaigns: CampaignReadUseCases;
}

export interface CliContext {
  /** Arguments after the command group, e.g. `["import", "file.csv"]` for `customers import file.csv`. */
  args: string[];
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Builds the app from the environment (store, Redis, sender…); closed by the CLI when the command ends. */
  openApp(options?: { roles?: string[] }): Promise<App>;
  /**
   * Opens only the store (no Redis, BullMQ, chat SDK or WhatsApp driver is loaded); closed when the command ends.
   * `phones`: the command parses phone numbers (import, opt-out), so the whole configuration is validated.
   */
  openStore(options?: { phones?: boolean }): Promise<StoreApp>;
  /** The actor for audit events: the local OS user on the terminal. */
  actor: Actor;
}

/** Exit codes of the external contract. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A command group: returns the process exit code. */
export type CommandGroup = (ctx: CliContext) => Promise<number>;

/** Thrown for bad usage or input; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
