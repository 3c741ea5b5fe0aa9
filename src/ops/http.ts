/**
 * The operations HTTP port: `/healthz` (the process is up), `/readyz` (Redis, store and WhatsApp checked
 * live), `/metrics` (Prometheus) and, when DASHBOARD_USER and DASHBOARD_PASSWORD are set, the bull-board
 * queue dashboard at `/admin/queues` behind basic auth. Loopback by default (HTTP_HOST); HTTP_PORT 0
 * picks a free port, which is logged.
 *
 * Responses are for operators' tools (curl, Prometheus, orchestrators), so they are English and JSON,
 * not chat text from the i18n catalogue.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type Express } from 'express';
import type { App, Service } from '../app-types.js';
import { redactSecrets } from '../logging/logger.js';
import { basicAuth } from './basic-auth.js';
import type { Metrics } from './metrics.js';
import { createReadinessProbe } from './readiness.js';
import { cloudSenderOf } from '../whatsapp/cloud/sender.js';
import { WEBHOOK_PATH, webhookRouter } from '../whatsapp/cloud/webhook.js';
import type { CloudWebhookSinks } from '../whatsapp/cloud/webhook-sinks.js';

/** What startHttpServer needs from the app; a whole App satisfies it. */
export type HttpApp = Pick<App, 'config' | 'logger' | 'redis' | 'store' | 'sender' | 'queue'>;

export interface HttpDeps {
  /** The registry /metrics serves; its queue-depth gauge is bound to `app.queue` here. */
  metrics: Pick<Metrics, 'registry'> & Partial<Pick<Metrics, 'setQueueDepth'>>;
  /** The BullMQ queues the dashboard shows (the engine exposes them). */
  queues?: Queue[];
  /** Defaults: config.HTTP_HOST and config.HTTP_PORT. */
  host?: string;
  port?: number;
  /** When false, /readyz does not require a connected WhatsApp (roles that do not send). Default true. */
  requireWhatsApp?: boolean;
  /**
   * Where Cloud API webhooks go, per phone number id (every Cloud account: whatsapp/cloud/webhook-sinks.ts).
   * Without it only the app sender's number is served, and only when it is a Cloud one.
   */
  cloudSinks?: CloudWebhookSinks;
}

export interface HttpService extends Service {
  readonly port: number;
  /** Base URL, e.g. http://127.0.0.1:9464 */
  readonly url: string;
}

export const DASHBOARD_PATH = '/admin/queues';

/**
 * Starts the operations HTTP server and resolves once it listens.
 * @example const http = await startHttpServer(app, { metrics, queues: engine.queues }); app.onClose(() => http.stop());
 */
export async function startHttpServer(app: HttpApp, deps: HttpDeps): Promise<HttpService> {
  const { config } = app;
  const logger = app.logger.child({ component: 'http' });
  const host = deps.host ?? config.HTTP_HOST;
  const readiness = createReadinessProbe(app, { requireWhatsApp: deps.requireWhatsApp ?? true });
  deps.metrics.setQueueDepth?.(() => app.queue.depth());
  const web = express();
  web.disable('x-powered-by');

  const webhook = mountCloudWebhook(web, app, deps.cloudSinks);

  web.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });
  web.get('/readyz', async (_req, res) => {
    const report = await readiness.check();
    res.status(report.ready ? 200 : 503).json(report);
  });
  web.get('/metrics', async (_req, res) => {
    const body = await deps.metrics.registry.metrics();
    res.type(deps.metrics.registry.contentType).send(body);
  });

  const dashboard = mountDashboard(web, app, deps.queues ?? []);

  web.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logger.error({ err: error }, 'HTTP request failed');
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    res.status(500).type('text/plain').send(`internal error: ${message}\n`);
  });

  const server = await listen(web, host, deps.port ?? config.HTTP_PORT);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(
    { url, dashboard },
    `HTTP server listening on ${url} (/healthz, /readyz, /metrics${dashboard ? `, ${DASHBOARD_PATH}` : ''}${webhook ? `, ${WEBHOOK_PATH}` : ''})`,
  );

  let stopping: Promise<void> | null = null;
  return {
    name: 'http',
    port,
    url,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          // Keep-alive connections (Prometheus, browsers) would otherwise hold close() open.
          server.closeAllConnections();
        });
        await readiness.close();
      })()),
  };
}

/**
 * Mounts Meta's webhook for the Cloud API when WHATSAPP_CLOUD_APP_SECRET is set (without it no delivery could be
 * verified, and no Cloud sender can be made) and there is somewhere to deliver: the Cloud accounts' sinks, or the
 * app sender when it is a Cloud one; returns whether it did.
 */
function mountCloudWebhook(web: Express, app: HttpApp, sinks: CloudWebhookSinks | undefined): boolean {
  const cloud = cloudSenderOf(app.sender);
  const appSecret = app.config.WHATSAPP_CLOUD_APP_SECRET;
  if (!appSecret || (!cloud && !sinks)) return false;
  web.use(
    webhookRouter({
      verifyToken: app.config.WHATSAPP_CLOUD_VERIFY_TOKEN,
      appSecret,
      sinkFor: sinks ? (phoneNumberId) => sinks.sinkFor(phoneNumberId) : (phoneNumberId) => (phoneNumberId === cloud?.phoneNumberId ? cloud : null),
      logger: app.logger,
    }),
  );
  return true;
}

/** Mounts bull-board behind basic auth when both dashboard keys are set; returns whether it did. */
function mountDashboard(web: Express, app: HttpApp, queues: Queue[]): boolean {
  const user = app.config.DASHBOARD_USER;
  const password = app.config.DASHBOARD_PASSWORD;
  if (!user || !password) return false;
  if (queues.length === 0) app.logger.warn('The queue dashboard is on but no queues were given to it; it will be empty');
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'broadcast-bot' } },
  });
  web.use(DASHBOARD_PATH, basicAuth(user, password, 'broadcast-bot queues'), serverAdapter.getRouter() as express.Router);
  return true;
}

async function listen(web: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = web.listen(port, host);
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `HTTP_PORT ${port} on ${host} is already in use; pick another HTTP_PORT (0 picks a free one).`
            : `Cannot listen on ${host}:${port} (${error.code ?? error.message}); check HTTP_HOST and HTTP_PORT.`,
        ),
      );
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}
