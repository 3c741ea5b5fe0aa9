import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger.js';
import { redisOptionsFromUrl } from '../../src/queue/redis.js';
import { createBaileysSender } from '../../src/whatsapp/baileys/driver.js';
import { FakeWhatsApp } from '../fakes/baileys-socket.js';
import { capturingLogger, recordStates, sleep, storeLinkedSession, until, useWhatsAppEnv, waitForState } from './helpers.js';

const PHONE = '6281234567890';

describe('Baileys driver: connection lifecycle', () => {
  const env = useWhatsAppEnv();

  it('connects a linked session as one quiet, offline-looking device and reports the account', async () => {
    const { store, sender: make, fake } = await env();
    await storeLinkedSession(store, PHONE);
    const sender = make();
    const states = recordStates(sender);
    const state = await waitForState(sender, { status: 'connected' });
    expect(state.account).toBe(`+${PHONE}`);
    expect(state.since).toBeInstanceOf(Date);
    expect(states.map((s) => s.status)).toEqual(['connecting', 'connected']);
    expect(fake.sockets).toHaveLength(1);
    const config = fake.latest().config;
    expect(config.markOnlineOnConnect).toBe(false);
    expect(config.syncFullHistory).toBe(false);
    expect(config.auth.creds.me?.id).toBe(`${PHONE}:3@s.whatsapp.net`);
  });

  it('stays not linked without a session and opens no socket until someone links', async () => {
    const { sender: make, fake } = await env();
    const sender = make();
    await sender.ready();
    await waitForState(sender, { status: 'not_linked' });
    await sleep(100);
    expect(fake.sockets).toHaveLength(0);
  });

  it('reconnects after a lost connection with growing, jittered delays, and starts over after a success', async () => {
    const { store, sender: make, fake } = await env();
    await storeLinkedSession(store, PHONE);
    const { logger, lines } = capturingLogger();
    // random() = 1 takes the top of each jitter window: 40, 80, 160 ms, then capped at 320.
    const sender = make({ logger, tuning: { random: () => 1 } });
    await waitForState(sender, { status: 'connected' });
    fake.autoConnect = false;

    for (let drop = 1; drop <= 4; drop++) {
      fake.latest().drop(408);
      await waitForState(sender, { status: 'disconnected', reason: 'connection_lost' });
      await fake.waitForSockets(drop + 1);
    }
    fake.autoConnect = true;
    fake.latest().open();
    await waitForState(sender, { status: 'connected' });
    fake.latest().drop(428, 'Connection Terminated');
    await fake.waitForSockets(6);

    const delays = lines.filter((l) => l.msg === 'reconnecting to WhatsApp').map((l) => l.delayMs);
    expect(delays).toEqual([40, 80, 160, 320, 40]);
    await waitForState(sender, { status: 'connected' });
  });

  it('jitters the reconnect delay between half and all of the backoff ceiling', async () => {
    const { store, sender: make, fake } = await env();
    await storeLinkedSession(store, PHONE);
    const { logger, lines } = capturingLogger();
    const sender = make({ logger, tuning: { random: () => 0 } });
    await waitForState(sender, { status: 'connected' });
    fake.latest().drop(503, 'Service Unavailable');
    await fake.waitForSockets(2);
    expect(lines.filter((l) => l.msg === 'reconnecting to WhatsApp').map((l) => l.delayMs)).toEqual([20]);
  });

  it('handles the restart WhatsApp asks for (515) at once, without a disconnect', async () => {
    const { store, sender: make, fake } = await env();
    await storeLinkedSession(store, PHONE);
    const sender = make();
    await waitForState(sender, { status: 'connected' });
    const states = recordStates(sender);
    fake.latest().drop(515, 'Stream Errored (restart required)');
    await fake.waitForSockets(2);
    await waitForState(sender, { status: 'connected' });
    // No "disconnected" (nothing to alert about, no backoff); "connecting" lets campaigns wait for the new socket.
    expect(states.map((s) => s.status)).toEqual(['connecting', 'connected']);
  });

  it('on 401 (logged out) clears the stored session, reports logged_out and never reconnects', async () => {
    const { store, sender: make, fake } = await env();
    await storeLinkedSession(store, PHONE);
    const sender = make();
    await waitForState(sender, { status: 'connected' });
    fake.latest().drop(401, 'Stream Errored (conflict)');
    const state = await waitForState(sender, { status: 'logged_out', reason: 'logged_out' });
    expect(state.account).toBeNull();
    await until(async () => (await store.kv.get('whatsapp-auth:default', 'creds')) === null, 'the session to be cleared');
    await sleep(400);
    expect(fake.sockets).toHaveLength(1);
  });

  it('on 440 (connection replaced) stops without a reconnect loop', async () => {
    const { store, sender: make, fake } = await env();
    await storeLinkedSession(store, PHONE);
    const sender = make();
    await waitForState(sender, { status: 'connected' });
    const states = recordStates(sender);
    fake.latest().drop(440, 'Stream Errored (conflict)');
    await waitForState(sender, { status: 'disconnected', reason: 'connection_replaced' });
    await sleep(800); // several backoff periods
    expect(fake.sockets).toHaveLength(1);
    expect(states.map((s) => `${s.status}/${s.reason}`)).toEqual(['disconnected/connection_replaced']);
    // The session is kept: an admin can connect again on purpose.
    expect(await store.kv.get('whatsapp-auth:default', 'creds')).not.toBeNull();
  });

  it('lets only one process own the account: a second one never connects and shows the owner state', async () => {
    const { store, sender: make } = await env();
    await storeLinkedSession(store, PHONE);
    const first = make();
    await waitForState(first, { status: 'connected' });

    const otherFake = new FakeWhatsApp();
    const second = make({ fake: otherFake });
    await second.ready();
    await waitForState(second, { status: 'disconnected', reason: 'locked_by_other_process' });
    await sleep(300);
    expect(otherFake.sockets).toHaveLength(0);
    const status = await second.status();
    expect(status).toMatchObject({ heldElsewhere: true, status: 'connected', account: `+${PHONE}`, linkedAccount: `+${PHONE}` });
    await expect(second.link({ mode: 'qr' }, async () => undefined, 1_000)).rejects.toMatchObject({ code: 'whatsapp_held_elsewhere' });
    await expect(second.logout()).rejects.toMatchObject({ code: 'whatsapp_held_elsewhere' });

    // When the owner stops, the other process takes over within a lease.
    await first.close();
    await waitForState(second, { status: 'connected' }, 5_000);
    expect(otherFake.sockets).toHaveLength(1);
  });

  it('in observe-only mode never takes the account, even when free, and shows the owner state', async () => {
    const { store, sender: make, prefix, redisUrl, fake, config } = await env();
    await storeLinkedSession(store, PHONE);
    const watcherFake = new FakeWhatsApp();
    const watcher = createBaileysSender({
      store,
      redis: redisOptionsFromUrl(redisUrl),
      prefix,
      logger: silentLogger(),
      config,
      makeSocket: watcherFake.makeSocket,
      observeOnly: true,
      tuning: { lockTtlMs: 300 },
    });
    try {
      await watcher.ready();
      await sleep(700);
      expect(watcherFake.sockets).toHaveLength(0);
      expect(watcher.state()).toMatchObject({ status: 'disconnected', reason: 'observer_only' });

      const owner = make();
      await waitForState(owner, { status: 'connected' });
      expect(fake.sockets).toHaveLength(1);
      expect(await watcher.status()).toMatchObject({ heldElsewhere: true, status: 'connected', account: `+${PHONE}` });
      await expect(watcher.link({ mode: 'qr' }, async () => undefined, 1_000)).rejects.toMatchObject({ code: 'whatsapp_held_elsewhere' });
    } finally {
      await watcher.close();
    }
  });

  it('closes its socket at once when another process takes the lock over', async () => {
    const { store, sender: make, fake, prefix, redisUrl } = await env();
    await storeLinkedSession(store, PHONE);
    const sender = make();
    await waitForState(sender, { status: 'connected' });
    const redis = new Redis(redisUrl);
    try {
      await redis.set(`${prefix}:whatsapp:lock:default`, 'someone-else', 'PX', 60_000);
      await waitForState(sender, { status: 'disconnected', reason: 'lock_lost' });
      expect(fake.latest().ended).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('close() ends the socket and releases the lock and the published state', async () => {
    const { store, sender: make, fake, prefix, redisUrl } = await env();
    await storeLinkedSession(store, PHONE);
    const sender = make();
    await waitForState(sender, { status: 'connected' });
    const redis = new Redis(redisUrl);
    try {
      await until(async () => (await redis.get(`${prefix}:whatsapp:state:default`)) !== null, 'published state');
      await sender.close();
      expect(fake.latest().ended).toBe(true);
      expect(await redis.exists(`${prefix}:whatsapp:lock:default`, `${prefix}:whatsapp:state:default`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it('reports an unreadable session (wrong WHATSAPP_AUTH_KEY) instead of connecting', async () => {
    const key = 'a'.repeat(64);
    const { store, sender: make, fake, config } = await env({ env: { WHATSAPP_AUTH_KEY: 'b'.repeat(64) } });
    await storeLinkedSession(store, PHONE, key);
    const sender = make({ config });
    await waitForState(sender, { status: 'disconnected', reason: 'session_unreadable' });
    expect(fake.sockets).toHaveLength(0);
    await expect(sender.link({ mode: 'qr' }, async () => undefined, 1_000)).rejects.toMatchObject({ code: 'whatsapp_session_unreadable' });
    // Logging out deletes the unreadable session so the account can be linked again.
    await sender.logout();
    expect(sender.state()).toMatchObject({ status: 'not_linked', reason: 'logout' });
    expect(await store.kv.get('whatsapp-auth:default', 'creds')).toBeNull();
  });
});
