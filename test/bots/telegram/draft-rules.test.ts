import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../../helpers/seed.js';
import { ADMIN, ADMIN_CHAT, buttonLabels, press, say, startBotHarness, wizardToPreview, type BotHarness } from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the Telegram wizard applies the shared draft rules (issue 11, defects 8 and 11)', () => {
  it('unknown variables block before Send now is offered, all of them named, and the message is asked again', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 3);
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Typo', /step 2\/4/i);
    await press(h, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
    const mark = h.fake.mark();
    h.fake.sendText(ADMIN, ADMIN_CHAT, 'Halo {{nama}} dari {{kotaa}}');
    const refused = await h.fake.waitForMessage(ADMIN_CHAT.id, /No recipient has a value/, mark);
    expect(refused.text).toContain('{{nama}}, {{kotaa}}');
    await h.fake.waitForMessage(ADMIN_CHAT.id, /step 3\/4/i, mark);
    // No preview with Send now was shown for the bad message.
    expect(h.fake.botMessages(ADMIN_CHAT.id).filter((m) => buttonLabels(m).includes('🚀 Send now'))).toEqual([]);
    const preview = await say(h, ADMIN, ADMIN_CHAT, 'Halo {{name}}', /Preview of/);
    expect(buttonLabels(preview)).toContain('🚀 Send now');
  });

  it('the preview counts the invalid pasted numbers (the wizard passes invalidInputs)', async () => {
    h = await startBotHarness();
    const preview = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Pasted',
      async (step2) => {
        await press(h!, ADMIN, ADMIN_CHAT, step2, /Custom numbers/, /Paste the numbers/);
        const listed = await say(h!, ADMIN, ADMIN_CHAT, '+6281234500001\nbukan nomor\n+6281234500002', /invalid numbers/);
        await press(h!, ADMIN, ADMIN_CHAT, listed, /Continue with/, /numbers accepted/);
      },
      'Halo',
    );
    expect(preview.text).toContain('To send: 3 selected − 1 invalid = 2 recipients');
  });
});

describe('the recipients step (issue 11, defect 9)', () => {
  it('a tag with 0 customers is refused when it is picked, not after the message was written', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 2, 'vip');
    await seedCustomers(h.test.app, 1, 'lapsed', 100);
    await h.test.app.customers.optOut('+6281210000100', { surface: 'cli', userId: 'tester' });
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Tags', /step 2\/4/i);
    const tags = await press(h, ADMIN, ADMIN_CHAT, step2, /By tag/, /tag/i);
    expect(buttonLabels(tags)).toContain('☐ lapsed · 0');
    await press(h, ADMIN, ADMIN_CHAT, tags, /lapsed/, /has no customers to send to/);
    await press(h, ADMIN, ADMIN_CHAT, tags, /Done/, /Pick at least one|choose|pick/i);
  });
});
