/**
 * Baileys' media cache: the first send of a campaign's image or document reads the file once, encrypts and
 * uploads it, and Baileys stores the uploaded message here under `<kind>:<file path>`; every later recipient
 * reuses it (no new read, no new upload). Entries expire so a long-lived process does not keep stale uploads.
 */
import type { CacheStore } from '@whiskeysockets/baileys';

export interface MediaCacheOptions {
  /** How long an upload is reused; WhatsApp keeps uploaded media for a limited time. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/** Baileys' CacheStore, synchronous. */
export interface MediaCache extends CacheStore {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): boolean;
  del(key: string): boolean;
  flushAll(): void;
  size(): number;
}

/** A small in-memory CacheStore with expiry and a size bound (oldest dropped first). */
export function createMediaCache(options: MediaCacheOptions = {}): MediaCache {
  const ttlMs = options.ttlMs ?? 12 * 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 32;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    get<T>(key: string): T | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    set<T>(key: string, value: T) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return true;
    },
    del(key: string) {
      return entries.delete(key);
    },
    flushAll() {
      entries.clear();
    },
    size() {
      return entries.size;
    },
  };
}
