/**
 * Issue 13, finding 10: once WHATSAPP_AUTH_KEY is set, the session is sealed once and unsealed values are refused;
 * each value is bound to its key name (AAD); the GCM tag length is pinned to 16 bytes; old values still migrate.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/campaigns/ports.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { AuthStateError, loadStoredAuthState } from '../../src/whatsapp/auth-state.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const KEY = randomBytes(32).toString('hex');
const NS = 'whatsapp-auth:test';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function openTestStore(): Promise<Store> {
  store = await openStore({ SQLITE_PATH: join(makeTempDir('bb-seal-'), 'broadcast.db'), MONGODB_URI: undefined }, silentLogger());
  return store;
}

/** A value as the first sealed format wrote it (no AAD). */
function legacySeal(hexKey: string, json: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(hexKey, 'hex'), iv);
  const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return `aesgcm1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

describe('session encryption', () => {
  it('seals clear and legacy values once when a key is set, then refuses values stored in clear', async () => {
    const { kv } = await openTestStore();
    const plainSession = await loadStoredAuthState({ kv, namespace: NS });
    await plainSession.saveCreds();
    await plainSession.state.keys.set({ 'pre-key': { '1': { public: Buffer.from('pub'), private: Buffer.from('priv') } } });
    await kv.set(NS, 'session:legacy', legacySeal(KEY, JSON.stringify({ legacy: true })));

    const sealed = await loadStoredAuthState({ kv, namespace: NS, encryptionKey: KEY });
    const keys = await sealed.state.keys.get('pre-key', ['1']);
    expect(Buffer.from(keys['1']?.private ?? []).toString()).toBe('priv');
    const raw = await kv.getMany(NS, ['creds', 'pre-key:1', 'session:legacy']);
    for (const [name, value] of raw) expect(value.startsWith('aesgcm2:'), name).toBe(true);

    // Someone writes a value in clear into the database afterwards: refused, not trusted.
    await kv.set(NS, 'pre-key:2', JSON.stringify({ public: 'x', private: 'y' }));
    await expect(sealed.state.keys.get('pre-key', ['2'])).rejects.toThrow(AuthStateError);
    await kv.set(NS, 'creds', JSON.stringify({ me: null }));
    await expect(loadStoredAuthState({ kv, namespace: NS, encryptionKey: KEY })).rejects.toThrow(/not sealed/);
  });

  it('binds each sealed value to its key name: a value moved to another key does not open', async () => {
    const { kv } = await openTestStore();
    const session = await loadStoredAuthState({ kv, namespace: NS, encryptionKey: KEY });
    await session.state.keys.set({ 'pre-key': { '1': { public: Buffer.from('a'), private: Buffer.from('b') } } });
    const value = await kv.get(NS, 'pre-key:1');
    expect(value).not.toBeNull();
    await kv.set(NS, 'pre-key:9', value ?? '');
    await expect(session.state.keys.get('pre-key', ['9'])).rejects.toThrow(AuthStateError);
  });

  it('refuses a value whose tag was cut short (tag length pinned to 16 bytes)', async () => {
    const { kv } = await openTestStore();
    const session = await loadStoredAuthState({ kv, namespace: NS, encryptionKey: KEY });
    await session.state.keys.set({ 'pre-key': { '1': { public: Buffer.from('a'), private: Buffer.from('b') } } });
    const raw = Buffer.from((await kv.get(NS, 'pre-key:1'))?.slice('aesgcm2:'.length) ?? '', 'base64');
    // iv (12) + a 4-byte tag + the body: GCM without a pinned tag length would accept a short tag.
    const truncated = Buffer.concat([raw.subarray(0, 16), raw.subarray(28)]);
    await kv.set(NS, 'pre-key:1', `aesgcm2:${truncated.toString('base64')}`);
    await expect(session.state.keys.get('pre-key', ['1'])).rejects.toThrow(AuthStateError);
  });
});
