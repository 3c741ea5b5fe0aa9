/**
 * Where /broadcast wizards live between updates: the conversations plugin's replay state, versioned, in the
 * store's key-value namespace `telegram.wizard` (SQLite or MongoDB), so a wizard survives a restart of the bot.
 * One wizard per admin per chat. Each record carries its last activity, so a wizard left alone expires
 * (WIZARD_TTL_MS) and its admin is told so: by the sweeper, or at the latest by their next update.
 */
import type { ConversationData, ConversationStorage, VersionedState } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { KeyValueRepository } from '../../campaigns/ports.js';
import type { Locale } from '../../campaigns/types.js';
import { pickLocale } from '../../i18n/index.js';

export const WIZARD_NAMESPACE = 'telegram.wizard';
/** Bump when the wizard's steps change: older saved wizards are then dropped instead of replayed wrongly. */
export const WIZARD_VERSION = 'broadcast-1';
export const WIZARD_TTL_MS = 30 * 60_000;
/** Records are garbage-collected by the store long after any sweep would have expired them. */
const RECORD_TTL_MS = 7 * 24 * 3600_000;
const INDEX_KEY = '_index';

export interface StoredWizard {
  chatId: number;
  userId: number;
  locale: Locale;
  touchedAt: number;
  state: VersionedState<ConversationData>;
}

export interface WizardStoreOptions {
  ttlMs?: number;
  now?: () => number;
  fallbackLocale: Locale;
}

export class WizardStore {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private indexLock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly kv: KeyValueRepository,
    private readonly options: WizardStoreOptions,
  ) {
    this.ttlMs = options.ttlMs ?? WIZARD_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** The storage option of the conversations plugin. */
  storage(): ConversationStorage<Context, ConversationData> {
    return {
      type: 'context',
      version: WIZARD_VERSION,
      adapter: {
        read: async (ctx) => {
          const key = wizardKey(ctx);
          if (!key) return undefined;
          const record = await this.load(key);
          return record && !this.isExpired(record) ? record.state : undefined;
        },
        write: async (ctx, state) => {
          const key = wizardKey(ctx);
          if (!key || !ctx.chat || !ctx.from) return;
          const record: StoredWizard = {
            chatId: ctx.chat.id,
            userId: ctx.from.id,
            locale: pickLocale(ctx.from.language_code, this.options.fallbackLocale),
            touchedAt: this.now(),
            state,
          };
          await this.kv.set(WIZARD_NAMESPACE, key, JSON.stringify(record), RECORD_TTL_MS);
          await this.updateIndex((keys) => (keys.includes(key) ? keys : [...keys, key]));
        },
        delete: async (ctx) => {
          const key = wizardKey(ctx);
          if (key) await this.remove(key);
        },
      },
    };
  }

  /** Removes the wizard of this update's admin and chat if it has expired, and returns it. */
  async expireFor(ctx: Context): Promise<StoredWizard | null> {
    const key = wizardKey(ctx);
    if (!key) return null;
    return this.expireKey(key);
  }

  /** Removes every expired wizard and returns them (to tell their admins). */
  async sweep(): Promise<StoredWizard[]> {
    const keys = await this.readIndex();
    const expired: StoredWizard[] = [];
    for (const key of keys) {
      const record = await this.expireKey(key);
      if (record) expired.push(record);
    }
    return expired;
  }

  private async expireKey(key: string): Promise<StoredWizard | null> {
    const record = await this.load(key);
    if (!record) {
      await this.updateIndex((keys) => keys.filter((k) => k !== key));
      return null;
    }
    if (!this.isExpired(record)) return null;
    await this.remove(key);
    return record;
  }

  private isExpired(record: StoredWizard): boolean {
    return record.touchedAt + this.ttlMs <= this.now();
  }

  private async load(key: string): Promise<StoredWizard | null> {
    const raw = await this.kv.get(WIZARD_NAMESPACE, key);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as StoredWizard;
    } catch {
      // A record we cannot read cannot be resumed either; dropping it restarts that admin's wizard.
      await this.kv.delete(WIZARD_NAMESPACE, key);
      return null;
    }
  }

  private async remove(key: string): Promise<void> {
    await this.kv.delete(WIZARD_NAMESPACE, key);
    await this.updateIndex((keys) => keys.filter((k) => k !== key));
  }

  private async readIndex(): Promise<string[]> {
    const raw = await this.kv.get(WIZARD_NAMESPACE, INDEX_KEY);
    return raw ? (JSON.parse(raw) as string[]) : [];
  }

  /** Serialised read-modify-write of the index (the bot handles chats concurrently). */
  private async updateIndex(change: (keys: string[]) => string[]): Promise<void> {
    const run = this.indexLock.then(async () => {
      const keys = await this.readIndex();
      const next = change(keys);
      if (next.length === keys.length && next.every((k, i) => k === keys[i])) return;
      await this.kv.set(WIZARD_NAMESPACE, INDEX_KEY, JSON.stringify(next));
    });
    this.indexLock = run.catch(() => undefined);
    await run;
  }
}

/** One wizard per admin per chat: `<chatId>:<userId>`. */
export function wizardKey(ctx: Context): string | undefined {
  if (!ctx.chat || !ctx.from) return undefined;
  return `${ctx.chat.id}:${ctx.from.id}`;
}
