import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { proto } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyValueRepository, Store } from '../../src/campaigns/ports.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { AuthStateError, loadStoredAuthState } from '../../src/whatsapp/auth-state.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// The same contract runs on every store the product supports: SQLite always, MongoDB when MONGODB_URI is set.
const backends: { name: string; open: () => Promise<Store> }[] = [
  { name: 'sqlite', open: () => openStore({ SQLITE_PATH: join(makeTempDir('bb-auth-'), 'broadcast.db'), MONGODB_URI: undefined }, silentLogger()) },
];
const mongoUri = process.env.MONGODB_URI;
if (mongoUri) backends.push({ name: 'mongodb', open: () => openStore({ SQLITE_PATH: '', MONGODB_URI: mongoUri }, silentLogger()) });

const KEY = randomBytes(32).toString('hex');
const OTHER_KEY = randomBytes(32).toString('hex');

/** Counts writes so the test can prove signal keys are written in one batch. */
function countingKv(kv: KeyValueRepository): KeyValueRepository & { setManyCalls: number } {
  const counting = Object.create(kv) as KeyValueRepository & { setManyCalls: number };
  counting.setManyCalls = 0;
  counting.setMany = async (...args) => {
    counting.setManyCalls++;
    return kv.setMany(...args);
  };
  return counting;
}

describe.each(backends)('WhatsApp auth state on $name', ({ open }) => {
  let store: Store;
  const namespace = `whatsapp-auth-test-${randomBytes(4).toString('hex')}`;
  afterEach(async () => {
    await store.kv.clearNamespace(namespace);
    await store.close();
  });

  it('starts with fresh, unlinked credentials and round-trips them with their buffers intact', async () => {
    store = await open();
    const first = await loadStoredAuthState({ kv: store.kv, namespace });
    expect(first.isLinked()).toBe(false);
    await first.saveCreds();
    expect(first.linkedAt()).toBeNull();
    first.state.creds.me = { id: '6281234567890:3@s.whatsapp.net', name: 'Toko' };
    first.state.creds.account = { details: Buffer.from('d'), accountSignatureKey: Buffer.alloc(32, 7) };
    await first.saveCreds();

    const again = await loadStoredAuthState({ kv: store.kv, namespace });
    expect(again.isLinked()).toBe(true);
    // The link time is recorded with the first linked credentials (it decides the new-account daily cap).
    expect(first.linkedAt()).toBeInstanceOf(Date);
    expect(again.linkedAt()).toEqual(first.linkedAt());
    expect(Buffer.from(again.state.creds.noiseKey.private)).toEqual(Buffer.from(first.state.creds.noiseKey.private));
    expect(Buffer.isBuffer(again.state.creds.signedIdentityKey.public)).toBe(true);
    expect(again.state.creds.registrationId).toBe(first.state.creds.registrationId);
    expect(again.state.creds.me?.id).toBe('6281234567890:3@s.whatsapp.net');
  });

  it('stores every signal key type by id in one batched write, deletes on null, and revives protobuf keys', async () => {
    store = await open();
    const kv = countingKv(store.kv);
    const auth = await loadStoredAuthState({ kv, namespace });
    const preKey = { public: Buffer.alloc(32, 1), private: Buffer.alloc(32, 2) };
    await auth.state.keys.set({
      'pre-key': { '1': preKey, '2': preKey },
      session: { '628111.0': Buffer.from('session-bytes') },
      'app-state-sync-key': { AAAA: { keyData: Buffer.from('key-data'), timestamp: 5 } },
      'lid-mapping': { '628111': '999@lid' },
    });
    expect(kv.setManyCalls).toBe(1);

    const reloaded = await loadStoredAuthState({ kv: store.kv, namespace });
    const preKeys = await reloaded.state.keys.get('pre-key', ['1', '2', '3']);
    expect(Object.keys(preKeys).sort()).toEqual(['1', '2']);
    expect(Buffer.from(preKeys['1']?.private ?? [])).toEqual(preKey.private);
    const sessions = await reloaded.state.keys.get('session', ['628111.0']);
    expect(Buffer.from(sessions['628111.0'] ?? []).toString()).toBe('session-bytes');
    const sync = await reloaded.state.keys.get('app-state-sync-key', ['AAAA']);
    expect(sync.AAAA).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(sync.AAAA?.keyData ?? []).toString()).toBe('key-data');
    expect(await reloaded.state.keys.get('lid-mapping', ['628111'])).toEqual({ '628111': '999@lid' });

    await reloaded.state.keys.set({ 'pre-key': { '1': null } });
    expect(Object.keys(await reloaded.state.keys.get('pre-key', ['1', '2']))).toEqual(['2']);
  });

  it('encrypts every value with WHATSAPP_AUTH_KEY and reads it back with the same key', async () => {
    store = await open();
    const auth = await loadStoredAuthState({ kv: store.kv, namespace, encryptionKey: KEY });
    await auth.saveCreds();
    await auth.state.keys.set({ session: { s1: Buffer.from('secret-session') } });

    const rawCreds = await store.kv.get(namespace, 'creds');
    const rawSession = await store.kv.get(namespace, 'session:s1');
    expect(rawCreds).toMatch(/^aesgcm2:/);
    expect(rawCreds).not.toContain('noiseKey');
    expect(rawSession).toMatch(/^aesgcm2:/);
    expect(Buffer.from((rawSession ?? '').slice(8), 'base64').toString('latin1')).not.toContain('secret-session');

    const again = await loadStoredAuthState({ kv: store.kv, namespace, encryptionKey: KEY });
    expect(again.state.creds.advSecretKey).toBe(auth.state.creds.advSecretKey);
    const sessions = await again.state.keys.get('session', ['s1']);
    expect(Buffer.from(sessions.s1 ?? []).toString()).toBe('secret-session');
  });

  it('refuses a wrong key and a missing key with a message that says what to do', async () => {
    store = await open();
    const auth = await loadStoredAuthState({ kv: store.kv, namespace, encryptionKey: KEY });
    await auth.saveCreds();

    const wrong = loadStoredAuthState({ kv: store.kv, namespace, encryptionKey: OTHER_KEY });
    await expect(wrong).rejects.toBeInstanceOf(AuthStateError);
    await expect(wrong).rejects.toThrow(/cannot be decrypted with this WHATSAPP_AUTH_KEY.*whatsapp logout/s);
    await expect(loadStoredAuthState({ kv: store.kv, namespace })).rejects.toThrow(/encrypted but WHATSAPP_AUTH_KEY is not set/);
    await expect(loadStoredAuthState({ kv: store.kv, namespace, encryptionKey: 'abcd' })).rejects.toThrow(/64 hex characters/);
  });

  it('reads a session saved without a key after a key is added, and encrypts it from the next write', async () => {
    store = await open();
    const plain = await loadStoredAuthState({ kv: store.kv, namespace });
    await plain.saveCreds();
    expect(await store.kv.get(namespace, 'creds')).toMatch(/^\{/);

    const keyed = await loadStoredAuthState({ kv: store.kv, namespace, encryptionKey: KEY });
    expect(keyed.state.creds.advSecretKey).toBe(plain.state.creds.advSecretKey);
    await keyed.saveCreds();
    expect(await store.kv.get(namespace, 'creds')).toMatch(/^aesgcm2:/);
  });

  it('clear() deletes the session and starts over with new credentials', async () => {
    store = await open();
    const auth = await loadStoredAuthState({ kv: store.kv, namespace });
    const oldNoise = Buffer.from(auth.state.creds.noiseKey.public);
    await auth.saveCreds();
    await auth.state.keys.set({ session: { s1: Buffer.from('x') } });

    await auth.clear();
    expect(await store.kv.get(namespace, 'creds')).toBeNull();
    expect(await store.kv.get(namespace, 'session:s1')).toBeNull();
    expect(Buffer.from(auth.state.creds.noiseKey.public)).not.toEqual(oldNoise);
    expect(auth.isLinked()).toBe(false);
    expect(auth.linkedAt()).toBeNull();
  });
});
