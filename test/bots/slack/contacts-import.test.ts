/** A contacts file shared in a DM with the Slack app is imported, with the summary in the user's language. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMIN, SECRET, startSlackHarness, type SlackHarness } from './harness.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/customers/${name}`, import.meta.url)));
let events = 0;

/** Slack's side of a `file_share` message in the user's DM with the app (Events API, signed JSON). */
async function shareInDm(
  h: SlackHarness,
  user: string,
  file: Record<string, unknown>,
  channelType = 'im',
): Promise<void> {
  const body = JSON.stringify({
    token: 'verification-token',
    team_id: h.fake.teamId,
    api_app_id: 'AFAKE',
    type: 'event_callback',
    event_id: `Ev${++events}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      subtype: 'file_share',
      channel: `D${user.slice(1)}`,
      channel_type: channelType,
      user,
      text: '',
      ts: `${1_700_000_000 + events}.000100`,
      event_ts: `${1_700_000_000 + events}.000100`,
      files: [file],
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(`http://127.0.0.1:${h.service.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  expect(response.status).toBe(200);
}

const posted = (h: SlackHarness, pattern: RegExp) =>
  h.fake.waitForCall('chat.postMessage', (c) => typeof c.args.text === 'string' && pattern.test(c.args.text), 30_000);

describe('Slack contacts import', () => {
  it('a .vcf shared in a DM is imported with the same summary as Telegram and the CLI', async () => {
    const h = await startSlackHarness();
    await shareInDm(h, ADMIN, h.fake.shareFile('Kontak.vcf', fixture('contacts-4.0.vcf')));
    const summary = await posted(h, /Import finished/);
    expect(String(summary.args.text).split('\n')).toEqual([
      '📥 Import finished: 2 new, 0 updated, 0 unchanged, 0 rejected.',
      'Recognised as vCard (.vcf).',
    ]);
    expect(summary.args.channel).toBe(`D${ADMIN.slice(1)}`);
    expect(h.fake.downloads).toEqual([
      { fileId: expect.stringMatching(/^F/), authorization: 'Bearer xoxb-000-test-token' },
    ]);
    expect(await h.test.app.store.customers.findByPhone('+6285612345555')).toMatchObject({
      name: 'Sari, S.E.',
      tags: ['reseller'],
    });
  });

  it('speaks the user language: a Google CSV shared by an Indonesian admin, rejected rows translated', async () => {
    const h = await startSlackHarness();
    h.fake.locales.set(ADMIN, 'id-ID');
    await shareInDm(h, ADMIN, h.fake.shareFile('google.csv', fixture('google.csv')));
    const summary = await posted(h, /Impor selesai/);
    expect(String(summary.args.text).split('\n')).toEqual([
      '📥 Impor selesai: 3 baru, 0 diperbarui, 0 tetap, 2 ditolak.',
      'Dikenali sebagai CSV Google Kontak.',
      'Baris 4: “Ani Widjaja” — tidak ada nomor yang bisa dipakai (021 555 9999: nomor telepon rumah tidak bisa punya WhatsApp)',
      'Baris 5: “Rina Tanpa Nomor” — tidak ada nomor telepon',
    ]);
  });

  it('refuses users outside SLACK_ALLOWED_USERS and ignores files shared in channels', async () => {
    const h = await startSlackHarness();
    await shareInDm(h, 'USTRANGER', h.fake.shareFile('a.vcf', fixture('contacts-4.0.vcf')));
    await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === 'USTRANGER');
    const inChannel = h.fake.shareFile('b.vcf', fixture('contacts-4.0.vcf'));
    await shareInDm(h, ADMIN, inChannel, 'channel');
    // A later DM import is answered: by then the channel's file would have been fetched, were it imported.
    const inDm = h.fake.shareFile('c.csv', 'phone,name\n0812 3456 7890,Budi\n');
    await shareInDm(h, ADMIN, inDm);
    await posted(h, /Import finished: 1 new/);
    const [audit] = await h.test.app.store.audit.list({ action: 'slack.customers.import' });
    expect(audit).toMatchObject({ outcome: 'refused', actor: { userId: 'USTRANGER' } });
    expect(h.fake.downloads.map((d) => d.fileId)).toEqual([inDm.id]);
    expect(await h.test.app.store.customers.count()).toBe(1);
  });
});
