/**
 * An admin's walk of the Slack /broadcast modal on a Cloud API number (issue 16), in Indonesian and in English:
 * the form (number, template, parameters), a mistake in the parameters, the preview, Send pressed twice, the
 * progress and the summary. Every text Slack shows is read for the other language's words and raw codes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../src/whatsapp/accounts.js';
import { seedCustomers } from '../helpers/seed.js';
import { sleep, waitUntil } from '../helpers/wait.js';
import { FakeGraphApi } from '../fakes/graph-api.js';
import { ADMIN, startSlackHarness } from '../bots/slack/harness.js';
import { composeValues } from '../bots/slack/slack-client.js';
import { cloudEnv } from '../whatsapp/cloud/harness.js';

let graph: FakeGraphApi | undefined;
afterEach(async () => {
  await graph?.stop();
  graph = undefined;
});

/** Every `text` string inside a Slack payload (blocks, labels, options, errors). */
function textsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') return out;
  if (Array.isArray(value)) for (const item of value) textsIn(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === 'string' && ['text', 'wa_template', 'wa_params', 'message', 'title', 'account'].includes(key)) out.push(inner);
      else textsIn(inner, out);
    }
  }
  return out;
}

const RAW = /undefined|\bnull\b|\[object Object\]|NaN|daily_cap|tier_cap|cloud_\w+|WHATSAPP_\w+/;
const ENGLISH_IN_ID = /\b(the|and|sent|failed|choose|send|value|step|waiting|recipients?|preview|wizard|cancel|number|unbalanced|or|is not)\b/i;

describe.each(['id', 'en'] as const)('the Slack modal on a Cloud API number walked by an admin (%s)', (locale) => {
  it('reads right from /broadcast to the summary, a bad parameter and a double Send included', async () => {
    graph = await new FakeGraphApi().start();
    const h = await startSlackHarness(cloudEnv(graph, { BOT_LOCALE: locale, WORKER_LOCK_MS: '3000' }));
    await seedCustomers(h.test.app, 3, 'vip');
    await addAccount(h.test.app.store, { name: 'toko-b', driver: 'dry-run' });
    // Slack speaks the admin's own Slack language.
    h.fake.locales.set(ADMIN, locale === 'id' ? 'id-ID' : 'en-US');
    const shown: string[] = [];

    expect((await h.slack.command('', ADMIN, 'CGENERAL')).status).toBe(200);
    const open = await h.fake.waitForCall('views.open');
    const view = open.args.view as { callback_id: string; private_metadata: string };
    shown.push(...textsIn(open.args.view));
    const form = (params: string) => ({
      ...composeValues({ title: 'Promo Desember', kind: 'all', message: params }),
      account: { value: { type: 'static_select', selected_option: { value: 'default' } } },
      wa_template: { value: { type: 'static_select', selected_option: { value: 'promo_desember|id' } } },
    });
    const bad = await h.slack.submit(view, form('1={{name'), ADMIN);
    expect(bad?.response_action).toBe('errors');
    shown.push(...textsIn(bad));
    // The mistake is told in the admin's language, the detail included.
    expect(JSON.stringify(bad?.errors)).toContain(
      locale === 'id'
        ? 'Template tidak valid: ada {{ atau }} tanpa pasangan. Tulis variabel utuh, misalnya {{name|Pelanggan}}.'
        : 'Invalid template: a {{ or }} has no partner. Write whole variables, e.g. {{name|Customer}}.',
    );
    const pushed = await h.slack.submit(view, form('1={{name|Pelanggan}}\n2=Promo Desember'), ADMIN);
    expect(pushed?.response_action, JSON.stringify(pushed)).toBe('push');
    shown.push(...textsIn(pushed));
    const preview = pushed?.view as { callback_id: string; private_metadata: string };
    const [first, second] = await Promise.all([h.slack.submit(preview, {}, ADMIN), h.slack.submit(preview, {}, ADMIN)]);
    shown.push(...textsIn(first), ...textsIn(second));
    await waitUntil(async () => (await h.test.app.campaigns.list()).length >= 1, { what: 'the campaign' });
    const [campaign] = await h.test.app.campaigns.list();
    await h.test.waitForCampaign(campaign!.id, ['completed'], 30_000);
    await sleep(1500);
    for (const call of h.fake.calls.filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method))) {
      shown.push(String(call.args.text ?? ''), ...textsIn(call.args.blocks));
    }

    const texts = shown.filter((text) => text.trim() !== '');
    // WALK_PRINT=1 prints the whole walk to read it.
    if (process.env.WALK_PRINT) console.log(`---- slack ${locale} walk ----\n${texts.map((text, i) => `[${i}] ${text}`).join('\n')}`);
    expect(await h.test.app.campaigns.list()).toHaveLength(1);
    expect(graph.accepted).toHaveLength(3);
    for (const text of texts) {
      expect(text, text).not.toMatch(RAW);
      if (locale === 'id') expect(text, text).not.toMatch(ENGLISH_IN_ID);
    }
  }, 90_000);
});
