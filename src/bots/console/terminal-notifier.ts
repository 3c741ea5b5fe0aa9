/**
 * The terminal's notifier: the process running `broadcast-bot start` prints progress of campaigns started
 * from the CLI, completion summaries and alerts on its stderr, so an operator watching it sees what happens.
 */
import type { AdminAlert, CampaignNotifier, CampaignSummary, ProgressView } from '../../campaigns/ports.js';
import { renderProgressLine, renderSummaryText, reasonText } from '../../campaigns/progress-view.js';
import type { Campaign, Locale } from '../../campaigns/types.js';

export class TerminalNotifier implements CampaignNotifier {
  readonly surface = 'cli' as const;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly locale: Locale,
  ) {}

  async updateProgress(campaign: Campaign, view: ProgressView): Promise<void> {
    this.out.write(`[${campaign.id}] ${campaign.title}: ${renderProgressLine(view, this.locale)}\n`);
  }

  async postSummary(summary: CampaignSummary): Promise<void> {
    this.out.write(`[${summary.campaign.id}] ${renderSummaryText(summary, this.locale).replace(/\n/g, '\n  ')}\n`);
  }

  async alert(alert: AdminAlert): Promise<void> {
    // Schedule alerts arrive written whole (name, id, time, why) by the scheduler.
    if (alert.kind.startsWith('schedule_') && alert.detail) return void this.out.write(`⚠ ${alert.detail}\n`);
    const subject = alert.campaignId ? `[${alert.campaignId}] ` : alert.scheduleId ? `[schedule ${alert.scheduleId}] ` : '';
    this.out.write(`${subject}⚠ ${alert.kind}: ${reasonText(this.locale, alert.reason)}${alert.detail ? ` — ${alert.detail}` : ''}\n`);
  }
}
