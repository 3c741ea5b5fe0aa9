/**
 * The Slack side of the engine's CampaignNotifier port: edits each campaign's one progress message within
 * the workspace's chat.update budget, posts the completion summary to SLACK_ADMIN_CHANNEL, relays alerts.
 * It needs only the bot token, so a worker process can use it without the HTTP receiver.
 */
import type { ScheduleApprovalRequest } from '../../schedules/approval.js';
import { SlackScheduleApprovalNotices } from './schedule-approval.js';
import { SlackApprovalNotices } from './approval.js';
import type { ApprovalDecision, ApprovalRequest, Decider } from '../../campaigns/approval.js';
import { escapeSlackText } from './escape.js';
import type { App } from '../../app-types.js';
import { alertActions, renderAlert } from '../../campaigns/alerts.js';
import { AlertMessages } from '../../campaigns/alert-messages.js';
import type { AdminAlert, AnswerConfirmation, CampaignNotifier, CampaignSummary, CustomerReply, ProgressView } from '../../campaigns/ports.js';
import { rememberSummary, rememberThread, renderReplyText, summaryMessage as summaryRef } from '../../campaigns/replies.js';
import type { Campaign, Locale } from '../../campaigns/types.js';
import { Redis } from 'ioredis';
import { type BudgetOptions, DEFAULT_BUDGET, TokenBucket, WorkspaceBudgets } from './budget.js';
import { RedisBudget } from './budget-redis.js';
import { campaignButton, context, escapeMrkdwn, progressMessage, section, summaryMessage, type Block } from './blocks.js';
import { retryAfterSeconds, slackErrorCode, type WebClient } from './client.js';
import { deliverPatiently, type FailureKind } from '../deliver.js';
import { t } from './i18n.js';
import { type UpdateStats, UpdateQueue } from './update-queue.js';

export interface SlackNotifierOptions {
  /** chat.update budget per workspace (default ~50 a minute, a burst of 5). */
  budget?: BudgetOptions;
  /** Keep the budget in Redis, shared by every process (default); false keeps it in this process. */
  sharedBudget?: boolean;
}

export class SlackNotifier implements CampaignNotifier {
  readonly surface = 'slack' as const;
  private readonly budgets: WorkspaceBudgets;
  private queue: Promise<UpdateQueue> | null = null;
  private readonly queues: UpdateQueue[] = [];
  private redis: Redis | null = null;
  private readonly alertMessages: AlertMessages;
  private readonly approvals: SlackApprovalNotices;
  private readonly scheduleApprovals: SlackScheduleApprovalNotices;

  constructor(
    private readonly app: App,
    readonly client: WebClient,
    options: SlackNotifierOptions = {},
  ) {
    this.alertMessages = new AlertMessages(app.store.kv, 'slack');
    this.approvals = new SlackApprovalNotices(app, client);
    this.scheduleApprovals = new SlackScheduleApprovalNotices(app, client);
    const budget = options.budget ?? DEFAULT_BUDGET;
    this.budgets = new WorkspaceBudgets((team) =>
      options.sharedBudget === false
        ? new TokenBucket(budget)
        : new RedisBudget(this.budgetRedis(), `${app.prefix}:slack:budget:${team}`, budget, app.logger.child({ platform: 'slack' })),
    );
  }

  async requestApproval(request: ApprovalRequest): Promise<void> {
    await this.approvals.request(request);
  }

  async approvalDecided(campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null): Promise<void> {
    await this.approvals.decided(campaign, decision, by, reason);
  }

  async requestScheduleApproval(request: ScheduleApprovalRequest): Promise<void> {
    await this.scheduleApprovals.request(request);
  }

  async scheduleApprovalDecided(request: ScheduleApprovalRequest): Promise<void> {
    await this.scheduleApprovals.decided(request);
  }

  /** Edits the campaign's Slack progress message(s); waits only for the final edit. */
  async updateProgress(campaign: Campaign, view: ProgressView): Promise<void> {
    const refs = campaign.progressMessages.filter((m) => m.surface === 'slack');
    if (refs.length === 0) return;
    const message = progressMessage(view, this.localeOf(campaign));
    const queue = await this.updates();
    await Promise.all(
      refs.map((ref) =>
        queue.push({ campaignId: campaign.id, channel: ref.chatId, ts: ref.messageId, final: view.final, ...message }),
      ),
    );
  }

  /** Remembers a message just posted with this text, so an unchanged view does not edit it again. */
  async posted(channel: string, ts: string, text: string): Promise<void> {
    (await this.updates()).seen(channel, ts, text);
  }

  /** Renders the campaign now and edits its messages (after a button press, or when it finished before we attached). */
  async refresh(campaignId: string): Promise<void> {
    const campaign = await this.app.campaigns.get(campaignId);
    await this.updateProgress(campaign, await this.app.campaigns.view(campaign));
  }

  /** Posts the completion summary (after the final edit went out) to the admin channel. */
  async postSummary(summary: CampaignSummary): Promise<void> {
    const { campaign } = summary;
    await (await this.updates()).flush(campaign.id);
    const target = this.summaryChannel(campaign);
    if (!target) {
      this.app.logger.warn({ campaignId: campaign.id }, 'no Slack channel for the summary: set SLACK_ADMIN_CHANNEL');
      return;
    }
    const message = summaryMessage(summary, target.locale);
    const posted: { channel?: string; ts?: string } = {};
    const send = async () => {
      const result = await this.client.chat.postMessage({ channel: target.channel, text: message.text, blocks: message.blocks, unfurl_links: false });
      posted.channel = result.channel ?? target.channel;
      posted.ts = result.ts;
    };
    await deliverPatiently(send, slackFailure, this.app.logger, { platform: 'slack', campaignId: campaign.id, what: 'summary' });
    // Customers' replies are threaded under the summary (src/campaigns/replies.ts).
    if (posted.channel && posted.ts) await rememberSummary(this.app.store.kv, 'slack', campaign.id, { chatId: posted.channel, messageId: posted.ts });
  }

  /**
   * Posts a customer's reply in the thread of the campaign's summary (before the summary: of its progress message in
   * that channel, else of a new message naming the campaign) and remembers the thread, so an admin's reply in it
   * answers the customer.
   */
  async forwardReply(reply: CustomerReply): Promise<void> {
    const { campaign } = reply;
    const locale = this.localeOf(campaign);
    let root = await summaryRef(this.app.store.kv, 'slack', campaign.id);
    if (!root) {
      const channel = this.summaryChannel(campaign)?.channel;
      if (!channel) {
        this.app.logger.warn({ campaignId: campaign.id }, 'no Slack channel for customer replies: set SLACK_ADMIN_CHANNEL');
        return;
      }
      const progress = campaign.progressMessages.find((m) => m.surface === 'slack' && m.chatId === channel);
      if (progress) root = { chatId: progress.chatId, messageId: progress.messageId };
      else {
        const text = escapeSlackText(t(locale, 'reply.forward.campaignHeader', { title: campaign.title, id: campaign.id }));
        const posted = await this.client.chat.postMessage({ channel, text });
        if (!posted.ts) return;
        root = { chatId: posted.channel ?? channel, messageId: posted.ts };
        // Later replies (and the summary's absence) keep to this one thread.
        await rememberSummary(this.app.store.kv, 'slack', campaign.id, root);
      }
    }
    const text = `${escapeSlackText(renderReplyText(reply, locale))}\n\n_${escapeSlackText(t(locale, 'reply.forward.howToAnswerSlack'))}_`;
    await this.client.chat.postMessage({ channel: root.chatId, thread_ts: root.messageId, text, unfurl_links: false, unfurl_media: false });
    await rememberThread(this.app.store.kv, 'slack', root, campaign.id, reply.phone);
  }

  /** ✓ on the admin's answer once it went out on WhatsApp. */
  async confirmAnswer(answer: AnswerConfirmation): Promise<void> {
    await this.client.reactions.add({ channel: answer.chatId, timestamp: answer.messageId, name: 'white_check_mark' });
  }

  /** Posts an alert (auto-pause, WhatsApp connection, schedules) to the admin channel. */
  async alert(alert: AdminAlert): Promise<void> {
    const campaign = alert.campaignId ? await this.app.store.campaigns.get(alert.campaignId) : null;
    const channel =
      this.app.config.SLACK_ADMIN_CHANNEL ??
      campaign?.progressMessages.find((m) => m.surface === 'slack')?.chatId ??
      null;
    if (!channel) {
      this.app.logger.warn({ alert: alert.kind }, 'no Slack channel for alerts: set SLACK_ADMIN_CHANNEL');
      return;
    }
    // A schedule's alert speaks its author's language (its params, such as the time, are already in it).
    const locale = alert.locale ?? this.app.config.BOT_LOCALE;
    const text = alertText(alert, campaign, locale);
    const blocks: Block[] = [section(escapeMrkdwn(text))];
    // The buttons are the ones the campaign's status allows now (allowedActions), none once it ended.
    const actions = alertActions(alert, campaign);
    if (campaign && actions.length > 0) {
      blocks.push(context(t(locale, 'slack.context.id', { id: campaign.id })), {
        type: 'actions',
        block_id: `alert:${campaign.id}`,
        elements: actions.map((a) => campaignButton(a, campaign.id, locale, campaign.title)),
      });
    }
    const posted = await this.client.chat.postMessage({ channel, text: escapeSlackText(text), blocks });
    // Remembered so the buttons can go once the campaign is resumed, cancelled or ended.
    if (campaign && actions.length > 0 && posted.ts) {
      await this.alertMessages.add(campaign.id, { chatId: posted.channel ?? channel, messageId: posted.ts, alert });
    }
  }

  /** Re-renders the alerts posted about `campaign` (no longer paused) without their Resume / Cancel buttons. */
  async settleAlerts(campaign: Campaign): Promise<void> {
    const locale = this.app.config.BOT_LOCALE;
    for (const ref of await this.alertMessages.take(campaign.id)) {
      // The shared renderer drops the "resume with …" line too, since the campaign is not paused any more.
      const text = alertText(ref.alert, campaign, locale);
      try {
        await this.client.chat.update({ channel: ref.chatId, ts: ref.messageId, text: escapeSlackText(text), blocks: [section(escapeMrkdwn(text))] });
      } catch (error) {
        // A deleted alert or a channel we left: nothing left to press, so only worth a log line.
        this.app.logger.warn(
          { platform: 'slack', channel: ref.chatId, ts: ref.messageId, code: slackErrorCode(error) ?? String(error) },
          'could not take the buttons off an alert',
        );
      }
    }
  }

  /** Counters of the progress edits (for tests and metrics). */
  stats(): UpdateStats {
    const total: UpdateStats = { sent: 0, coalesced: 0, rateLimited: 0, dropped: 0 };
    for (const queue of this.queues) {
      const s = queue.stats();
      total.sent += s.sent;
      total.coalesced += s.coalesced;
      total.rateLimited += s.rateLimited;
      total.dropped += s.dropped;
    }
    return total;
  }

  /** Stops editing and releases anyone waiting for a final edit. */
  async close(): Promise<void> {
    for (const queue of this.queues) queue.close();
    const redis = this.redis;
    this.redis = null;
    if (redis) await redis.quit().catch(() => redis.disconnect());
  }

  private budgetRedis(): Redis {
    if (!this.redis) {
      const { url: _url, ...options } = this.app.redis;
      // One retry, not BullMQ's "forever": a slow Redis falls back to the in-process budget instead of stalling edits.
      this.redis = new Redis({ ...options, maxRetriesPerRequest: 1, connectionName: 'slack-budget' });
    }
    return this.redis;
  }

  private localeOf(campaign: Campaign): Locale {
    return campaign.origin.locale ?? this.app.config.BOT_LOCALE;
  }

  private summaryChannel(campaign: Campaign): { channel: string; locale: Locale } | null {
    // The summary is written in its author's language, in the admin channel too.
    if (this.app.config.SLACK_ADMIN_CHANNEL) return { channel: this.app.config.SLACK_ADMIN_CHANNEL, locale: this.localeOf(campaign) };
    const progress = campaign.progressMessages.find((m) => m.surface === 'slack');
    if (progress) return { channel: progress.chatId, locale: this.localeOf(campaign) };
    if (campaign.origin.surface === 'slack' && campaign.origin.chatId) {
      return { channel: campaign.origin.chatId, locale: this.localeOf(campaign) };
    }
    return null;
  }

  /** The update queue of the bot token's workspace (its team id comes from auth.test, once). */
  private updates(): Promise<UpdateQueue> {
    if (!this.queue) {
      this.queue = this.client.auth
        .test()
        .then((auth) => {
          const queue = new UpdateQueue({
            bucket: this.budgets.of(auth.team_id ?? 'default'),
            send: async (u) => {
              await this.client.chat.update({ channel: u.channel, ts: u.ts, text: u.text, blocks: u.blocks });
            },
            logger: this.app.logger.child({ platform: 'slack' }),
            onError: (code) => this.app.observer.progressEditFailed('slack', code),
          });
          this.queues.push(queue);
          return queue;
        })
        .catch((error: unknown) => {
          this.queue = null;
          throw new Error(
            `Slack auth.test failed (${slackErrorCode(error) ?? String(error)}): check SLACK_BOT_TOKEN and SLACK_API_URL`,
            { cause: error },
          );
        });
    }
    return this.queue;
  }
}

/** The alert's words for Slack: the shared renderer with Slack's command syntax. */
export function alertText(alert: AdminAlert, campaign: Campaign | null, locale: Locale): string {
  return renderAlert(alert, campaign, locale, 'slack');
}

/** A network error, a 5xx (after the client's own retries) or a 429 passes; a platform error will repeat. */
function slackFailure(error: unknown): FailureKind {
  const code = slackErrorCode(error);
  if (code === 'request_error' || code === 'http_error') return { kind: 'transient' };
  if (code === 'ratelimited') return { kind: 'transient', waitMs: (retryAfterSeconds(error) ?? 1) * 1000 };
  return { kind: 'permanent' };
}
