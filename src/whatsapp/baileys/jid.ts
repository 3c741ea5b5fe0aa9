/**
 * Between E.164 numbers (the product's words) and WhatsApp JIDs. Since Baileys 7 a chat may be addressed
 * by a LID (`123…@lid`), which hides the number; the phone JID then travels in `remoteJidAlt`.
 */
import { isLidUser, isPnUser, jidDecode, type WAMessageKey } from '@whiskeysockets/baileys';

/** The user JID of an E.164 number, or null when it cannot be one (E.164 allows 7–15 digits). */
export function jidFromE164(phone: string): string | null {
  const match = /^\+?(\d{7,15})$/.exec(phone.trim());
  return match ? `${match[1]}@s.whatsapp.net` : null;
}

/** The E.164 number of a phone JID (`628…:12@s.whatsapp.net` → `+628…`), or null for LIDs, groups and the like. */
export function e164FromJid(jid: string | null | undefined): string | null {
  if (!jid || !isPnUser(jid)) return null;
  const user = jidDecode(jid)?.user;
  return user && /^\d{7,15}$/.test(user) ? `+${user}` : null;
}

/** Looks up the phone JID behind a LID (Baileys' LID mapping store), when the socket can. */
export type LidResolver = (lid: string) => Promise<string | null>;

/**
 * The E.164 number of whoever sent an inbound message: from the phone JID, its alternative when the chat is
 * LID-addressed, or the socket's LID mapping. Null for groups, broadcasts and unresolvable LIDs.
 */
export function senderOfMessage(key: WAMessageKey, resolveLid?: LidResolver): Promise<string | null> {
  return phoneOfChat(key, resolveLid);
}

/**
 * The E.164 number of the person a one-to-one chat is with (the sender of an inbound message, the recipient of
 * one of ours), found the same way. Null for groups, broadcasts and unresolvable LIDs.
 */
export async function phoneOfChat(key: WAMessageKey, resolveLid?: LidResolver): Promise<string | null> {
  const remote = key.remoteJid ?? null;
  const direct = e164FromJid(remote);
  if (direct) return direct;
  const alternative = e164FromJid(key.remoteJidAlt);
  if (alternative) return alternative;
  if (remote && isLidUser(remote) && resolveLid) return e164FromJid(await resolveLid(remote));
  return null;
}
