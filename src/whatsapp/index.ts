/**
 * Chooses the WhatsApp sender: `dry-run` writes to the outbox, `baileys` uses the linked account, and
 * `auto` (the default) uses Baileys once an account is linked and the dry-run sender until then.
 */
import type { RedisOptions } from 'ioredis';
import type { Store, WhatsAppSender } from '../campaigns/ports.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import type { MakeSocket } from './baileys/socket.js';
import { DryRunSender } from './dry-run.js';

export interface SenderDeps {
  config: Config;
  store: Store;
  logger: Logger;
  redis: RedisOptions & { url: string };
  prefix: string;
  /**
   * `send` takes the WhatsApp account (lock + connection): worker processes and `whatsapp` commands.
   * `observe` never connects and shows the owner's state: bots-only processes and other commands.
   */
  mode?: 'send' | 'observe';
  /** Opens Baileys sockets (default: Baileys' own); tests pass a fake WhatsApp. */
  makeSocket?: MakeSocket;
}

/** Creates the dry-run sender from the DRY_RUN_* settings. */
export function createDryRunSender(config: Config): DryRunSender {
  return new DryRunSender({
    outboxPath: config.DRY_RUN_OUTBOX,
    latencyMs: config.DRY_RUN_LATENCY_MS,
    failRate: config.DRY_RUN_FAIL_RATE,
    notOnWhatsApp: config.DRY_RUN_NOT_ON_WHATSAPP,
  });
}

/**
 * The Cloud API sender of the default account from WHATSAPP_CLOUD_* (WHATSAPP_DRIVER=cloud).
 */
export async function createDefaultCloudSender(deps: SenderDeps): Promise<WhatsAppSender> {
  const { config } = deps;
  const missing = (['WHATSAPP_CLOUD_PHONE_NUMBER_ID', 'WHATSAPP_CLOUD_WABA_ID'] as const).filter((key) => !config[key]);
  if (missing.length > 0) throw new Error(`WHATSAPP_DRIVER=cloud needs ${missing.join(', ')} (see config/example.env)`);
  return createCloudAccountSender(
    { name: 'default', phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID as string, wabaId: config.WHATSAPP_CLOUD_WABA_ID as string },
    deps,
  );
}

/**
 * The Cloud API sender of one number (its phone number id and WhatsApp Business Account id), with the token and
 * app secret from the environment. A customer who stopped marketing messages (131050) is opted out like one who
 * sent STOP.
 */
export async function createCloudAccountSender(
  account: { name: string; phoneNumberId: string | null; wabaId: string | null },
  deps: SenderDeps,
): Promise<WhatsAppSender> {
  const { config } = deps;
  const missing = (['WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_CLOUD_APP_SECRET'] as const).filter((key) => !config[key]);
  if (missing.length > 0) throw new Error(`the Cloud API number ${account.name} needs ${missing.join(', ')} (see config/example.env)`);
  if (!account.phoneNumberId || !account.wabaId) {
    throw new Error(`the Cloud API number ${account.name} needs a phone number id and a WABA id (whatsapp accounts add … --phone-number-id ID --waba-id ID)`);
  }
  const { createCloudSender } = await import('./cloud/sender.js');
  const store = deps.store;
  return createCloudSender({
    phoneNumberId: account.phoneNumberId,
    wabaId: account.wabaId,
    token: config.WHATSAPP_CLOUD_TOKEN as string,
    appSecret: config.WHATSAPP_CLOUD_APP_SECRET as string,
    graphApiUrl: config.GRAPH_API_URL,
    perSecond: config.CLOUD_SEND_PER_SECOND,
    logger: deps.logger.child({ component: 'whatsapp-cloud', account: account.name }),
    onOptOut: async (phone) => {
      const existing = await store.customers.findByPhone(phone);
      if (!existing) await store.customers.upsertMany([{ phone }]);
      if (!existing?.optedOut) {
        await store.customers.setOptOut(phone, true);
        await store.audit.record({
          actor: { surface: 'whatsapp', userId: phone },
          action: 'customer.optout',
          target: phone,
          outcome: 'ok',
          detail: 'cloud_marketing_stopped',
        });
      }
    },
  });
}

/** Creates the sender the configuration asks for. */
export async function createSender(deps: SenderDeps): Promise<WhatsAppSender> {
  const driver = deps.config.WHATSAPP_DRIVER;
  if (driver === 'dry-run') return createDryRunSender(deps.config);
  // Stateless HTTP: every role may hold one (the HTTP role needs it for webhooks), whatever the mode.
  if (driver === 'cloud') return createDefaultCloudSender(deps);
  const baileys = await import('./baileys/driver.js');
  if (driver === 'auto' && !(await baileys.isLinked(deps.store, deps.config))) {
    deps.logger.info('no WhatsApp account is linked: using the dry-run sender (messages go to the outbox)');
    return createDryRunSender(deps.config);
  }
  return baileys.createBaileysSender({ ...deps, observeOnly: deps.mode === 'observe' });
}
