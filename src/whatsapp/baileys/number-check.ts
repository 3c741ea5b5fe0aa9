/**
 * Which numbers have WhatsApp: answers from the store's cache, the rest asked with `onWhatsApp` in paced
 * batches. A number is only ever reported "not on WhatsApp" when WhatsApp said so.
 */
import { SendError } from '../../campaigns/ports.js';
import type { Logger } from '../../logging/logger.js';
import type { NumberCache } from '../number-cache.js';
import { e164FromJid, jidFromE164 } from './jid.js';
import { toSendError } from './send-errors.js';
import type { SocketLike } from './socket.js';

export interface NumberCheckerOptions {
  cache: NumberCache;
  /** The connected socket; throws SendError('disconnected') when there is none. */
  socket: () => SocketLike;
  isConnected: () => boolean;
  batchSize: number;
  batchDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
}

export class NumberChecker {
  constructor(private readonly options: NumberCheckerOptions) {}

  /** Known answers for `phones`; with `strict` a failed lookup throws its SendError instead of leaving numbers out. */
  async resolve(phones: string[], strict: boolean): Promise<Map<string, boolean>> {
    const unique = [...new Set(phones)];
    const valid = unique.filter((p) => jidFromE164(p) !== null);
    const answers = await this.options.cache.get(valid);
    for (const phone of unique) if (jidFromE164(phone) === null) answers.set(phone, false);
    const unknown = valid.filter((p) => !answers.has(p));
    for (let i = 0; i < unknown.length; i += this.options.batchSize) {
      // Pace the queries: a burst of lookups is one of the patterns WhatsApp watches.
      if (i > 0) await this.options.sleep(this.options.batchDelayMs);
      const batch = unknown.slice(i, i + this.options.batchSize);
      let fresh: Map<string, boolean>;
      try {
        fresh = await this.lookUp(batch);
      } catch (error) {
        if (strict) throw error;
        this.options.logger.warn({ err: error, unchecked: unknown.length - i }, 'could not check numbers on WhatsApp; leaving them unchecked');
        break;
      }
      await this.options.cache.put(fresh);
      for (const [phone, exists] of fresh) answers.set(phone, exists);
    }
    return answers;
  }

  private async lookUp(batch: string[]): Promise<Map<string, boolean>> {
    const socket = this.options.socket();
    let results;
    try {
      results = await socket.onWhatsApp(...batch.map((p) => p.replace(/^\+/, '')));
    } catch (error) {
      throw toSendError(error, this.options.isConnected());
    }
    if (!results) throw new SendError('transient', 'number_check_failed', 'WhatsApp did not answer the number check');
    // Baileys lists only the numbers that have WhatsApp; the others are simply absent.
    const existing = new Set(results.filter((r) => r.exists).map((r) => e164FromJid(r.jid)));
    return new Map(batch.map((p) => [p, existing.has(p)]));
  }
}
