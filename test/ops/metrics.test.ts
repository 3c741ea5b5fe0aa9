import { describe, expect, it } from 'vitest';
import { createMetrics, RollingCounter } from '../../src/ops/metrics.js';

/** The value of one sample line (`name{labels} value`) in Prometheus text, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('createMetrics', () => {
  it('counts what the engine reports through the observer', async () => {
    const { registry, observer } = createMetrics({ processMetrics: false });
    observer.messageSent('c1');
    observer.messageSent('c1');
    observer.messageFailed('c1', 'permanent', 'not_on_whatsapp');
    observer.messageFailed('c1', 'transient', 'timeout');
    observer.messageFailed('c2', 'transient', 'timeout');
    observer.campaignFinished('c1', 'completed', 90_000);
    observer.campaignFinished('c2', 'cancelled', 5_000);
    observer.progressEditFailed('telegram', '429');

    const text = await registry.metrics();
    expect(sample(text, 'broadcast_messages_sent_total')).toBe(2);
    expect(sample(text, 'broadcast_messages_failed_total{kind="permanent",code="not_on_whatsapp"}')).toBe(1);
    expect(sample(text, 'broadcast_messages_failed_total{kind="transient",code="timeout"}')).toBe(2);
    expect(sample(text, 'broadcast_campaign_duration_seconds_count{status="completed"}')).toBe(1);
    expect(sample(text, 'broadcast_campaign_duration_seconds_sum{status="completed"}')).toBe(90);
    expect(sample(text, 'broadcast_campaign_duration_seconds_bucket{le="60",status="completed"}')).toBe(0);
    expect(sample(text, 'broadcast_campaign_duration_seconds_bucket{le="300",status="completed"}')).toBe(1);
    expect(sample(text, 'broadcast_campaign_duration_seconds_count{status="cancelled"}')).toBe(1);
    expect(sample(text, 'broadcast_progress_edit_errors_total{surface="telegram",code="429"}')).toBe(1);
    expect(sample(text, 'broadcast_send_rate_per_minute')).toBe(2);
    expect(text).not.toContain('process_cpu_user_seconds_total');
  });

  it('keeps label values to machine codes', async () => {
    const { registry, observer } = createMetrics({ processMetrics: false });
    observer.messageFailed('c1', 'transient', 'Error: connect ECONNRESET 10.0.0.1:443 while sending to +628123');
    const text = await registry.metrics();
    expect(sample(text, 'broadcast_messages_failed_total{kind="transient",code="other"}')).toBe(1);
  });

  it('reads the queue depth on each scrape and counts a failing source instead of failing the scrape', async () => {
    let depth = 7;
    const metrics = createMetrics({ processMetrics: false, queueDepth: async () => depth });
    const first = await metrics.registry.metrics();
    expect(sample(first, 'broadcast_queue_depth')).toBe(7);
    expect(sample(first, 'broadcast_metrics_collect_errors_total{gauge="broadcast_queue_depth"}')).toBe(0);
    depth = 3;
    expect(sample(await metrics.registry.metrics(), 'broadcast_queue_depth')).toBe(3);

    metrics.setQueueDepth(async () => {
      throw new Error('Connection is closed.');
    });
    expect(sample(await metrics.registry.metrics(), 'broadcast_queue_depth')).toBe(3);

    metrics.setQueueDepth(async () => 4);
    const next = await metrics.registry.metrics();
    expect(sample(next, 'broadcast_queue_depth')).toBe(4);
    expect(sample(next, 'broadcast_metrics_collect_errors_total{gauge="broadcast_queue_depth"}')).toBe(1);
  });

  it("includes Node's process metrics by default", async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('gives the send rate over the last minute only', async () => {
    let now = 1_000_000;
    const { registry, observer } = createMetrics({ processMetrics: false, now: () => now });
    for (let i = 0; i < 30; i++) observer.messageSent('c1');
    now += 30_000;
    for (let i = 0; i < 10; i++) observer.messageSent('c1');
    expect(sample(await registry.metrics(), 'broadcast_send_rate_per_minute')).toBe(40);
    now += 31_000; // the first 30 are now older than 60 s
    expect(sample(await registry.metrics(), 'broadcast_send_rate_per_minute')).toBe(10);
    now += 60_000;
    expect(sample(await registry.metrics(), 'broadcast_send_rate_per_minute')).toBe(0);
  });
});

describe('RollingCounter', () => {
  it('reuses its buckets as the window slides, so old counts never come back', () => {
    let now = 0;
    const counter = new RollingCounter(10_000, 1_000, () => now);
    counter.add(5);
    now = 10_500; // same bucket slot as t=0, one lap later
    counter.add(1);
    expect(counter.total()).toBe(1);
    now = 25_000;
    expect(counter.total()).toBe(0);
  });
});
