import { afterEach, describe, expect, it } from 'vitest';
import { phoneAt, seedCustomers } from '../../helpers/seed.js';
import { ADMIN, ADMIN_CHAT, press, startBotHarness, wizardToPreview, type BotHarness } from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the Telegram preview count (defect 11)', () => {
  it('says 60 selected − 2 opted out = 58 recipients, with no second figure that does not add up', async () => {
    h = await startBotHarness({});
    await seedCustomers(h.test.app, 60, 'vip');
    await h.test.app.store.customers.setOptOut(phoneAt(3), true);
    await h.test.app.store.customers.setOptOut(phoneAt(7), true);

    const preview = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Promo',
      async (step2) => {
        await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
      },
      'Halo {{name}}',
    );
    expect(preview.text).toContain('✅ To send: 60 selected − 2 opted out = 58 recipients');
    expect(preview.text).toContain('👥 Recipients: all customers\n');
    expect(preview.text).not.toContain('Left out');
  });
});
