import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { startHttpServer, type HttpDeps, type HttpService } from '../../src/ops/http.js';
import { redisOptionsFromUrl } from '../../src/queue/redis.js';
import { createDryRunSender } from '../../src/whatsapp/index.js';
import type { DryRunSender } from '../../src/whatsapp/dry-run.js';
import { freePort } from '../helpers/global-redis.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('bb-ops-http-');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const USER = 'ops';
const PASSWORD = 'correct horse battery staple';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A real app (SQLite in a temp DATA_DIR, the test Redis under a random prefix, dry-run sender), no worker. */
async function testApp(env: Record<string, string> = {}): Promise<{ test: TestApp; sender: DryRunSender }> {
  let sender: DryRunSender | null = null;
  const test = await startTestApp(env, {
    withWorker: false,
    makeSender: (config) => (sender = createDryRunSender(config)),
  });
  cleanups.push(async () => {
    await test.app.engine.campaignQueue.queue.obliterate({ force: true });
    await test.close();
  });
  return { test, sender: sender! };
}

async function serve(app: Parameters<typeof startHttpServer>[0], deps: Partial<HttpDeps> = {}): Promise<HttpService> {
  const http = await startHttpServer(app, { metrics: createMetrics({ processMetrics: false }), port: 0, ...deps });
  cleanups.push(() => http.stop());
  return http;
}

describe('health and readiness', () => {
  it('answers /healthz with 200 ok on loopback', async () => {
    const { test } = await testApp();
    const http = await serve(test.app);
    expect(http.url).toBe(`http://127.0.0.1:${http.port}`);
    const res = await fetch(`${http.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('reports ready when Redis, the store and WhatsApp all answer', async () => {
    const { test } = await testApp();
    const http = await serve(test.app);
    const res = await fetch(`${http.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ready: true,
      redis: { ok: true },
      store: { ok: true, kind: 'sqlite' },
      whatsapp: { ok: true, driver: 'dry-run', status: 'connected', reason: null },
    });
  });

  it('answers 503 naming the store when the store is broken', async () => {
    const { test } = await testApp();
    const broken = await openStore({ SQLITE_PATH: join(tempDir(), 'broken.db') }, silentLogger());
    await broken.close();
    const http = await serve({ ...test.app, store: broken });
    const res = await fetch(`${http.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ready: boolean; redis: { ok: boolean }; store: { ok: boolean; error?: string } };
    expect(body.ready).toBe(false);
    expect(body.redis.ok).toBe(true);
    expect(body.store.ok).toBe(false);
    expect(body.store.error).toMatch(/\S/);
  });

  it('answers 503 naming Redis when Redis does not answer', async () => {
    const { test } = await testApp();
    const deadPort = await freePort();
    const http = await serve({ ...test.app, redis: redisOptionsFromUrl(`redis://127.0.0.1:${deadPort}`) });
    const res = await fetch(`${http.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { redis: { ok: boolean; error?: string }; store: { ok: boolean } };
    expect(body.redis.ok).toBe(false);
    expect(body.redis.error).toMatch(/ECONNREFUSED|no answer within/);
    expect(body.store.ok).toBe(true);
  });

  it('follows the WhatsApp connection state live', async () => {
    const { test, sender } = await testApp();
    const http = await serve(test.app);
    sender.setState('disconnected', 'connection_lost');
    const down = await fetch(`${http.url}/readyz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { whatsapp: unknown }).whatsapp).toMatchObject({
      ok: false,
      status: 'disconnected',
      reason: 'connection_lost',
      error: 'WhatsApp is disconnected (connection_lost)',
    });
    sender.setState('connected');
    expect((await fetch(`${http.url}/readyz`)).status).toBe(200);
  });

  it('does not require WhatsApp for roles that do not send', async () => {
    const { test, sender } = await testApp();
    const http = await serve(test.app, { requireWhatsApp: false });
    sender.setState('not_linked');
    const res = await fetch(`${http.url}/readyz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { whatsapp: unknown }).whatsapp).toMatchObject({ ok: true, status: 'not_linked' });
  });
});

describe('/metrics', () => {
  it('serves the engine counters, the live queue depth and the send rate in Prometheus text', async () => {
    const { test } = await testApp();
    const metrics = createMetrics();
    const http = await serve(test.app, { metrics });
    metrics.observer.messageSent('c1');
    metrics.observer.messageSent('c1');
    metrics.observer.messageFailed('c1', 'not_on_whatsapp', 'not_on_whatsapp');
    metrics.observer.campaignFinished('c1', 'completed', 12_000);
    metrics.observer.progressEditFailed('slack', 'ratelimited');
    await test.app.queue.start('campaign-for-metrics', 1); // one job per lane on the real queue

    const res = await fetch(`${http.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('broadcast_messages_sent_total 2');
    expect(text).toContain('broadcast_messages_failed_total{kind="not_on_whatsapp",code="not_on_whatsapp"} 1');
    expect(text).toContain('broadcast_campaign_duration_seconds_count{status="completed"} 1');
    expect(text).toContain('broadcast_progress_edit_errors_total{surface="slack",code="ratelimited"} 1');
    expect(text).toContain(`broadcast_queue_depth ${test.config.CAMPAIGN_LANES}`);
    expect(text).toContain('broadcast_send_rate_per_minute 2');
    expect(text).toContain('process_resident_memory_bytes');
  });
});

describe('queue dashboard', () => {
  const dashboardEnv = { DASHBOARD_USER: USER, DASHBOARD_PASSWORD: PASSWORD };

  it('asks for credentials and refuses wrong ones', async () => {
    const { test } = await testApp(dashboardEnv);
    const http = await serve(test.app, { queues: [test.app.engine.campaignQueue.queue] });
    const anonymous = await fetch(`${http.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    for (const header of [basic(USER, 'wrong'), basic('admin', PASSWORD), basic(USER, `${PASSWORD} `), 'Basic !!!', `Bearer ${PASSWORD}`]) {
      const res = await fetch(`${http.url}/admin/queues`, { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
    }
    const api = await fetch(`${http.url}/admin/queues/api/queues`);
    expect(api.status).toBe(401);
  });

  it('shows the real queue with the right credentials', async () => {
    const { test } = await testApp(dashboardEnv);
    const queue = test.app.engine.campaignQueue.queue;
    const http = await serve(test.app, { queues: [queue] });
    await test.app.queue.start('campaign-for-dashboard', 1);

    const page = await fetch(`${http.url}/admin/queues`, { headers: { authorization: basic(USER, PASSWORD) } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('broadcast-bot');

    const api = await fetch(`${http.url}/admin/queues/api/queues?activeQueue=${queue.name}&status=waiting`, {
      headers: { authorization: basic(USER, PASSWORD) },
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    const shown = body.queues.find((q) => q.name === queue.name);
    expect(shown?.counts.waiting).toBe(test.config.CAMPAIGN_LANES);
  });

  it('is not there (404) unless both DASHBOARD_USER and DASHBOARD_PASSWORD are set', async () => {
    const partial: Record<string, string>[] = [{}, { DASHBOARD_USER: USER }, { DASHBOARD_PASSWORD: PASSWORD }];
    for (const env of partial) {
      const { test } = await testApp(env);
      const http = await serve(test.app, { queues: [test.app.engine.campaignQueue.queue] });
      const res = await fetch(`${http.url}/admin/queues`, { headers: { authorization: basic(USER, PASSWORD) } });
      expect(res.status, JSON.stringify(env)).toBe(404);
      expect((await fetch(`${http.url}/admin/queues/api/queues`)).status).toBe(404);
    }
  });
});

describe('the server itself', () => {
  it('names HTTP_PORT when the port is taken', async () => {
    const { test } = await testApp();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const taken = (blocker.address() as { port: number }).port;
    await expect(startHttpServer(test.app, { metrics: createMetrics(), port: taken })).rejects.toThrow(
      new RegExp(`HTTP_PORT ${taken} on 127.0.0.1 is already in use`),
    );
  });

  it('stops listening on stop(), even with a keep-alive connection open', async () => {
    const { test } = await testApp();
    const http = await startHttpServer(test.app, { metrics: createMetrics(), port: 0 });
    expect((await fetch(`${http.url}/healthz`, { headers: { connection: 'keep-alive' } })).status).toBe(200);
    await http.stop();
    await expect(fetch(`${http.url}/healthz`)).rejects.toThrow();
  });
});
