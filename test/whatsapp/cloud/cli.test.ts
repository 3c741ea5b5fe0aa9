import { afterEach, describe, expect, it } from 'vitest';
import { campaigns } from '../../../src/bots/console/commands/campaigns.js';
import { UsageError, type CliContext } from '../../../src/bots/console/context.js';
import { ValidationError } from '../../../src/campaigns/errors.js';
import { t as translate } from '../../../src/i18n/index.js';
import { seedCustomers } from '../../helpers/seed.js';
import { captureStream } from '../../helpers/streams.js';
import { startCloud, type CloudHarness } from './harness.js';

let running: CloudHarness[] = [];
afterEach(async () => {
  for (const h of running) await h.close();
  running = [];
});

async function run(h: CloudHarness, args: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const ctx: CliContext = {
    args,
    env: { ...h.t.env },
    stdout: stdout.stream,
    stderr: stderr.stream,
    actor: { surface: 'cli', userId: 'tester' },
    openApp: async () => h.t.app,
    openStore: async () => h.t.app,
  };
  const code = await campaigns(ctx);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe('campaigns create --template (Cloud API)', () => {
  it('creates a template campaign with its parameter mapping and sends it rendered per recipient', async () => {
    const h = await startCloud();
    running.push(h);
    await seedCustomers(h.t.app, 4);
    const created = await run(h, [
      'create', '--title', 'Promo', '--template', 'promo_desember', '--language', 'id',
      '--param', '1={{name|Pelanggan}}', '--param', '2=Promo Desember', '--all',
    ]);
    expect(created.code).toBe(0);
    const id = /^campaign (\S+)\n$/.exec(created.stdout)?.[1] as string;
    const campaign = await h.t.app.campaigns.get(id);
    expect(campaign.whatsappTemplate).toEqual({ name: 'promo_desember', language: 'id', params: { '1': '{{name|Pelanggan}}', '2': 'Promo Desember' } });
    expect(campaign.template).toBe('Halo {{name|Pelanggan}}, ada Promo Desember untuk Anda!');
    await h.t.waitForCampaign(id, ['completed']);
    expect(h.fake.accepted.map((m) => m.template?.params).sort()).toEqual([
      ['Customer 0', 'Promo Desember'],
      ['Customer 1', 'Promo Desember'],
      ['Customer 2', 'Promo Desember'],
      ['Customer 3', 'Promo Desember'],
    ]);
  });

  it('refuses an unknown template, a missing or malformed parameter, and a template without a language', async () => {
    const h = await startCloud();
    running.push(h);
    await seedCustomers(h.t.app, 1);
    const base = ['create', '--title', 'X', '--all'];
    const unknown = await failure(run(h, [...base, '--template', 'nope', '--language', 'id', '--param', '1=a']));
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).code).toBe('template_not_found');
    const missing = await failure(run(h, [...base, '--template', 'promo_desember', '--language', 'id', '--param', '1={{name}}']));
    expect((missing as ValidationError).code).toBe('bad_template_param');
    const malformed = await failure(run(h, [...base, '--template', 'promo_desember', '--language', 'id', '--param', '1={{name', '--param', '2=x']));
    expect((malformed as ValidationError).code).toBe('bad_template');
    const gap = await failure(run(h, [...base, '--template', 'promo_desember', '--language', 'id', '--param', '2=x']));
    const gapError = gap as ValidationError;
    expect(gapError.code).toBe('bad_template_param');
    expect(translate('id', gapError.messageKey, gapError.params)).toContain('Parameter template tidak valid');
    expect(await failure(run(h, [...base, '--template', 'promo_desember']))).toBeInstanceOf(UsageError);
    expect(await failure(run(h, [...base, '--message', 'Hi', '--template', 'promo_desember', '--language', 'id']))).toBeInstanceOf(UsageError);
    expect(await h.t.app.campaigns.list()).toHaveLength(0);
  });
});
