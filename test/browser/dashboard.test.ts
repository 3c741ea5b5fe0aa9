import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.js';
import { startHttpServer, type HttpService } from '../../src/ops/http.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const USER = 'ops';
const PASSWORD = `pw-${randomUUID()}`;
const SCREENSHOT = resolve('test-results/dashboard.png');

describe('queue dashboard in headless Chromium', () => {
  let test: TestApp;
  let extra: Queue;
  let http: HttpService;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install it with "sudo apt-get install -y chromium" or set CHROMIUM_PATH.`);
    }
    test = await startTestApp({ DASHBOARD_USER: USER, DASHBOARD_PASSWORD: PASSWORD }, { withWorker: false });
    // The app's campaign queue with lane jobs waiting (no worker runs), plus a second queue with its own name.
    await test.app.queue.start('campaign-dashboard-demo', 1);
    extra = new Queue(`dashboard-${randomUUID().slice(0, 8)}`, { connection: test.app.engine.redis, prefix: test.app.prefix });
    await extra.addBulk([1, 2, 3].map((n) => ({ name: `rehearsal-${n}`, data: { n } })));
    http = await startHttpServer(test.app, {
      metrics: createMetrics({ processMetrics: false }),
      port: 0,
      queues: [test.app.engine.campaignQueue.queue, extra],
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await http?.stop();
    await extra?.obliterate({ force: true });
    await extra?.close();
    await test?.app.engine.campaignQueue.queue.obliterate({ force: true });
    await test?.close();
  });

  it('lists the real queues behind basic auth and shows their jobs', async () => {
    const context = await browser.newContext({
      httpCredentials: { username: USER, password: PASSWORD },
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const response = await page.goto(`${http.url}/admin/queues`);
    expect(response?.status()).toBe(200);

    await page.getByText(extra.name, { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.getByText(test.app.engine.campaignQueue.queue.name, { exact: true }).first().waitFor();

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(5_000);

    // Into the extra queue: its waiting jobs are listed by name.
    await page.goto(`${http.url}/admin/queues/queue/${encodeURIComponent(extra.name)}?status=waiting`);
    await page.getByText('rehearsal-3').first().waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('refuses a browser with the wrong password', async () => {
    const context = await browser.newContext({ httpCredentials: { username: USER, password: 'wrong' } });
    const page = await context.newPage();
    const response = await page.goto(`${http.url}/admin/queues`);
    expect(response?.status()).toBe(401);
    expect(await page.content()).not.toContain(extra.name);
    await context.close();
  });
});
