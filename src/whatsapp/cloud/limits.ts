/**
 * The sending number's limits as Meta reports them (GET /{phone-number-id}?fields=…): the messaging limit tier
 * (unique customers a business may start conversations with per 24 hours) and the quality rating. The tier is
 * the Cloud account's daily cap.
 */
import type { PacingSettings } from '../../queue/pacer.js';
import type { GraphClient } from './client.js';

export interface CloudPhoneInfo {
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  /** GREEN, YELLOW, RED or UNKNOWN. */
  qualityRating: string;
  /** e.g. TIER_2K; null when Meta did not say. */
  tier: string | null;
  /** Unique customers per 24 hours; 0 = unlimited; null = not known. */
  dailyLimit: number | null;
}

/**
 * Meta's tier names, old and new: `TIER_1K` was replaced by `TIER_2K` (Oct 2025, limits per business portfolio);
 * numbers on an older API version or not yet re-tiered may still say `TIER_1K`. `TIER_NOT_SET` (never sent yet)
 * is not a limit: it reads as unknown.
 */
const TIERS: Record<string, number> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: 0,
};

/** The tier field up to Graph API v23.0 (deprecated). */
export const LEGACY_TIER_FIELD = 'messaging_limit_tier';
/** The tier field from Graph API v24.0 on (see Meta's "Messaging limits", "Via API"). */
export const TIER_FIELD = 'whatsapp_business_manager_messaging_limit';

const BASE_FIELDS = 'display_phone_number,verified_name,quality_rating';

/**
 * The fields to ask for under `graphApiUrl`: the tier field of its pinned version (Graph refuses a field the
 * version does not have). A root without a version (a proxy) gets Graph's newest, so the new field.
 */
export function phoneFieldsFor(graphApiUrl: string): string {
  const version = /\/v(\d+)(?:\.\d+)?(?:\/|$)/.exec(graphApiUrl)?.[1];
  const legacy = version !== undefined && Number(version) <= 23;
  return `${BASE_FIELDS},${legacy ? LEGACY_TIER_FIELD : TIER_FIELD}`;
}

/**
 * The cap while a number's tier is not known (never read, or `TIER_NOT_SET`): Meta's limit for a newly created
 * business portfolio, 250 unique customers per 24 hours (Meta's "Messaging limits" page:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messaging-limits). Sending
 * unlimited because Meta could not be asked would be the unsafe direction.
 */
export const UNKNOWN_TIER_CAP = 250;

/** The cap in force for a tier limit: the limit itself (0 = unlimited), or UNKNOWN_TIER_CAP while not known. */
export function tierCap(dailyLimit: number | null | undefined): number {
  return dailyLimit ?? UNKNOWN_TIER_CAP;
}

/** The limit of a tier name (`TIER_2K` → 2000, `TIER_UNLIMITED` → 0 = none), null for an unknown one. */
export function tierLimit(tier: string | null | undefined): number | null {
  if (!tier) return null;
  return TIERS[tier.toUpperCase()] ?? null;
}

export async function readPhoneInfo(client: GraphClient, phoneNumberId: string): Promise<CloudPhoneInfo> {
  const raw = await client.get<{
    display_phone_number?: string;
    verified_name?: string;
    quality_rating?: string;
    messaging_limit_tier?: string;
    whatsapp_business_manager_messaging_limit?: string;
  }>(`/${phoneNumberId}`, { fields: phoneFieldsFor(client.baseUrl) });
  // Either name is understood, whichever the version answered with.
  const tier = raw.whatsapp_business_manager_messaging_limit ?? raw.messaging_limit_tier ?? null;
  return {
    displayPhoneNumber: raw.display_phone_number ?? null,
    verifiedName: raw.verified_name ?? null,
    qualityRating: raw.quality_rating ?? 'UNKNOWN',
    tier,
    dailyLimit: tierLimit(tier),
  };
}

/**
 * The pacing of a Cloud API account: messages per second (CLOUD_SEND_PER_SECOND), no jitter (no ban risk to
 * hide from), and the messaging limit tier as the cap (0 when unlimited, UNKNOWN_TIER_CAP while not known), counted as Meta does:
 * unique recipients in a moving 24 hours. DAILY_CAP and NEW_ACCOUNT_DAILY_CAP protect Baileys numbers and do not apply.
 */
export function cloudPacing(perSecond: number, info: Pick<CloudPhoneInfo, 'dailyLimit'> | null, timeZone: string): PacingSettings {
  return { ratePerMinute: perSecond * 60, jitterMs: 0, dailyCap: tierCap(info?.dailyLimit), timeZone, capMode: 'unique_recipients_24h' };
}

/**
 * The tier as the preview's quota: how many unique customers are left in the 24-hour window (null when unlimited);
 * while the tier is not known, of UNKNOWN_TIER_CAP, the cap in force.
 */
export function tierQuota(info: Pick<CloudPhoneInfo, 'dailyLimit'> | null, usedToday: number) {
  const total = tierCap(info?.dailyLimit);
  if (total === 0) return null;
  return {
    total,
    used: usedToday,
    remaining: Math.max(0, total - usedToday),
    cappingStatus: usedToday >= total ? 'CAPPED' : null,
    cycleEndsAt: null,
  };
}
