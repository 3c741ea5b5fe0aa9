/**
 * Remembers which numbers have WhatsApp (about 30 days), so a number is asked about once a month rather
 * than once per campaign: fewer `onWhatsApp` queries is both faster and kinder to the account.
 */
import type { KeyValueRepository } from '../campaigns/ports.js';

export const NUMBER_CACHE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface NumberCache {
  /** The cached answers for these E.164 numbers; unknown numbers are absent. */
  get(phones: string[]): Promise<Map<string, boolean>>;
  /** Stores fresh answers. */
  put(results: Map<string, boolean>): Promise<void>;
}

/** A number cache on the store's key-value table. */
export function createNumberCache(kv: KeyValueRepository, options: { ttlMs?: number; namespace?: string } = {}): NumberCache {
  const namespace = options.namespace ?? 'whatsapp-numbers';
  const ttlMs = options.ttlMs ?? NUMBER_CACHE_TTL_MS;
  return {
    async get(phones) {
      const out = new Map<string, boolean>();
      if (phones.length === 0) return out;
      const found = await kv.getMany(namespace, phones);
      for (const [phone, raw] of found) {
        const parsed = parseEntry(raw);
        if (parsed !== null) out.set(phone, parsed);
      }
      return out;
    },
    async put(results) {
      if (results.size === 0) return;
      const checkedAt = new Date().toISOString();
      const entries = [...results].map(([phone, exists]) => ({ key: phone, value: JSON.stringify({ exists, checkedAt }) }));
      await kv.setMany(namespace, entries, ttlMs);
    },
  };
}

function parseEntry(raw: string): boolean | null {
  try {
    const value = JSON.parse(raw) as { exists?: unknown };
    return typeof value.exists === 'boolean' ? value.exists : null;
  } catch {
    // A damaged entry is simply asked again.
    return null;
  }
}
