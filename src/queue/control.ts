/**
 * What the engine decides by itself: pausing a campaign to protect the number (and saying why), resuming
 * campaigns that paused for a lost connection once it is back, and finishing a campaign exactly once.
 */
import type { Announcer } from '../campaigns/announcer.js';
import type { AdminAlert, Store } from '../campaigns/ports.js';
import { storedAlertText } from '../campaigns/alerts.js';
import type { Actor, Campaign, CampaignStatus } from '../campaigns/types.js';
import type { Logger } from '../logging/logger.js';
import type { LaneControl } from './lane.js';
import { PREPARING } from '../campaigns/service.js';
import { capResetParams, isDailyCapReason, pausedAtCap } from '../campaigns/daily-cap.js';

/** Auto-pause reasons after which no further send of the campaign may start in this process. */
const HALTING_REASONS = new Set(['rate_limited', 'restricted', 'whatsapp_disconnected', 'consecutive_failures']);

export const SYSTEM_ACTOR: Actor = { surface: 'system', userId: 'engine' };

/**
 * When a finished run counts as `failed`: nothing was sent although sends were attempted and failed
 * (every recipient failed, was unknown or skipped with at least one failure). Otherwise `completed`.
 */
export function finalStatusOf(campaign: Campaign): CampaignStatus {
  const c = campaign.counts;
  return c.sent === 0 && c.failed + c.unknown > 0 ? 'failed' : 'completed';
}

export class EngineControl implements LaneControl {
  private readonly halts = new Set<string>();

  constructor(
    private readonly deps: {
      store: Store;
      announcer: Announcer;
      logger: Logger;
      locale: 'id' | 'en';
      /** The schedules' time zone, in which the daily cap resets (named by alerts about a pause at the cap). */
      timeZone?: string;
      startLanes: (campaignId: string) => Promise<void>;
    },
  ) {}

  halted(campaignId: string): boolean {
    return this.halts.has(campaignId);
  }

  clearHalt(campaignId: string): void {
    this.halts.delete(campaignId);
  }

  async autoPause(campaignId: string, reason: string, detail?: string): Promise<void> {
    const { store, announcer, locale } = this.deps;
    // WhatsApp pushing back: stop this process's other lanes before their next send, not at their next
    // status poll. (At the daily cap, a lane that already holds a slot may still use it.)
    // Every Cloud API pause (spam limit, policy block, expired token, broken template) stops the number too.
    if (HALTING_REASONS.has(reason) || reason.startsWith('cloud_')) this.halts.add(campaignId);
    let paused = await store.campaigns.update(campaignId, { status: 'paused', statusReason: reason }, ['processing']);
    if (!paused) return;
    paused = (await store.campaigns.recomputeCounts(campaignId)) ?? paused;
    this.deps.logger.warn({ campaignId, reason, detail }, 'campaign paused itself');
    await store.audit.record({ actor: SYSTEM_ACTOR, action: 'campaign.autopause', target: campaignId, outcome: 'ok', detail: reason });
    const alert: AdminAlert = {
      kind: 'campaign_paused',
      campaignId,
      reason,
      ...(detail ? { detail } : {}),
      // A pause at the daily cap ends by itself at midnight: the alert says when. (A Cloud number's 24-hour limit
      // frees up at no fixed time: its alert says so without one.)
      ...(isDailyCapReason(reason) && this.deps.timeZone ? { params: capResetParams(this.deps.timeZone) } : {}),
    };
    // Stored for every surface's readers, so without any one surface's `/resume ID`, in the author's language.
    await announcer.alert(alert, storedAlertText(alert, paused, paused.origin.locale ?? locale));
  }

  async finishIfDone(campaignId: string): Promise<void> {
    const { store, announcer } = this.deps;
    const counts = await store.recipients.activity(campaignId);
    let campaign = await store.campaigns.get(campaignId);
    if (!campaign) return;
    if (campaign.status === 'cancelled') {
      if (!counts.claimed) await announcer.finished((await store.campaigns.recomputeCounts(campaignId)) ?? campaign);
      return;
    }
    if (campaign.status !== 'processing' || counts.pending) return;
    // The final status is decided on counters recomputed from the recipients, never on increments a fault may have lost.
    campaign = (await store.campaigns.recomputeCounts(campaignId)) ?? campaign;
    const finished = await store.campaigns.update(
      campaignId,
      { status: finalStatusOf(campaign), sentAt: new Date() },
      ['processing'],
    );
    if (finished) {
      this.deps.logger.info({ campaignId, status: finished.status, counts: finished.counts }, 'campaign finished');
      await announcer.finished(finished);
    }
  }

  /**
   * Fails campaigns whose creation was interrupted (the process died while storing their recipients, so they were
   * never queued and hold only part of their audience) and tells the admins; nothing of them was sent.
   */
  async failInterruptedCreations(olderThanMs: number): Promise<number> {
    const { store, announcer, locale } = this.deps;
    const pending = await store.campaigns.list({ status: ['pending'], limit: 1000 });
    const cutoff = Date.now() - olderThanMs;
    let failed = 0;
    for (const campaign of pending) {
      if (campaign.statusReason !== PREPARING || campaign.createdAt.getTime() > cutoff) continue;
      const updated = await store.campaigns.update(
        campaign.id,
        { status: 'failed', statusReason: 'creation_interrupted', sentAt: new Date() },
        ['pending'],
      );
      if (!updated) continue;
      failed++;
      await store.audit.record({ actor: SYSTEM_ACTOR, action: 'campaign.fail', target: campaign.id, outcome: 'ok', detail: 'creation_interrupted' });
      const alert: AdminAlert = { kind: 'campaign_failed', campaignId: campaign.id, reason: 'creation_interrupted' };
      await announcer.alert(alert, storedAlertText(alert, campaign, campaign.origin.locale ?? locale));
    }
    return failed;
  }

  /**
   * Resumes the campaigns paused at the cap once `capReached` says the cap has room again (called by the worker's
   * sweeper every minute: within a minute of midnight for the daily cap, within a minute of a Cloud number's 24-hour
   * window letting recipients go for its limit): those whose resume was asked for (the "wait" reasons) and those
   * that paused themselves at the cap and nobody touched; the cap was their only reason to stop.
   */
  async resumeAfterCapReset(capReached: () => Promise<boolean>, account?: string): Promise<number> {
    const { store } = this.deps;
    // Each sender account has its own daily cap: only that account's campaigns (all of them when none is named).
    const paused = await store.campaigns.list({ status: ['paused'], limit: 1000, ...(account ? { account } : {}) });
    const waiting = paused.filter(pausedAtCap);
    if (waiting.length === 0 || (await capReached())) return 0;
    let resumed = 0;
    for (const campaign of waiting) {
      const updated = await store.campaigns.update(campaign.id, { status: 'processing', statusReason: null }, ['paused']);
      if (!updated) continue;
      await store.audit.record({ actor: SYSTEM_ACTOR, action: 'campaign.autoresume', target: campaign.id, outcome: 'ok', detail: isDailyCapReason(campaign.statusReason) ? 'daily_cap_reset' : 'tier_cap_room' });
      await this.deps.startLanes(campaign.id);
      resumed++;
    }
    return resumed;
  }

  /** Resumes the campaigns that paused because WhatsApp was disconnected (called when it reconnects). */
  async resumeAfterReconnect(account?: string): Promise<number> {
    const { store } = this.deps;
    // The account that reconnected (all accounts' campaigns when none is named).
    const paused = await store.campaigns.list({ status: ['paused'], limit: 1000, ...(account ? { account } : {}) });
    let resumed = 0;
    for (const campaign of paused.filter((c) => c.statusReason === 'whatsapp_disconnected')) {
      const updated = await store.campaigns.update(campaign.id, { status: 'processing', statusReason: null }, ['paused']);
      if (!updated) continue;
      this.clearHalt(campaign.id);
      await store.audit.record({ actor: SYSTEM_ACTOR, action: 'campaign.autoresume', target: campaign.id, outcome: 'ok', detail: null });
      await this.deps.startLanes(campaign.id);
      resumed++;
    }
    return resumed;
  }
}
