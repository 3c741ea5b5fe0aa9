/** The stored WhatsApp session as other parts of the product ask about it, without opening a socket. */
import type { Store } from '../../campaigns/ports.js';
import type { Config } from '../../config/env.js';
import { AuthStateError, loadStoredAuthState } from '../auth-state.js';
import { e164FromJid } from './jid.js';

/**
 * Whether the store holds a linked WhatsApp session (for WHATSAPP_DRIVER=auto). A session that exists but
 * cannot be decrypted counts as linked, so the Baileys driver runs and reports the problem instead of the
 * dry-run sender quietly taking over.
 */
export async function isLinked(store: Store, config: Config, account = 'default'): Promise<boolean> {
  const namespace = authNamespaceOf(account);
  try {
    const auth = await loadStoredAuthState({ kv: store.kv, encryptionKey: config.WHATSAPP_AUTH_KEY, namespace });
    return auth.isLinked();
  } catch (error) {
    if (error instanceof AuthStateError) return (await store.kv.get(namespace, 'creds')) !== null;
    throw error;
  }
}

/** The E.164 number of the linked session in the store, or null (not linked, or unreadable). */
export async function storedLinkedAccount(store: Store, config: Config, account = 'default'): Promise<string | null> {
  try {
    const auth = await loadStoredAuthState({ kv: store.kv, encryptionKey: config.WHATSAPP_AUTH_KEY, namespace: authNamespaceOf(account) });
    return auth.isLinked() ? e164FromJid(auth.state.creds.me?.id) : null;
  } catch (error) {
    if (error instanceof AuthStateError) return null;
    throw error;
  }
}

/** The key-value namespace of an account's session. */
export function authNamespaceOf(account: string): string {
  return `whatsapp-auth:${account}`;
}
