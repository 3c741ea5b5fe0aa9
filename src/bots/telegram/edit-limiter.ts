/**
 * Keeps progress edits under Telegram's limits, per chat: at most 20 messages a minute in a group and
 * about one a second in a private chat, and nothing before a 429's `retry_after` has passed.
 */

export interface EditLimits {
  /** Edits allowed in a group chat per window (Telegram: 20 a minute). */
  groupPerWindow: number;
  groupWindowMs: number;
  /** Minimum gap between edits in a private chat. */
  privateMinIntervalMs: number;
}

export const DEFAULT_EDIT_LIMITS: EditLimits = {
  groupPerWindow: 20,
  groupWindowMs: 60_000,
  privateMinIntervalMs: 1000,
};

interface ChatWindow {
  sentAt: number[];
  blockedUntil: number;
}

/** Group and supergroup ids are negative; users' private chats are positive. */
export function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-');
}

export class ChatEditLimiter {
  private readonly chats = new Map<string, ChatWindow>();

  constructor(
    private readonly limits: EditLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** The earliest time (epoch ms) the next edit to this chat may be sent. */
  nextAllowedAt(chatId: string): number {
    const chat = this.chat(chatId);
    const now = this.now();
    let at = Math.max(now, chat.blockedUntil);
    if (isGroupChat(chatId)) {
      chat.sentAt = chat.sentAt.filter((t) => t > now - this.limits.groupWindowMs);
      if (chat.sentAt.length >= this.limits.groupPerWindow) {
        const oldest = chat.sentAt[chat.sentAt.length - this.limits.groupPerWindow] ?? now;
        // A small margin: Telegram counts when an edit arrives, we count when it leaves.
        const margin = Math.min(1000, this.limits.groupWindowMs * 0.05);
        at = Math.max(at, oldest + this.limits.groupWindowMs + margin);
      }
    } else {
      const last = chat.sentAt[chat.sentAt.length - 1];
      if (last !== undefined) at = Math.max(at, last + this.limits.privateMinIntervalMs);
    }
    return at;
  }

  /** Records an edit sent now. */
  record(chatId: string): void {
    const chat = this.chat(chatId);
    chat.sentAt.push(this.now());
    if (chat.sentAt.length > this.limits.groupPerWindow * 2)
      chat.sentAt.splice(0, chat.sentAt.length - this.limits.groupPerWindow);
  }

  /** Telegram said 429: nothing goes to this chat for `retryAfterMs`. */
  backOff(chatId: string, retryAfterMs: number): void {
    const chat = this.chat(chatId);
    chat.blockedUntil = Math.max(chat.blockedUntil, this.now() + retryAfterMs);
  }

  private chat(chatId: string): ChatWindow {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { sentAt: [], blockedUntil: 0 };
      this.chats.set(chatId, chat);
    }
    return chat;
  }
}
