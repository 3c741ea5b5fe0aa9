/**
 * Prometheus metrics for a broadcast-bot process: what the engine reports through its EngineObserver
 * (messages, failures, campaign durations, progress-edit errors) plus gauges read at scrape time
 * (queue depth, send rate) and Node's own process metrics. Each process has its own registry;
 * Prometheus adds the workers up.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineObserver } from '../campaigns/ports.js';

export interface MetricsOptions {
  /** Jobs waiting + active in the campaign queue, read on every scrape (e.g. `() => app.queue.depth()`). */
  queueDepth?: () => Promise<number>;
  /** Clock for the send-rate window (tests pass their own). */
  now?: () => number;
  /** Node's default process metrics (CPU, memory, event loop); on unless turned off. */
  processMetrics?: boolean;
}

export interface Metrics {
  registry: Registry;
  observer: EngineObserver;
  /** Sets or replaces the queue-depth source once the queue exists (the app is built after the metrics). */
  setQueueDepth(source: () => Promise<number>): void;
}

/** Labels are machine codes; anything else is cut short so a surprising value cannot explode cardinality. */
const label = (value: string) => (/^[\w.:-]{1,48}$/.test(value) ? value : 'other');

/**
 * Creates the registry and the observer the engine reports to.
 * @example const metrics = createMetrics(); const app = await createApp(config, { observer: metrics.observer });
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const now = options.now ?? Date.now;
  const sendRate = new RollingCounter(60_000, 1_000, now);
  let queueDepth = options.queueDepth;

  const sent = new Counter({ name: 'broadcast_messages_sent_total', help: 'WhatsApp messages sent', registers });
  const failed = new Counter({
    name: 'broadcast_messages_failed_total',
    help: 'WhatsApp sends that failed, by failure kind (permanent, transient, rate_limited…) and code',
    labelNames: ['kind', 'code'],
    registers,
  });
  const durations = new Histogram({
    name: 'broadcast_campaign_duration_seconds',
    help: 'Time from a campaign starting to it finishing, by final status',
    labelNames: ['status'],
    buckets: [10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400],
    registers,
  });
  const editErrors = new Counter({
    name: 'broadcast_progress_edit_errors_total',
    help: 'Progress-message edits a chat surface refused, by surface and code',
    labelNames: ['surface', 'code'],
    registers,
  });
  const replies = new Counter({
    name: 'broadcast_replies_total',
    help: "Customers' WhatsApp replies to campaigns forwarded to the admins",
    registers,
  });
  const answers = new Counter({
    name: 'broadcast_reply_answers_total',
    help: "Admins' answers sent to customers on WhatsApp",
    registers,
  });
  new Gauge({
    name: 'broadcast_queue_depth',
    help: 'Campaign jobs waiting or active in the queue',
    registers,
    async collect() {
      if (!queueDepth) return;
      try {
        this.set(await queueDepth());
      } catch {
        // A scrape must not fail because Redis hiccuped; the failure is counted instead.
        collectErrors.inc({ gauge: 'broadcast_queue_depth' });
      }
    },
  });
  new Gauge({
    name: 'broadcast_send_rate_per_minute',
    help: 'Messages sent by this process over the last 60 seconds',
    registers,
    collect() {
      this.set(sendRate.total());
    },
  });

  const collectErrors = new Counter({
    name: 'broadcast_metrics_collect_errors_total',
    help: 'Scrapes where a gauge source failed (the gauge keeps its previous value)',
    labelNames: ['gauge'],
    registers,
  });
  // The series exists from the start (at 0) so alerts can use increase(); collectors of one scrape run
  // concurrently, so a failure may show only from the next scrape on.
  collectErrors.inc({ gauge: 'broadcast_queue_depth' }, 0);
  const observer: EngineObserver = {
    messageSent() {
      sent.inc();
      sendRate.add(1);
    },
    messageFailed(_campaignId, kind, code) {
      failed.inc({ kind: label(kind), code: label(code) });
    },
    campaignFinished(_campaignId, status, durationMs) {
      durations.observe({ status }, Math.max(0, durationMs) / 1000);
    },
    progressEditFailed(surface, code) {
      editErrors.inc({ surface, code: label(code) });
    },
    replyReceived() {
      replies.inc();
    },
    answerSent() {
      answers.inc();
    },
  };

  return {
    registry,
    observer,
    setQueueDepth(source) {
      queueDepth = source;
    },
  };
}

/** Counts events over a sliding window in fixed buckets, so memory stays constant at any send rate. */
export class RollingCounter {
  private readonly counts: number[];
  private readonly starts: number[];

  constructor(
    private readonly windowMs: number,
    private readonly bucketMs: number,
    private readonly now: () => number = Date.now,
  ) {
    const size = Math.ceil(windowMs / bucketMs);
    this.counts = new Array<number>(size).fill(0);
    this.starts = new Array<number>(size).fill(-Infinity);
  }

  /** Adds `n` events at the current time. */
  add(n: number): void {
    const start = Math.floor(this.now() / this.bucketMs) * this.bucketMs;
    const index = (start / this.bucketMs) % this.counts.length;
    if (this.starts[index] !== start) {
      this.starts[index] = start;
      this.counts[index] = 0;
    }
    this.counts[index] = (this.counts[index] ?? 0) + n;
  }

  /** Events in the last `windowMs`. */
  total(): number {
    const oldest = this.now() - this.windowMs;
    let sum = 0;
    for (let i = 0; i < this.counts.length; i++) if ((this.starts[i] ?? -Infinity) > oldest) sum += this.counts[i] ?? 0;
    return sum;
  }
}
