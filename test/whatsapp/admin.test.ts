import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger.js';
import { redisOptionsFromUrl } from '../../src/queue/redis.js';
import { isNewAccount, WhatsAppAccountError } from '../../src/whatsapp/account.js';
import { createWhatsAppAdmin, describeLinkPrompt, describeQuota, describeStatus, type LinkPrompt } from '../../src/whatsapp/admin.js';
import { storedLinkedAccount } from '../../src/whatsapp/baileys/driver.js';
import { DryRunSender } from '../../src/whatsapp/dry-run.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { recordStates, sleep, storeLinkedSession, until, useWhatsAppEnv, waitForState, type WhatsAppEnv } from './helpers.js';

const ME = '6281200000000';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function adminFor(e: WhatsAppEnv, sender: Parameters<typeof createWhatsAppAdmin>[0]['sender'], config = e.config) {
  return createWhatsAppAdmin(
    { sender, config, store: e.store, logger: silentLogger(), redis: redisOptionsFromUrl(e.redisUrl), prefix: e.prefix },
    { makeSocket: e.fake.makeSocket },
  );
}

describe('WhatsApp admin: linking, status, logout', () => {
  const env = useWhatsAppEnv();

  it('links with QR codes: every rotated code reaches the admin as an image, then the restart after pairing completes it', async () => {
    const e = await env();
    const sender = e.sender();
    await waitForState(sender, { status: 'not_linked' });
    const admin = adminFor(e, sender);
    const codes: LinkPrompt[] = [];
    const linking = admin.link({ mode: 'qr' }, async (code) => void codes.push(code), 10_000);

    await until(() => codes.length === 1, 'the first QR code');
    e.fake.latest().showQr();
    e.fake.latest().showQr();
    await until(() => codes.length === 3, 'rotated QR codes');
    expect(new Set(codes.map((c) => c.qr)).size).toBe(3);
    for (const code of codes) expect(code.png?.subarray(0, 8)).toEqual(PNG_MAGIC);

    e.fake.latest().pairSuccess(ME);
    const outcome = await linking;
    expect(outcome).toMatchObject({ restartNeeded: false, state: { status: 'connected', account: `+${ME}` } });
    expect(e.fake.sockets).toHaveLength(2); // the silent restart WhatsApp asked for
    expect(await storedLinkedAccount(e.store, e.config)).toBe(`+${ME}`);

    const status = await admin.status();
    expect(status).toMatchObject({ driver: 'baileys', status: 'connected', linkedAccount: `+${ME}`, heldElsewhere: false });
    expect(isNewAccount(status.linkedAt)).toBe(true);
    expect(describeStatus(status, 'en')).toMatch(new RegExp(`^✅ WhatsApp is connected as \\+${ME} since `));
    expect(describeStatus(status, 'id')).toMatch(/terhubung sebagai/);
  });

  it('opens a new connection for fresh codes when WhatsApp runs out of QR codes before the link times out', async () => {
    const e = await env();
    const sender = e.sender();
    await waitForState(sender, { status: 'not_linked' });
    const codes: LinkPrompt[] = [];
    const linking = adminFor(e, sender).link({ mode: 'qr' }, async (code) => void codes.push(code), 10_000);
    await until(() => codes.length === 1, 'the first QR code');
    e.fake.latest().drop(408, 'QR refs attempts ended');
    await until(() => codes.length === 2, 'a code from a new connection');
    expect(e.fake.sockets).toHaveLength(2);
    e.fake.latest().pairSuccess(ME);
    await expect(linking).resolves.toMatchObject({ state: { status: 'connected' } });
  });

  it('links with a pairing code for a phone number, asked once per connection', async () => {
    const e = await env();
    const sender = e.sender();
    await waitForState(sender, { status: 'not_linked' });
    const codes: LinkPrompt[] = [];
    const linking = adminFor(e, sender).link({ mode: 'pairing', phone: `+${ME}` }, async (code) => void codes.push(code), 10_000);
    await until(() => codes.length === 1, 'the pairing code');
    e.fake.latest().showQr(); // WhatsApp keeps rotating QR refs; the pairing code stays
    await sleep(30);
    expect(codes).toEqual([{ pairingCode: 'PAIR0001' }]);
    expect(e.fake.pairingRequests).toEqual([ME]);
    expect(describeLinkPrompt(codes[0] ?? {}, 'en')).toContain('PAIR-0001');

    e.fake.latest().pairSuccess(ME);
    await expect(linking).resolves.toMatchObject({ state: { status: 'connected', account: `+${ME}` } });
  });

  it('rejects a link that times out, closes its connection and leaves no half session behind', async () => {
    const e = await env();
    const sender = e.sender();
    await waitForState(sender, { status: 'not_linked' });
    const admin = adminFor(e, sender);
    const linking = admin.link({ mode: 'pairing', phone: `+${ME}` }, async () => undefined, 400);
    await expect(linking).rejects.toBeInstanceOf(WhatsAppAccountError);
    await expect(linking).rejects.toMatchObject({ code: 'whatsapp_link_timeout', messageKey: 'whatsapp.error.link_timeout' });
    expect(e.fake.latest().ended).toBe(true);
    expect(sender.state().status).toBe('not_linked');
    expect(await e.store.kv.get('whatsapp-auth:default', 'creds')).toBeNull();
    await expect(admin.link({ mode: 'pairing', phone: '0812' }, async () => undefined, 400)).rejects.toMatchObject({
      code: 'whatsapp_bad_phone',
    });
  });

  it('logs out: unlinks the device on WhatsApp, deletes the session, and stays unlinked', async () => {
    const e = await env();
    await storeLinkedSession(e.store, ME);
    const sender = e.sender();
    await waitForState(sender, { status: 'connected' });
    const states = recordStates(sender);
    const admin = adminFor(e, sender);
    await admin.logout();
    expect(e.fake.latest().endedWith).toMatchObject({ output: { statusCode: 401 } });
    expect(sender.state()).toMatchObject({ status: 'not_linked', reason: 'logout', account: null });
    expect(states.at(-1)?.status).toBe('not_linked');
    expect(await storedLinkedAccount(e.store, e.config)).toBeNull();
    await sleep(300);
    expect(e.fake.sockets).toHaveLength(1);
    expect(describeStatus(await admin.status(), 'en')).toMatch(/No WhatsApp number is linked/);
  });

  it('reconnects a stored session on /whatsapp link after WhatsApp replaced the connection', async () => {
    const e = await env();
    await storeLinkedSession(e.store, ME);
    const sender = e.sender();
    await waitForState(sender, { status: 'connected' });
    e.fake.latest().drop(440);
    await waitForState(sender, { status: 'disconnected', reason: 'connection_replaced' });
    const codes: LinkPrompt[] = [];
    const outcome = await adminFor(e, sender).link({ mode: 'qr' }, async (code) => void codes.push(code), 5_000);
    expect(outcome.state.status).toBe('connected');
    expect(codes).toEqual([]);
    expect(e.fake.sockets).toHaveLength(2);
  });

  it('explains that there is nothing to link with the dry-run driver', async () => {
    const e = await env();
    const config = { ...e.config, WHATSAPP_DRIVER: 'dry-run' as const };
    const dryRun = new DryRunSender({ outboxPath: `${makeTempDir()}/outbox.jsonl`, latencyMs: 0, failRate: 0, notOnWhatsApp: [] });
    const admin = adminFor(e, dryRun, config);
    await expect(admin.link({ mode: 'qr' }, async () => undefined, 1_000)).rejects.toMatchObject({ code: 'whatsapp_dry_run' });
    expect(describeStatus(await admin.status(), 'en')).toMatch(/^🧪 Dry-run mode/);
    expect(await admin.quota()).toBeNull();
    expect(e.fake.sockets).toHaveLength(0);
  });

  it('in auto mode links through a temporary Baileys sender and says a restart is needed', async () => {
    const e = await env();
    const config = { ...e.config, WHATSAPP_DRIVER: 'auto' as const };
    const dryRun = new DryRunSender({ outboxPath: `${makeTempDir()}/outbox.jsonl`, latencyMs: 0, failRate: 0, notOnWhatsApp: [] });
    const admin = adminFor(e, dryRun, config);
    expect(describeStatus(await admin.status(), 'en')).toMatch(/No WhatsApp number is linked/);
    const codes: LinkPrompt[] = [];
    const linking = admin.link({ mode: 'qr' }, async (code) => void codes.push(code), 10_000);
    await until(() => codes.length === 1, 'a QR code');
    e.fake.latest().pairSuccess(ME);
    await expect(linking).resolves.toMatchObject({ restartNeeded: true, state: { status: 'connected' } });
    expect(e.fake.latest().ended).toBe(true); // the temporary sender closed again
    const text = describeStatus(await admin.status(), 'en');
    expect(text).toContain(`linked as +${ME}`);
    expect(text).toContain('Restart the service');
  });

  it('describes the new-chat quota', () => {
    expect(describeQuota({ total: 250, used: 40, remaining: 210, cappingStatus: 'NONE', cycleEndsAt: null }, 'en')).toBe(
      "WhatsApp's new-chat quota: 40/250 used, 210 left.",
    );
    expect(describeQuota({ total: 250, used: 250, remaining: 0, cappingStatus: 'CAPPED', cycleEndsAt: null }, 'id')).toMatch(/habis/);
    expect(describeQuota(null, 'en')).toBe('');
  });
});
