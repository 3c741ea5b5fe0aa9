/** `--wait`: follows a campaign in the terminal with a live progress line until it ends. */
import type { App } from '../../app-types.js';
import { renderProgressLine, renderStatusSummary } from '../../campaigns/progress-view.js';
import { FINAL_STATUSES, type Campaign } from '../../campaigns/types.js';
import { startWorker } from '../../queue/worker.js';
import type { CliContext } from './context.js';
import { t } from '../../i18n/index.js';
import '../../i18n/cli.js';
import { cliLocale } from './locale.js';

/**
 * Waits for the campaign to end, printing progress (rewritten in place on a terminal, one line per change
 * otherwise). When no worker is running anywhere, starts one in this process so the command works alone.
 */
export async function waitWithProgress(app: App, campaignId: string, ctx: CliContext): Promise<Campaign> {
  const workers = await app.workersRunning();
  const local = workers === 0 ? await startWorker(app) : null;
  const locale = cliLocale(ctx.env);
  if (local) ctx.stderr.write(`${t(locale, 'cli.wait.localWorker')}\n`);
  const tty = Boolean((ctx.stderr as NodeJS.WriteStream).isTTY);
  let last = '';
  try {
    for (;;) {
      const campaign = await app.campaigns.get(campaignId);
      const view = await app.campaigns.view(campaign);
      const line = renderProgressLine(view, locale);
      // A terminal gets the line rewritten in place; a log or pipe gets a line only when the counts move.
      const key = tty ? line : `${view.status}|${view.done}`;
      if (key !== last) {
        ctx.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
        last = key;
      }
      if (FINAL_STATUSES.includes(campaign.status)) {
        if (tty) ctx.stderr.write('\n');
        ctx.stdout.write(`${renderStatusSummary(campaign, locale)}\n`);
        return campaign;
      }
      await new Promise((r) => setTimeout(r, Math.min(1000, app.config.PROGRESS_INTERVAL_MS)));
    }
  } finally {
    await local?.stop();
  }
}
