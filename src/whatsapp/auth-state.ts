/**
 * The WhatsApp session (Baileys credentials and signal keys) kept in the store's key-value table, so it
 * lives in SQLite or MongoDB with everything else instead of a folder of JSON files (useMultiFileAuthState).
 * Values are serialized with Baileys' BufferJSON and, with WHATSAPP_AUTH_KEY set, sealed with AES-256-GCM.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import type { KeyValueRepository } from '../campaigns/ports.js';

/** The stored session cannot be read: wrong or missing WHATSAPP_AUTH_KEY, or damaged data. */
export class AuthStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthStateError';
  }
}

export interface StoredAuthState {
  /** Pass to the socket; Baileys mutates `state.creds` in place. */
  readonly state: AuthenticationState;
  /** Persists the current credentials (call on every `creds.update`). */
  saveCreds(): Promise<void>;
  /** True once a device pairing succeeded (the session can log in without a QR code). */
  isLinked(): boolean;
  /** When this session was linked (recorded with the first linked credentials), null when unknown. */
  linkedAt(): Date | null;
  /** Deletes the whole session from the store and starts over with fresh credentials (logout). */
  clear(): Promise<void>;
  /** Resolves when every credentials write started so far has finished. */
  settled(): Promise<void>;
}

export interface AuthStateOptions {
  kv: KeyValueRepository;
  /** WHATSAPP_AUTH_KEY: 64 hex characters; without it values are stored in clear. */
  encryptionKey?: string;
  /** Key-value namespace; one per WhatsApp account. */
  namespace?: string;
}

const SEALED_PREFIX = 'aesgcm1:';
const CREDS_KEY = 'creds';
const LINKED_AT_KEY = 'linked-at';

/**
 * Loads (or starts) the session from the store.
 * @example const auth = await loadStoredAuthState({ kv: store.kv, encryptionKey: config.WHATSAPP_AUTH_KEY });
 */
export async function loadStoredAuthState(options: AuthStateOptions): Promise<StoredAuthState> {
  const namespace = options.namespace ?? 'whatsapp-auth';
  const { kv } = options;
  const codec = makeCodec(options.encryptionKey);

  const stored = await kv.getMany(namespace, [CREDS_KEY, LINKED_AT_KEY]);
  const storedCreds = stored.get(CREDS_KEY) ?? null;
  const storedLinkedAt = stored.get(LINKED_AT_KEY);
  let linkedAt = storedLinkedAt ? new Date(storedLinkedAt) : null;
  const creds: AuthenticationCreds = storedCreds === null ? initAuthCreds() : (codec.decode(storedCreds) as AuthenticationCreds);

  const state: AuthenticationState = {
    creds,
    keys: {
      async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
        const found = await kv.getMany(namespace, ids.map((id) => keyName(type, id)));
        const out: { [id: string]: SignalDataTypeMap[T] } = {};
        for (const id of ids) {
          const raw = found.get(keyName(type, id));
          if (raw === undefined) continue;
          let value = codec.decode(raw);
          // Baileys expects a protobuf object here, as its own file store does.
          if (type === 'app-state-sync-key' && value) value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
          out[id] = value as SignalDataTypeMap[T];
        }
        return out;
      },
      async set(data: SignalDataSet) {
        const entries: { key: string; value: string | null }[] = [];
        for (const [type, values] of Object.entries(data)) {
          for (const [id, value] of Object.entries(values ?? {})) {
            entries.push({ key: keyName(type, id), value: value === null || value === undefined ? null : codec.encode(value) });
          }
        }
        if (entries.length > 0) await kv.setMany(namespace, entries);
      },
      async clear() {
        await kv.clearNamespace(namespace);
      },
    },
  };

  const isLinked = () => Boolean(state.creds.me?.id && state.creds.account);
  // Writes are chained so an older snapshot of the credentials never overwrites a newer one.
  let saving: Promise<void> = Promise.resolve();
  return {
    state,
    saveCreds() {
      const entries = [{ key: CREDS_KEY, value: codec.encode(state.creds) }];
      // The link time decides whether the account still gets the lower daily cap of a new account.
      if (linkedAt === null && isLinked()) {
        linkedAt = new Date();
        entries.push({ key: LINKED_AT_KEY, value: linkedAt.toISOString() });
      }
      saving = saving.catch(() => undefined).then(() => kv.setMany(namespace, entries));
      return saving;
    },
    isLinked,
    linkedAt() {
      return linkedAt;
    },
    async clear() {
      await saving.catch(() => undefined);
      await kv.clearNamespace(namespace);
      state.creds = initAuthCreds();
      linkedAt = null;
    },
    async settled() {
      await saving.catch(() => undefined);
    },
  };
}

function keyName(type: string, id: string): string {
  return `${type}:${id}`;
}

interface Codec {
  encode(value: unknown): string;
  decode(text: string): unknown;
}

function makeCodec(hexKey: string | undefined): Codec {
  const key = hexKey ? Buffer.from(hexKey, 'hex') : null;
  if (key && key.length !== 32) {
    throw new AuthStateError('WHATSAPP_AUTH_KEY must be 64 hex characters (32 bytes); make one with `openssl rand -hex 32`.');
  }
  return {
    encode(value) {
      const json = JSON.stringify(value, BufferJSON.replacer);
      return key ? seal(key, json) : json;
    },
    decode(text) {
      let json = text;
      if (text.startsWith(SEALED_PREFIX)) {
        if (!key) {
          throw new AuthStateError(
            'The stored WhatsApp session is encrypted but WHATSAPP_AUTH_KEY is not set. Set the key it was saved with, ' +
              'or run `broadcast-bot whatsapp logout` and link again.',
          );
        }
        json = open(key, text);
      }
      try {
        return JSON.parse(json, BufferJSON.reviver) as unknown;
      } catch {
        throw new AuthStateError('The stored WhatsApp session is damaged (not valid JSON). Run `broadcast-bot whatsapp logout` and link again.');
      }
    },
  };
}

function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function open(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new AuthStateError(
      'The stored WhatsApp session cannot be decrypted with this WHATSAPP_AUTH_KEY (it was saved with another key). ' +
        'Restore the old key, or run `broadcast-bot whatsapp logout` and link again.',
    );
  }
}
