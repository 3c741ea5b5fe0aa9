/**
 * The WhatsApp session (Baileys credentials and signal keys) kept in the store's key-value table, so it
 * lives in SQLite or MongoDB with everything else instead of a folder of JSON files (useMultiFileAuthState).
 * Values are serialized with Baileys' BufferJSON and, with WHATSAPP_AUTH_KEY set, sealed with AES-256-GCM
 * (16-byte tag, the value's key name as additional authenticated data, so a sealed value cannot be moved to
 * another key). When a key is first set, values stored in clear or in the first sealed format (no AAD) are
 * re-sealed once; from then on (the `sealed-at` marker) anything not sealed this way is refused.
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

/** The first sealed format: no AAD; read only to migrate it. */
const LEGACY_SEALED_PREFIX = 'aesgcm1:';
const SEALED_PREFIX = 'aesgcm2:';
const AUTH_TAG_LENGTH = 16;
const CREDS_KEY = 'creds';
/** Not secret (a date), stored as is. */
const LINKED_AT_KEY = 'linked-at';
/** Written once every value of the namespace is sealed with AAD; after it, unsealed values are refused. */
const SEALED_MARK_KEY = 'sealed-at';

/**
 * Loads (or starts) the session from the store.
 * @example const auth = await loadStoredAuthState({ kv: store.kv, encryptionKey: config.WHATSAPP_AUTH_KEY });
 */
export async function loadStoredAuthState(options: AuthStateOptions): Promise<StoredAuthState> {
  const namespace = options.namespace ?? 'whatsapp-auth';
  const { kv } = options;
  const codec = makeCodec(options.encryptionKey);
  if (codec.sealing && (await kv.get(namespace, SEALED_MARK_KEY)) === null) await sealOnce(kv, namespace, codec);

  const stored = await kv.getMany(namespace, [CREDS_KEY, LINKED_AT_KEY]);
  const storedCreds = stored.get(CREDS_KEY) ?? null;
  const storedLinkedAt = stored.get(LINKED_AT_KEY);
  let linkedAt = storedLinkedAt ? new Date(storedLinkedAt) : null;
  const creds: AuthenticationCreds = storedCreds === null ? initAuthCreds() : (codec.decode(CREDS_KEY, storedCreds) as AuthenticationCreds);

  const state: AuthenticationState = {
    creds,
    keys: {
      async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
        const found = await kv.getMany(namespace, ids.map((id) => keyName(type, id)));
        const out: { [id: string]: SignalDataTypeMap[T] } = {};
        for (const id of ids) {
          const raw = found.get(keyName(type, id));
          if (raw === undefined) continue;
          let value = codec.decode(keyName(type, id), raw);
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
            const name = keyName(type, id);
            entries.push({ key: name, value: value === null || value === undefined ? null : codec.encode(name, value) });
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
      const entries = [{ key: CREDS_KEY, value: codec.encode(CREDS_KEY, state.creds) }];
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

/**
 * Re-seals every value of `namespace` that is in clear or in the legacy sealed format, then writes the marker
 * after which such values are refused. Runs once, the first time a WHATSAPP_AUTH_KEY is used on the session.
 */
async function sealOnce(kv: KeyValueRepository, namespace: string, codec: Codec): Promise<void> {
  const names = (await kv.keys(namespace)).filter((name) => name !== LINKED_AT_KEY && name !== SEALED_MARK_KEY);
  const stored = await kv.getMany(namespace, names);
  const entries: { key: string; value: string | null }[] = [];
  for (const [name, raw] of stored) {
    if (raw.startsWith(SEALED_PREFIX)) continue;
    entries.push({ key: name, value: codec.encode(name, codec.decode(name, raw, { migrating: true })) });
  }
  entries.push({ key: SEALED_MARK_KEY, value: new Date().toISOString() });
  await kv.setMany(namespace, entries);
}

interface Codec {
  /** True when values are sealed (WHATSAPP_AUTH_KEY set). */
  readonly sealing: boolean;
  encode(name: string, value: unknown): string;
  /** `migrating` accepts values in clear or in the legacy sealed format (only while sealing once). */
  decode(name: string, text: string, options?: { migrating?: boolean }): unknown;
}

function makeCodec(hexKey: string | undefined): Codec {
  const key = hexKey ? Buffer.from(hexKey, 'hex') : null;
  if (key && key.length !== 32) {
    throw new AuthStateError('WHATSAPP_AUTH_KEY must be 64 hex characters (32 bytes); make one with `openssl rand -hex 32`.');
  }
  return {
    sealing: key !== null,
    encode(name, value) {
      const json = JSON.stringify(value, BufferJSON.replacer);
      return key ? seal(key, name, json) : json;
    },
    decode(name, text, options = {}) {
      let json = text;
      const sealed = text.startsWith(SEALED_PREFIX) || text.startsWith(LEGACY_SEALED_PREFIX);
      if (sealed && !key) {
        throw new AuthStateError(
          'The stored WhatsApp session is encrypted but WHATSAPP_AUTH_KEY is not set. Set the key it was saved with, ' +
            'or run `broadcast-bot whatsapp logout` and link again.',
        );
      }
      if (key && text.startsWith(SEALED_PREFIX)) json = open(key, name, text);
      else if (key && !options.migrating) {
        throw new AuthStateError(
          `The stored WhatsApp session value "${name}" is not sealed with WHATSAPP_AUTH_KEY although the session was ` +
            'encrypted: it was changed outside the service. Run `broadcast-bot whatsapp logout` and link again.',
        );
      } else if (key && text.startsWith(LEGACY_SEALED_PREFIX)) json = openLegacy(key, text);
      try {
        return JSON.parse(json, BufferJSON.reviver) as unknown;
      } catch {
        throw new AuthStateError('The stored WhatsApp session is damaged (not valid JSON). Run `broadcast-bot whatsapp logout` and link again.');
      }
    },
  };
}

const WRONG_KEY =
  'The stored WhatsApp session cannot be decrypted with this WHATSAPP_AUTH_KEY (it was saved with another key, or ' +
  'a value was moved or changed). Restore the old key, or run `broadcast-bot whatsapp logout` and link again.';

function seal(key: Buffer, name: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: AUTH_TAG_LENGTH });
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function open(key: Buffer, name: string, sealed: string): string {
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12), { authTagLength: AUTH_TAG_LENGTH });
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 12 + AUTH_TAG_LENGTH));
    return Buffer.concat([decipher.update(raw.subarray(12 + AUTH_TAG_LENGTH)), decipher.final()]).toString('utf8');
  } catch {
    throw new AuthStateError(WRONG_KEY);
  }
}

/** Opens the first sealed format (no AAD, 16-byte tag), for migration only. */
function openLegacy(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed.slice(LEGACY_SEALED_PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12), { authTagLength: AUTH_TAG_LENGTH });
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new AuthStateError(WRONG_KEY);
  }
}
