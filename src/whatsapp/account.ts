/**
 * What a real WhatsApp driver offers beyond the `WhatsAppSender` port: linking the account, logging out,
 * a status that also covers "held by another process", and the account's new-chat quota.
 * The dry-run driver has none of it; `accountControlOf` tells them apart.
 */
import type { SenderState, WhatsAppSender } from '../campaigns/ports.js';
import { DomainError } from '../campaigns/errors.js';

export type AccountErrorCode =
  | 'dry_run'
  | 'held_elsewhere'
  | 'link_in_progress'
  | 'link_timeout'
  | 'session_unreadable'
  | 'bad_phone'
  | 'closed';

/** A WhatsApp account action that cannot be done now; `messageKey` is `whatsapp.error.<code>` in the catalogue. */
export class WhatsAppAccountError extends DomainError {
  constructor(code: AccountErrorCode, message: string, params: Record<string, string | number> = {}) {
    super(`whatsapp_${code}`, `whatsapp.error.${code}`, params, message);
    this.name = 'WhatsAppAccountError';
  }
}

export type LinkRequest = { mode: 'qr' } | { mode: 'pairing'; phone: string };

/** A code to show the admin: a QR payload (rotates every ~20 s) or an 8-character pairing code. */
export interface LinkCode {
  qr?: string;
  pairingCode?: string;
}

/** WhatsApp's new-chat message cap for the account ("reach-out" quota), as far as WhatsApp reports it. */
export interface NewChatQuota {
  total: number | null;
  used: number | null;
  /** total − used, when both are known. */
  remaining: number | null;
  /** `NONE`, `FIRST_WARNING`, `SECOND_WARNING` or `CAPPED`. */
  cappingStatus: string | null;
  cycleEndsAt: Date | null;
}

export interface AccountStatus extends SenderState {
  /** The linked account (E.164) from the stored session, also while disconnected. */
  linkedAccount: string | null;
  /** True when another process owns the account (its published state is shown instead). */
  heldElsewhere: boolean;
  /** When the stored session was linked (null / absent when unknown, e.g. linked before this was recorded). */
  linkedAt?: Date | null;
}

/** How long a freshly linked account is "new" and gets NEW_ACCOUNT_DAILY_CAP instead of DAILY_CAP. */
export const NEW_ACCOUNT_DAYS = 14;

/** Whether an account linked at `linkedAt` still counts as new (unknown link times do not). */
export function isNewAccount(linkedAt: Date | null | undefined, now: Date = new Date()): boolean {
  return linkedAt != null && now.getTime() - linkedAt.getTime() < NEW_ACCOUNT_DAYS * 24 * 60 * 60 * 1000;
}

export interface WhatsAppAccountControl {
  /** Status of the account, read from the owning process when it is another one. */
  status(): Promise<AccountStatus>;
  /**
   * Links the account: calls `onCode` with every QR code WhatsApp rotates in (or once with a pairing code);
   * resolves with the connected state, rejects with a DomainError on timeout.
   */
  link(request: LinkRequest, onCode: (code: LinkCode) => Promise<void>, timeoutMs: number): Promise<SenderState>;
  /** Unlinks this device from the account and clears the stored session. */
  logout(): Promise<void>;
  /** WhatsApp's new-chat quota, or null when it cannot be asked now (disconnected, not supported). */
  quota(): Promise<NewChatQuota | null>;
}

export type ControllableSender = WhatsAppSender & WhatsAppAccountControl;

/** The sender's account control when its driver has one (Baileys), else null (dry-run). */
export function accountControlOf(sender: WhatsAppSender): ControllableSender | null {
  const candidate = sender as Partial<WhatsAppAccountControl>;
  return typeof candidate.link === 'function' && typeof candidate.logout === 'function' && typeof candidate.status === 'function'
    ? (sender as ControllableSender)
    : null;
}
