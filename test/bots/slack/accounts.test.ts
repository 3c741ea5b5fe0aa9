/** `/whatsapp` with several sender numbers in Slack (issue 16): the list with each number's worker. */
import { describe, expect, it } from 'vitest';
import { leaseOwner } from '../../../src/queue/account-lease.js';
import { addAccount } from '../../../src/whatsapp/accounts.js';
import { waitUntil } from '../../helpers/wait.js';
import { ADMIN, startSlackHarness, type SlackHarness } from './harness.js';

async function reply(h: SlackHarness, text: string, id: string): Promise<string> {
  expect((await h.slack.slash('/whatsapp', text, ADMIN, id)).status).toBe(200);
  await waitUntil(() => h.fake.responses.some((r) => r.id === id), { what: `a reply to /whatsapp ${text}` });
  return String(h.fake.responses.find((r) => r.id === id)?.body.text);
}

describe('Slack /whatsapp with several numbers', () => {
  it('lists every number with its driver and worker, and routes /whatsapp link NAME to that number', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en', WORKER_LOCK_MS: '3000' });
    const { app } = h.test;
    expect(await reply(h, '', 'one')).not.toContain('WhatsApp sender numbers');
    await addAccount(app.store, { name: 'toko-b', driver: 'dry-run' });
    await waitUntil(async () => (await leaseOwner(app.engine.redis, app.prefix, 'toko-b')) !== null, { what: 'the worker to take toko-b' });
    const listed = await reply(h, 'status', 'two');
    expect(listed).toMatch(/• default \(dry run, to the outbox\): sent by worker w-\d+-\w+, ready to send/);
    expect(listed).toMatch(/• toko-b \(dry run, to the outbox\): sent by worker w-\d+-\w+, ready to send/);
    expect(await reply(h, 'link toko-b', 'link-named')).toContain('Number toko-b is a dry-run number: its messages are written to the outbox, so there is nothing to link');
    expect(await reply(h, 'link toko-z', 'link-unknown')).toContain('The number toko-z is not valid');
  });
});
