/** A real app on the Cloud API driver against the fake Graph API, with its webhook served and listened to. */
import { inject } from 'vitest';
import { createMetrics } from '../../../src/ops/metrics.js';
import { startHttpServer, type HttpService } from '../../../src/ops/http.js';
import { attachSenderListeners } from '../../../src/whatsapp/listeners.js';
import type { CloudSender } from '../../../src/whatsapp/cloud/sender.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { RecordingNotifier } from '../../helpers/recording-notifier.js';
import {
  FAKE_APP_SECRET,
  FAKE_PHONE_NUMBER_ID,
  FAKE_TOKEN,
  FAKE_VERIFY_TOKEN,
  FAKE_WABA_ID,
  FakeGraphApi,
} from '../../fakes/graph-api.js';

export interface CloudHarness {
  fake: FakeGraphApi;
  t: TestApp;
  http: HttpService;
  recorder: RecordingNotifier;
  sender: CloudSender;
  close(): Promise<void>;
}

/** The environment of a Cloud API account pointed at `fake`. */
export function cloudEnv(fake: FakeGraphApi, env: Record<string, string> = {}): Record<string, string> {
  return {
    WHATSAPP_DRIVER: 'cloud',
    WHATSAPP_CLOUD_TOKEN: FAKE_TOKEN,
    WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
    WHATSAPP_CLOUD_VERIFY_TOKEN: FAKE_VERIFY_TOKEN,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
    WHATSAPP_CLOUD_WABA_ID: FAKE_WABA_ID,
    GRAPH_API_URL: fake.url,
    CLOUD_SEND_PER_SECOND: '80',
    REDIS_URL: inject('redisUrl'),
    ...env,
  };
}

/**
 * Starts the fake, then the app (sender from the env unless `sender` makes one), its worker, the listeners and
 * the HTTP server, and points the fake's webhooks at it.
 */
export async function startCloud(
  options: {
    env?: Record<string, string>;
    sender?: (fake: FakeGraphApi) => Promise<CloudSender>;
    setup?: (fake: FakeGraphApi) => void;
    /** The clock of the number's 24-hour messaging limit window (tests move it). */
    clock?: () => Date;
  } = {},
): Promise<CloudHarness> {
  const fake = await new FakeGraphApi().start();
  options.setup?.(fake);
  const own = options.sender ? await options.sender(fake) : undefined;
  const t = await startTestApp(cloudEnv(fake, options.env), { ...(own ? { sender: own } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  const recorder = new RecordingNotifier('cli');
  t.app.notifiers.register(recorder);
  attachSenderListeners(t.app, { receiptRetryDelaysMs: [50, 200, 1000] });
  const http = await startHttpServer(t.app, { metrics: createMetrics({ processMetrics: false }), port: 0, requireWhatsApp: false });
  fake.webhookUrl = `${http.url}/webhooks/whatsapp`;
  return {
    fake,
    t,
    http,
    recorder,
    sender: t.app.sender as CloudSender,
    async close() {
      await http.stop();
      await t.app.engine.campaignQueue.queue.obliterate({ force: true }).catch(() => undefined);
      await t.close();
      await fake.stop();
    },
  };
}
