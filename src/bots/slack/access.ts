/**
 * Who may run broadcasts from Slack: the users of SLACK_ALLOWED_USERS, where a user-group id (S…) stands
 * for its members (usergroups.users.list, cached for a few minutes). Everyone else is refused politely,
 * in an ephemeral message, and the refusal is audited.
 */
import type { App } from '../../app-types.js';
import type { Actor, Locale } from '../../campaigns/types.js';
import { slackErrorCode, type WebClient } from './client.js';
import { t } from './i18n.js';

const GROUP_TTL_MS = 5 * 60_000;

export class SlackAccess {
  private readonly users: Set<string>;
  private readonly groups: string[];
  private readonly members = new Map<string, { users: Set<string>; until: number }>();

  constructor(
    allowed: string[],
    private readonly client: WebClient,
    private readonly app: App,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new Set(allowed.filter((id) => !id.startsWith('S')));
    this.groups = allowed.filter((id) => id.startsWith('S'));
  }

  /** True when nobody can use the app (worth a warning at start-up). */
  get empty(): boolean {
    return this.users.size === 0 && this.groups.length === 0;
  }

  /** Whether the Slack user may open the wizard, press campaign buttons and run subcommands. */
  async allows(userId: string): Promise<boolean> {
    if (this.users.has(userId)) return true;
    for (const group of this.groups) if ((await this.groupMembers(group)).has(userId)) return true;
    return false;
  }

  /**
   * Records the refusal and tells the user (ephemeral, in the channel they used) unless `notify` is false
   * because the reply already says so (a modal's inline error).
   */
  async refuse(actor: Actor, action: string, target: string | null, locale: Locale, notify = true): Promise<void> {
    await this.app.store.audit.record({ actor, action, target, outcome: 'refused', detail: 'not in SLACK_ALLOWED_USERS' });
    this.app.logger.warn({ platform: 'slack', userId: actor.userId, action, target }, 'refused a Slack user outside the allowlist');
    if (!notify) return;
    const text = t(locale, 'slack.refused');
    try {
      if (actor.chatId) await this.client.chat.postEphemeral({ channel: actor.chatId, user: actor.userId, text });
      else await this.client.chat.postMessage({ channel: actor.userId, text });
    } catch (error) {
      // The app may not see that channel; the user then learns it from the missing modal, and the audit has it.
      this.app.logger.warn({ code: slackErrorCode(error), userId: actor.userId }, 'could not tell a refused Slack user');
    }
  }

  private async groupMembers(group: string): Promise<Set<string>> {
    const cached = this.members.get(group);
    if (cached && cached.until > this.now()) return cached.users;
    try {
      const result = await this.client.usergroups.users.list({ usergroup: group });
      const users = new Set(result.users ?? []);
      this.members.set(group, { users, until: this.now() + GROUP_TTL_MS });
      return users;
    } catch (error) {
      this.app.logger.warn(
        { code: slackErrorCode(error), group },
        'could not list the members of a Slack user group in SLACK_ALLOWED_USERS (needs the usergroups:read scope)',
      );
      return cached?.users ?? new Set();
    }
  }
}

/** Each user's language: their Slack locale when it is Indonesian or English, else BOT_LOCALE (cached an hour). */
export class SlackLocales {
  private readonly cache = new Map<string, { locale: Locale; until: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly fallback: Locale,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user's locale. */
  async of(userId: string): Promise<Locale> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > this.now()) return cached.locale;
    let locale = this.fallback;
    try {
      const info = await this.client.users.info({ user: userId, include_locale: true });
      const base = (info.user?.locale ?? '').toLowerCase().split(/[-_]/)[0];
      if (base === 'id' || base === 'en') locale = base;
    } catch {
      // Without users:read the default language is a fine answer; nothing else depends on it.
      locale = this.fallback;
    }
    this.cache.set(userId, { locale, until: this.now() + 60 * 60_000 });
    return locale;
  }
}
