/**
 * `cloud_msgs_per_s`: a template campaign on a Cloud API account against the local fake Graph API, paced at the
 * configured maximum (CLOUD_SEND_PER_SECOND=80). The figure is messages per second from the first send to the
 * last (the pace the account really held), next to the target of 80.
 */
import { startWorker } from '../src/queue/worker.js';
import {
  FAKE_APP_SECRET,
  FAKE_PHONE_NUMBER_ID,
  FAKE_TOKEN,
  FAKE_VERIFY_TOKEN,
  FAKE_WABA_ID,
  FakeGraphApi,
} from '../test/fakes/graph-api.js';
import { benchApp, seed } from './common.js';

export const CLOUD_MAX_PER_SECOND = 80;

export async function benchCloud(redisUrl: string, size = 2_000): Promise<{ msgsPerS: number; seconds: number; sent: number }> {
  const fake = await new FakeGraphApi().start();
  const { app } = await benchApp(redisUrl, {
    WHATSAPP_DRIVER: 'cloud',
    WHATSAPP_CLOUD_TOKEN: FAKE_TOKEN,
    WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
    WHATSAPP_CLOUD_VERIFY_TOKEN: FAKE_VERIFY_TOKEN,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
    WHATSAPP_CLOUD_WABA_ID: FAKE_WABA_ID,
    GRAPH_API_URL: fake.url,
    CLOUD_SEND_PER_SECOND: String(CLOUD_MAX_PER_SECOND),
  });
  try {
    await seed(app, size);
    const worker = await startWorker(app);
    const campaign = await app.campaigns.create(
      {
        title: 'cloud bench',
        template: 'Halo {{name}}, ada Promo untuk Anda!',
        whatsappTemplate: { name: 'promo_desember', language: 'id', params: { '1': '{{name|Pelanggan}}', '2': 'Promo' } },
        audience: { kind: 'all' },
      },
      { surface: 'cli', userId: 'bench' },
    );
    const started = performance.now();
    for (;;) {
      const c = await app.campaigns.get(campaign.id);
      if (c.status === 'completed' || c.status === 'failed' || c.status === 'paused') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const times = fake.accepted.map((m) => m.at);
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    // n messages span n − 1 intervals.
    return { msgsPerS: span > 0 ? (fake.accepted.length - 1) / span : 0, seconds, sent: fake.accepted.length };
  } finally {
    await app.close();
    await fake.stop();
  }
}
