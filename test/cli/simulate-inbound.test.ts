/**
 * `broadcast-bot whatsapp simulate-inbound`: rehearses a customer's reply or STOP through the same inbound path as
 * WhatsApp's own, only with the dry-run sender; the replies then show in `campaigns show` and the CSV export.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app-types.js';
import { campaigns } from '../../src/bots/console/commands/campaigns.js';
import { whatsapp } from '../../src/bots/console/commands/whatsapp.js';
import { UsageError, type CliContext, type CommandGroup } from '../../src/bots/console/context.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { captureStream } from '../helpers/streams.js';
import { dropPrefix } from '../schedules/fixtures/redis-cleanup.js';

let apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps) {
    await t.close();
    await dropPrefix(t.app.redis.url, t.app.prefix);
  }
  apps = [];
});

async function run(command: CommandGroup, app: App, env: Record<string, string>, args: string[]) {
  const stdout = captureStream();
  const ctx: CliContext = {
    args,
    env,
    stdout: stdout.stream,
    stderr: captureStream().stream,
    actor: { surface: 'cli', userId: 'tester' },
    openApp: async () => app,
    openStore: async () => app,
  };
  const code = await command(ctx);
  return { code, stdout: stdout.text() };
}

describe('broadcast-bot whatsapp simulate-inbound', () => {
  it('forwards a reply, opts out on STOP, and the reply count shows in campaigns show and the CSV', async () => {
    const t = await startTestApp({ BOT_LOCALE: 'en' });
    apps.push(t);
    const phones = await seedCustomers(t.app, 2);
    const campaign = await t.app.campaigns.create({ title: 'Promo Lebaran', template: 'Halo', audience: { kind: 'all' } }, CLI_ACTOR);
    await t.waitForCampaign(campaign.id, ['completed']);
    const env = { ...t.env, BOT_LOCALE: 'en' };

    const reply = await run(whatsapp, t.app, env, ['simulate-inbound', '--from', phones[0]!, '--text', 'Masih ada?']);
    expect(reply).toEqual({ code: 0, stdout: `Reply forwarded to the admins in the thread of campaign "Promo Lebaran" (${campaign.id}).\n` });
    const stop = await run(whatsapp, t.app, env, ['simulate-inbound', '--from', phones[1]!, '--text', 'STOP']);
    expect(stop.stdout).toBe(`${phones[1]} opted out (opt-out keyword).\n`);
    expect((await t.app.store.customers.findByPhone(phones[1]!))?.optedOut).toBe(true);
    const stranger = await run(whatsapp, t.app, env, ['simulate-inbound', '--from', '+6281399999999', '--text', 'Halo']);
    expect(stranger.stdout).toBe('Not forwarded: +6281399999999 received no campaign in the last 7 days.\n');

    const show = await run(campaigns, t.app, env, ['show', campaign.id]);
    expect(show.stdout).toContain('read 0, replies 1');
    expect(show.stdout).toContain('💬 Replied: 1 customers');
    let csv = '';
    for await (const chunk of t.app.campaigns.exportCsv(campaign.id)) csv += chunk;
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header?.split(',').at(-1)).toBe('replied_at');
    const replied = rows.filter((r) => !r.endsWith(','));
    expect(replied).toHaveLength(1);
    expect(replied[0]).toContain(phones[0]);
  });

  it('refuses with exit 2 (usage) unless the sender is the dry-run one', async () => {
    const t = await startTestApp({ BOT_LOCALE: 'en' }, { withWorker: false });
    apps.push(t);
    const real = { ...t.app, sender: { ...t.app.sender, driver: 'baileys' as const } } as App;
    const refused = run(whatsapp, real, { ...t.env, BOT_LOCALE: 'en' }, ['simulate-inbound', '--from', '+6281200000001', '--text', 'Halo']);
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(/only with the dry-run sender/);
    await expect(run(whatsapp, t.app, t.env, ['simulate-inbound', '--text', 'Halo'])).rejects.toBeInstanceOf(UsageError);
  });
});
