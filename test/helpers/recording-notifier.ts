import type { AdminAlert, CampaignNotifier, CampaignSummary, ProgressView } from '../../src/campaigns/ports.js';
import type { Campaign, Surface } from '../../src/campaigns/types.js';

/** A notifier that records every call, for tests of the engine and the benchmark. */
export class RecordingNotifier implements CampaignNotifier {
  readonly progress: { at: number; campaignId: string; view: ProgressView }[] = [];
  readonly summaries: { at: number; summary: CampaignSummary }[] = [];
  readonly alerts: AdminAlert[] = [];

  constructor(readonly surface: Surface = 'cli') {}

  async updateProgress(campaign: Campaign, view: ProgressView): Promise<void> {
    this.progress.push({ at: Date.now(), campaignId: campaign.id, view });
  }

  async postSummary(summary: CampaignSummary): Promise<void> {
    this.summaries.push({ at: Date.now(), summary });
  }

  async alert(alert: AdminAlert): Promise<void> {
    this.alerts.push(alert);
  }

  progressFor(campaignId: string): ProgressView[] {
    return this.progress.filter((p) => p.campaignId === campaignId).map((p) => p.view);
  }
}
