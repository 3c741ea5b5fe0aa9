/**
 * The `/whatsapp` use cases, surface-neutral: Telegram, Slack and the CLI call these and only choose how
 * to show the result (an image for a QR code, a line of text for a status).
 */
import QRCode from 'qrcode';
import type { App } from '../app-types.js';
import type { SenderState } from '../campaigns/ports.js';
import { reasonText } from '../campaigns/progress-view.js';
import type { Locale } from '../campaigns/types.js';
import { formatNumber, t } from '../i18n/index.js';
import '../i18n/whatsapp.js';
import {
  accountControlOf,
  WhatsAppAccountError,
  type AccountStatus,
  type ControllableSender,
  type LinkCode,
  type LinkRequest,
  type NewChatQuota,
} from './account.js';
import type { MakeSocket } from './baileys/socket.js';
import { cloudSenderOf, type CloudSender } from './cloud/sender.js';
import { UNKNOWN_TIER_CAP, type CloudPhoneInfo } from './cloud/limits.js';
import { toSendError } from './cloud/errors.js';
import '../i18n/cloud.js';

/** What an admin sees for `/whatsapp`. */
export interface WhatsAppStatusView extends AccountStatus {
  driver: 'dry-run' | 'baileys' | 'cloud';
  /** A Cloud API number's tier and quality as Meta reports them now (null when they could not be read). */
  cloud?: CloudPhoneInfo | null;
  /** Why the Cloud API number could not be read (a reason code), when it could not. */
  cloudError?: string | null;
  /** WHATSAPP_DRIVER=auto is sending through the dry-run sender until an account is linked. */
  autoFallback: boolean;
  /** The sender account's name when it is not `default` (its own driver, linked with its own name). */
  accountName?: string;
}

/** A code to show while linking: the QR payload with a PNG of it, or a pairing code. */
export interface LinkPrompt {
  qr?: string;
  png?: Buffer;
  pairingCode?: string;
}

export interface LinkOutcome {
  state: SenderState;
  /** The running service still sends through the dry-run sender: restart it to use the linked account. */
  restartNeeded: boolean;
}

export interface WhatsAppAdmin {
  status(): Promise<WhatsAppStatusView>;
  /** Links the account; `onCode` gets every rotated QR code (with a PNG) or the pairing code. */
  link(request: LinkRequest, onCode: (code: LinkPrompt) => Promise<void>, timeoutMs?: number): Promise<LinkOutcome>;
  logout(): Promise<void>;
  /** WhatsApp's new-chat quota, when connected. */
  quota(): Promise<NewChatQuota | null>;
}

export const DEFAULT_LINK_TIMEOUT_MS = 3 * 60 * 1000;

type AdminApp = Pick<App, 'sender' | 'config' | 'store' | 'logger' | 'redis' | 'prefix' | 'makeSocket'>;

/**
 * Creates the `/whatsapp` use cases for the app's sender. With WHATSAPP_DRIVER=auto and no linked account
 * the app sends through the dry-run sender; linking then runs a temporary Baileys sender.
 * `makeSocket` is for tests (a fake socket for that temporary sender).
 */
export function createWhatsAppAdmin(app: AdminApp, options: { makeSocket?: MakeSocket; account?: string } = {}): WhatsAppAdmin {
  // WHATSAPP_DRIVER=auto is about `default` only; another account's sender is the one its driver made.
  const isDefault = (options.account ?? 'default') === 'default';
  const autoFallback = () => isDefault && app.sender.driver === 'dry-run' && app.config.WHATSAPP_DRIVER === 'auto';

  /** The sender with account control: the app's own, or a temporary one in auto mode (closed by the caller). */
  async function controller(): Promise<{ control: ControllableSender; temporary: boolean }> {
    const own = accountControlOf(app.sender);
    if (own) return { control: own, temporary: false };
    if (!autoFallback()) throw new WhatsAppAccountError('dry_run', 'the WhatsApp driver is dry-run; there is nothing to link', { name: options.account ?? 'default' });
    const { createBaileysSender } = await import('./baileys/driver.js');
    const temporary = createBaileysSender({ ...app, makeSocket: options.makeSocket ?? app.makeSocket });
    await temporary.ready();
    return { control: temporary, temporary: true };
  }

  async function withController<T>(work: (control: ControllableSender, temporary: boolean) => Promise<T>): Promise<T> {
    const { control, temporary } = await controller();
    try {
      return await work(control, temporary);
    } finally {
      if (temporary) await control.close();
    }
  }

  const named = isDefault ? {} : { accountName: options.account };
  return {
    async status() {
      const cloud = cloudSenderOf(app.sender);
      if (cloud) return { ...(await cloudStatus(cloud)), ...named };
      const own = accountControlOf(app.sender);
      if (own) return { ...(await own.status()), driver: 'baileys', autoFallback: false, ...named };
      const state = app.sender.state();
      let linkedAccount: string | null = null;
      if (autoFallback()) {
        // Linked (by another process) since this one started: say so rather than "not linked".
        const { storedLinkedAccount } = await import('./baileys/driver.js');
        linkedAccount = await storedLinkedAccount(app.store, app.config);
      }
      return {
        ...state,
        status: autoFallback() ? 'not_linked' : state.status,
        linkedAccount,
        heldElsewhere: false,
        linkedAt: null,
        driver: 'dry-run',
        autoFallback: autoFallback(),
        ...named,
      };
    },

    async link(request, onCode, timeoutMs = DEFAULT_LINK_TIMEOUT_MS) {
      return withController(async (control, temporary) => {
        const state = await control.link(request, async (code) => onCode(await withPng(code)), timeoutMs);
        return { state, restartNeeded: temporary };
      });
    },

    async logout() {
      await withController((control) => control.logout());
    },

    async quota() {
      const own = accountControlOf(app.sender);
      return own ? own.quota() : null;
    },
  };
}

async function withPng(code: LinkCode): Promise<LinkPrompt> {
  if (!code.qr) return code;
  // Large, low error correction: a phone camera reads it quickly off a chat image or a laptop screen.
  const png = await QRCode.toBuffer(code.qr, { type: 'png', width: 512, margin: 2, errorCorrectionLevel: 'L' });
  return { qr: code.qr, png };
}

/** A Cloud API number's status: always "connected" (stateless HTTP), with its tier and quality read now. */
async function cloudStatus(cloud: CloudSender): Promise<WhatsAppStatusView> {
  const state = cloud.state();
  const base = { ...state, linkedAccount: state.account, heldElsewhere: false, linkedAt: null, driver: 'cloud' as const, autoFallback: false };
  try {
    return { ...base, cloud: await cloud.phoneInfo(), cloudError: null };
  } catch (error) {
    return { ...base, cloud: null, cloudError: toSendError(error).code };
  }
}

/** The Cloud API line: number, name, messaging limit tier and quality rating. */
function describeCloud(view: WhatsAppStatusView, locale: Locale): string {
  const info = view.cloud;
  if (!info) return t(locale, 'whatsapp.cloud.unreadable', { reason: reasonText(locale, view.cloudError ?? 'cloud_unavailable') });
  const tier =
    info.dailyLimit === null
      ? t(locale, 'whatsapp.cloud.tier.unknown', { cap: formatNumber(locale, UNKNOWN_TIER_CAP) })
      : info.dailyLimit === 0
        ? t(locale, 'whatsapp.cloud.tier.unlimited')
        : t(locale, 'whatsapp.cloud.tier', { limit: formatNumber(locale, info.dailyLimit) });
  const quality = ['GREEN', 'YELLOW', 'RED'].includes(info.qualityRating) ? info.qualityRating : 'UNKNOWN';
  return t(locale, 'whatsapp.cloud.status', {
    account: info.displayPhoneNumber ?? view.account ?? t(locale, 'whatsapp.status.unknown_account'),
    name: info.verifiedName ?? '—',
    tier,
    quality: t(locale, `whatsapp.cloud.quality.${quality}`),
  });
}

/** The status as one or two lines for the chat, in `locale`. */
export function describeStatus(view: WhatsAppStatusView, locale: Locale): string {
  if (view.driver === 'cloud') return describeCloud(view, locale);
  // A named account's driver is its own (WHATSAPP_DRIVER is about `default`), and it is linked by its name.
  const name = view.accountName;
  if (view.driver === 'dry-run' && !view.autoFallback) return name ? t(locale, 'whatsapp.status.dry_run_account', { name }) : t(locale, 'whatsapp.status.dry_run');
  const account = view.account && view.driver === 'baileys' ? view.account : view.linkedAccount;
  const params = {
    account: account ?? t(locale, 'whatsapp.status.unknown_account'),
    since: view.since ? formatTime(view.since, locale) : '—',
    reason: view.reason ? reasonText(locale, view.reason) : '—',
  };
  let line: string;
  if (view.autoFallback && view.linkedAccount) line = `${t(locale, 'whatsapp.link.done', params)} ${t(locale, 'whatsapp.link.restart')}`;
  else if (view.status === 'connected') line = t(locale, 'whatsapp.status.connected', params);
  else if (view.status === 'connecting') line = t(locale, 'whatsapp.status.connecting', params);
  else if (view.status === 'logged_out') line = name ? t(locale, 'whatsapp.status.logged_out_account', { name }) : t(locale, 'whatsapp.status.logged_out');
  else if (view.status === 'not_linked') line = name ? t(locale, 'whatsapp.status.not_linked_account', { name }) : t(locale, 'whatsapp.status.not_linked');
  else line = t(locale, 'whatsapp.status.disconnected', params);
  return view.heldElsewhere ? `${line}\n${t(locale, 'whatsapp.status.held_elsewhere')}` : line;
}

/**
 * The refusal to link a dry-run number: `default`'s names WHATSAPP_DRIVER (its driver comes from it); another
 * number's driver was chosen when it was added, so the way out is adding a Baileys number.
 */
export function dryRunLinkRefusal(locale: Locale, account: string | null | undefined): string {
  if (!account || account === 'default') return t(locale, 'whatsapp.error.dry_run');
  return t(locale, 'whatsapp.error.dry_run_account', { name: account });
}

/** The quota as a line for the chat (empty when WhatsApp did not say). */
export function describeQuota(quota: NewChatQuota | null, locale: Locale): string {
  if (!quota) return '';
  if (quota.cappingStatus === 'CAPPED') return t(locale, 'whatsapp.quota.capped');
  if (quota.total === null || quota.used === null) return '';
  return t(locale, 'whatsapp.quota', {
    used: formatNumber(locale, quota.used),
    total: formatNumber(locale, quota.total),
    remaining: formatNumber(locale, quota.remaining ?? 0),
  });
}

/** The instruction to show with a link code. */
export function describeLinkPrompt(prompt: LinkPrompt, locale: Locale): string {
  return prompt.pairingCode ? t(locale, 'whatsapp.link.pairing', { code: formatPairingCode(prompt.pairingCode) }) : t(locale, 'whatsapp.link.qr');
}

/** "ABCD1234" → "ABCD-1234", the way WhatsApp shows it. */
export function formatPairingCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

function formatTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
