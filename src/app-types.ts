/**
 * The assembled product as every role sees it. `src/main.ts` builds it from the configuration;
 * surfaces, the worker, the scheduler and the HTTP server receive it.
 */
import type { RedisOptions } from 'ioredis';
import type { CampaignUseCases, CustomerUseCases, NotifierRegistry } from './campaigns/use-cases.js';
import type { CampaignQueue, EngineObserver, Store, WhatsAppSender } from './campaigns/ports.js';
import type { Config } from './config/env.js';
import type { Logger } from './logging/logger.js';
import type { Redis } from 'ioredis';
import type { Announcer } from './campaigns/announcer.js';
import type { AccountQueues } from './queue/account-queues.js';
import type { BullCampaignQueue } from './queue/campaign-queue.js';
import type { EngineControl } from './queue/control.js';
import type { Pacer } from './queue/pacer.js';
import type { AnswerQueue } from './queue/answers.js';
import type { MakeSocket } from './whatsapp/baileys/socket.js';

/** The engine's moving parts, for the worker, the HTTP server (queue dashboard) and tests. */
export interface EngineParts {
  announcer: Announcer;
  pacer: Pacer;
  /** The `default` account's lane queue (today's `campaigns` queue; the dashboard shows it). */
  campaignQueue: BullCampaignQueue;
  /** Every account's lane queue; campaigns are queued on the one of the account they are sent from. */
  accountQueues: AccountQueues;
  control: EngineControl;
  /** Admins' answers to customers' replies, sent by the worker that holds WhatsApp. */
  answers: AnswerQueue;
  /** A shared Redis client for short commands (locks, pacing); BullMQ workers open their own. */
  redis: Redis;
}

export interface App {
  config: Config;
  logger: Logger;
  store: Store;
  /** Connection options for new ioredis clients (BullMQ workers need their own connection). */
  redis: RedisOptions & { url: string };
  /** Key prefix for every Redis key and BullMQ queue of this deployment (tests use a random one). */
  prefix: string;
  sender: WhatsAppSender;
  /** Opens Baileys sockets for every sender this app makes (default: Baileys' own); tests pass a fake WhatsApp. */
  makeSocket?: MakeSocket;
  queue: CampaignQueue;
  campaigns: CampaignUseCases;
  customers: CustomerUseCases;
  notifiers: NotifierRegistry;
  engine: EngineParts;
  /** How many campaign workers run now, in any process (the CLI's `--wait` starts one here when there is none). */
  workersRunning(): Promise<number>;
  /** Metrics sink (prom-client in the HTTP role; a no-op otherwise). */
  observer: EngineObserver;
  /** Registers cleanup to run on close, in reverse order. */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

/** A long-running part of a role (a bot, the worker, the scheduler, the HTTP server). */
export interface Service {
  readonly name: string;
  /** Stops taking new work and finishes or hands back what is in flight. */
  stop(): Promise<void>;
}
