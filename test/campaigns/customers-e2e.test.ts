import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/campaigns/types.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/customers/${name}`, import.meta.url));
const actor: Actor = { surface: 'cli', userId: 'tester' };
const apps: TestApp[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe('imported customers in a campaign', () => {
  it('sends to the imported tag audience, skipping the opted-out, with attributes as template variables', async () => {
    const test = await startTestApp();
    apps.push(test);
    const { app } = test;
    await app.customers.importCsv(fixture('messy.csv'), actor);
    await app.customers.optOut('0857-0000-1111', actor);

    const campaign = await app.campaigns.create(
      { title: 'Promo', template: 'Halo {{name}} dari {{kota}}', audience: { kind: 'tags', tags: ['vip'] } },
      actor,
    );
    await test.waitForCampaign(campaign.id, ['completed']);
    const sent = test.outbox().map((line) => [line.to, line.text]);
    expect(sent.sort()).toEqual([
      ['+6281234567890', 'Halo Budi S. dari Jakarta'],
      ['+6281311112222', 'Halo Siti, Aisyah dari Bandung'],
    ]);
  });
});
