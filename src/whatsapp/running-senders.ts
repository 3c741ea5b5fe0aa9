/**
 * The senders the workers of this process run, per deployment prefix and account: a command in this process (link,
 * status, a Baileys number's quota) uses the sender that holds the account's socket rather than opening another.
 * Its own module: the account admin, the pace read-out and the runner all look here without importing each other.
 */
import type { WhatsAppSender } from '../campaigns/ports.js';

/** Senders the workers of this process run, per deployment prefix and account (see queue/account-runner.ts). */
const running = new Map<string, WhatsAppSender>();

/** Called by a worker when it starts / stops sending for an account in this process. */
export function registerRunningSender(prefix: string, account: string, sender: WhatsAppSender | null): void {
  if (sender) running.set(`${prefix}\u0000${account}`, sender);
  else running.delete(`${prefix}\u0000${account}`);
}

/** The sender a worker of this process runs for `account` (it holds the account), or null. */
export function runningSender(prefix: string, account: string): WhatsAppSender | null {
  return running.get(`${prefix}\u0000${account}`) ?? null;
}
