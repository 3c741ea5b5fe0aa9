/**
 * The sending number's limits as Meta reports them (GET /{phone-number-id}?fields=…): the messaging limit tier
 * (unique customers a business may start conversations with per 24 hours) and the quality rating. The tier is
 * the Cloud account's daily cap.
 */
import type { GraphClient } from './client.js';

export interface CloudPhoneInfo {
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  /** GREEN, YELLOW, RED or UNKNOWN. */
  qualityRating: string;
  /** e.g. TIER_1K; null when Meta did not say. */
  tier: string | null;
  /** Unique customers per 24 hours; 0 = unlimited; null = not known. */
  dailyLimit: number | null;
}

const TIERS: Record<string, number> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: 0,
};

export const PHONE_FIELDS = 'display_phone_number,verified_name,quality_rating,messaging_limit_tier';

/** The limit of a tier name (`TIER_1K` → 1000, `TIER_UNLIMITED` → 0 = none), null for an unknown one. */
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
  }>(`/${phoneNumberId}`, { fields: PHONE_FIELDS });
  const tier = raw.messaging_limit_tier ?? null;
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
 * hide from), and the messaging limit tier as the daily cap (0 when unlimited or not known). DAILY_CAP and
 * NEW_ACCOUNT_DAILY_CAP protect Baileys numbers and do not apply.
 */
export function cloudPacing(perSecond: number, info: Pick<CloudPhoneInfo, 'dailyLimit'> | null, timeZone: string) {
  return { ratePerMinute: perSecond * 60, jitterMs: 0, dailyCap: info?.dailyLimit ?? 0, timeZone };
}

/** The tier as the preview's quota: how many unique customers are left today (null when not known). */
export function tierQuota(info: Pick<CloudPhoneInfo, 'dailyLimit'> | null, usedToday: number) {
  if (!info || info.dailyLimit === null || info.dailyLimit === 0) return null;
  return {
    total: info.dailyLimit,
    used: usedToday,
    remaining: Math.max(0, info.dailyLimit - usedToday),
    cappingStatus: usedToday >= info.dailyLimit ? 'CAPPED' : null,
    cycleEndsAt: null,
  };
}
