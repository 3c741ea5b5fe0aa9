/** `broadcast-bot whatsapp accounts …`, `--account` on `whatsapp status` and `campaigns create` (issue 16). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomPrefix } from '../../src/app.js';
import { runCli } from '../../src/cli.js';
import { testEnv } from '../helpers/app.js';
import { captureStream } from '../helpers/streams.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { dropPrefix } from '../schedules/fixtures/redis-cleanup.js';

const prefixes: string[] = [];
afterEach(async () => {
  for (const prefix of prefixes.splice(0)) await dropPrefix(inject('redisUrl'), prefix);
});

/** A CLI bound to one DATA_DIR and Redis prefix, so commands see each other's work. */
function terminal(extraEnv: Record<string, string> = {}) {
  const dir = makeTempDir('bb-accounts-');
  const prefix = randomPrefix('accounts-cli');
  prefixes.push(prefix);
  const env = testEnv(dir, { REDIS_PREFIX: prefix, BOT_LOCALE: 'en', ...extraEnv });
  return {
    dir,
    async run(...argv: string[]) {
      const stdout = captureStream();
      const stderr = captureStream();
      const code = await runCli(argv, env, { stdout: stdout.stream, stderr: stderr.stream });
      return { code, stdout: stdout.text(), stderr: stderr.text() };
    },
  };
}

describe('broadcast-bot whatsapp accounts', () => {
  it('lists, adds and removes sender accounts; refuses bad names, taken names, missing Cloud ids, default and accounts in use', async () => {
    const cli = terminal();
    const empty = await cli.run('whatsapp', 'accounts', 'list');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('WhatsApp sender numbers:');
    expect(empty.stdout).toMatch(/• default \(dry run, to the outbox\)/);

    const added = await cli.run('whatsapp', 'accounts', 'add', 'toko-b', '--driver', 'dry-run');
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('Sender number toko-b was added.');
    expect(await cli.run('whatsapp', 'accounts', 'add', 'cloud-a', '--driver', 'cloud', '--phone-number-id', '1055', '--waba-id', '2077')).toMatchObject({ code: 0 });

    const taken = await cli.run('whatsapp', 'accounts', 'add', 'toko-b', '--driver', 'baileys');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('There is already a sender number named toko-b.');
    expect((await cli.run('whatsapp', 'accounts', 'add', 'default', '--driver', 'dry-run')).code).toBe(2);
    const badName = await cli.run('whatsapp', 'accounts', 'add', 'Toko B', '--driver', 'dry-run');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('The name "Toko B" cannot be used');
    const noIds = await cli.run('whatsapp', 'accounts', 'add', 'cloud-b', '--driver', 'cloud');
    expect(noIds.code).toBe(2);
    expect(noIds.stderr).toContain('needs --phone-number-id and --waba-id');
    expect((await cli.run('whatsapp', 'accounts', 'add', 'x', '--driver', 'telegram')).code).toBe(2);

    const listed = await cli.run('whatsapp', 'accounts', 'list');
    expect(listed.stdout).toMatch(/• cloud-a \(official Cloud API\): no worker holds it yet/);
    expect(listed.stdout).toMatch(/• toko-b \(dry run, to the outbox\): no worker holds it yet/);

    // A campaign on toko-b keeps it from being removed until the campaign is finished.
    const phones = join(cli.dir, 'phones.txt');
    writeFileSync(phones, '+6281200000001\n+6281200000002\n');
    const created = await cli.run('campaigns', 'create', '--title', 'Promo', '--message', 'Halo', '--phones', phones, '--account', 'toko-b');
    expect(created.code).toBe(0);
    const id = /campaign (\S+)/.exec(created.stdout)?.[1];
    expect(id).toBeTruthy();
    const inUse = await cli.run('whatsapp', 'accounts', 'remove', 'toko-b');
    expect(inUse.code).toBe(2);
    expect(inUse.stderr).toContain('Number toko-b is still used by 1 unfinished campaigns');
    expect((await cli.run('campaigns', 'cancel', id as string)).code).toBe(0);
    expect((await cli.run('whatsapp', 'accounts', 'remove', 'toko-b')).code).toBe(0);

    const keepDefault = await cli.run('whatsapp', 'accounts', 'remove', 'default');
    expect(keepDefault.code).toBe(2);
    expect(keepDefault.stderr).toContain('The default number cannot be removed');
    expect((await cli.run('whatsapp', 'accounts', 'remove', 'cloud-a')).code).toBe(0);
    const unknown = await cli.run('whatsapp', 'accounts', 'remove', 'cloud-a');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no sender number named cloud-a. Known: default.');
  });

  it('refuses a Cloud number that another account (or a Cloud default) already sends from', async () => {
    const cli = terminal({ WHATSAPP_DRIVER: 'cloud', WHATSAPP_CLOUD_PHONE_NUMBER_ID: '1099', WHATSAPP_CLOUD_WABA_ID: '2099' });
    expect(await cli.run('whatsapp', 'accounts', 'add', 'cloud-a', '--driver', 'cloud', '--phone-number-id', '1055', '--waba-id', '2077')).toMatchObject({ code: 0 });
    const twice = await cli.run('whatsapp', 'accounts', 'add', 'cloud-b', '--driver', 'cloud', '--phone-number-id', '1055', '--waba-id', '2077');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('The number with phone number id 1055 is already sender number cloud-a');
    const defaults = await cli.run('whatsapp', 'accounts', 'add', 'cloud-c', '--driver', 'cloud', '--phone-number-id', '1099', '--waba-id', '2099');
    expect(defaults.code).toBe(2);
    expect(defaults.stderr).toContain('is already sender number default');
    // Once cloud-a is removed its number can be added again.
    expect((await cli.run('whatsapp', 'accounts', 'remove', 'cloud-a')).code).toBe(0);
    expect((await cli.run('whatsapp', 'accounts', 'add', 'cloud-b', '--driver', 'cloud', '--phone-number-id', '1055', '--waba-id', '2077')).code).toBe(0);
  });

  it('campaigns create --account NAME: an unknown account exits 2 naming the known ones, before anything is stored', async () => {
    const cli = terminal();
    await cli.run('whatsapp', 'accounts', 'add', 'toko-b', '--driver', 'dry-run');
    const phones = join(cli.dir, 'phones.txt');
    writeFileSync(phones, '+6281200000001\n');
    const refused = await cli.run('campaigns', 'create', '--title', 'Promo', '--message', 'Halo', '--phones', phones, '--account', 'toko-z');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('There is no sender number named toko-z. Known: default, toko-b.');
    expect((await cli.run('campaigns', 'list')).stdout).toContain('No campaigns yet');
  });

  it('whatsapp status --account NAME shows that account; an unknown one exits 2', async () => {
    const cli = terminal();
    await cli.run('whatsapp', 'accounts', 'add', 'toko-b', '--driver', 'dry-run');
    const status = await cli.run('whatsapp', 'status', '--account', 'toko-b');
    expect(status.code).toBe(0);
    // Its own driver, not WHATSAPP_DRIVER (which is about `default`): the way out is another number.
    expect(status.stdout).toContain('🧪 Number toko-b is a dry-run number: its messages are written to the outbox, not sent to WhatsApp. To send for real, add a number with whatsapp accounts add NAME --driver baileys (or cloud).');
    expect(status.stdout).not.toContain('WHATSAPP_DRIVER');
    expect(status.stdout).toContain('pace: unpaced (from the config); daily cap: none (from the config)');
    await cli.run('whatsapp', 'accounts', 'set', 'toko-b', '--rate', '12', '--daily-cap', '80');
    expect((await cli.run('whatsapp', 'status', '--account', 'toko-b')).stdout).toContain('pace: 12/min (its own); daily cap: 80 messages (its own)');
    const unknown = await cli.run('whatsapp', 'status', '--account', 'toko-z');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Known: default, toko-b.');
    expect((await cli.run('whatsapp', 'status', 'extra')).code).toBe(2);
  });

  it('whatsapp link --account NAME on a dry-run number says how to get a real one, not to set WHATSAPP_DRIVER', async () => {
    const en = terminal();
    await en.run('whatsapp', 'accounts', 'add', 'toko-e', '--driver', 'dry-run');
    const refused = await en.run('whatsapp', 'link', '--account', 'toko-e');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Number toko-e is a dry-run number: its messages are written to the outbox, so there is nothing to link.');
    expect(refused.stderr).not.toContain('WHATSAPP_DRIVER');
    // `default`'s driver does come from WHATSAPP_DRIVER: that refusal still names it.
    expect((await en.run('whatsapp', 'link')).stderr).toContain('WHATSAPP_DRIVER=dry-run');
    const id = terminal({ BOT_LOCALE: 'id' });
    await id.run('whatsapp', 'accounts', 'add', 'toko-e', '--driver', 'dry-run');
    const ditolak = await id.run('whatsapp', 'link', '--account', 'toko-e');
    expect(ditolak.code).toBe(2);
    expect(ditolak.stderr).toContain('Nomor toko-e adalah nomor uji coba (dry-run): pesannya ditulis ke outbox, jadi tidak ada yang perlu ditautkan.');
  });

  it('accounts list tells how to link only when there is a Baileys number, with the terminal form too', async () => {
    const cli = terminal({ BOT_LOCALE: 'id' });
    await cli.run('whatsapp', 'accounts', 'add', 'toko-b', '--driver', 'dry-run');
    expect((await cli.run('whatsapp', 'accounts', 'list')).stdout).not.toContain('Tautkan');
    await cli.run('whatsapp', 'accounts', 'add', 'toko-f', '--driver', 'baileys');
    expect((await cli.run('whatsapp', 'accounts', 'list')).stdout).toContain(
      'Tautkan nomor Baileys dengan /whatsapp link NAMA (di terminal: whatsapp link --account NAMA).',
    );
  });

  it("option mistakes are told in the terminal's language, not in Node's English", async () => {
    const id = terminal({ BOT_LOCALE: 'id' });
    const dash = await id.run('whatsapp', 'accounts', 'add', 'toko-e', '--driver', 'dry-run', '--daily-cap', '-1');
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain('--daily-cap butuh nilai. Nilai yang diawali tanda minus ditulis dengan =, misalnya --daily-cap=-1.');
    expect(dash.stderr).not.toMatch(/ambiguous|Did you forget/);
    const unknown = await id.run('whatsapp', 'accounts', 'set', 'toko-e', '--speed', '5');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Opsi --speed tidak dikenal.');
    const status = await id.run('whatsapp', 'status', '--acount', 'toko-e');
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('whatsapp status: Opsi --acount tidak dikenal.');
    const en = await terminal().run('whatsapp', 'accounts', 'set', 'toko-e', '--rate');
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('--rate needs a value.');
  });

  it('whatsapp status --account NAME of an unlinked Baileys number says how to link that number, in Indonesian too', async () => {
    const cli = terminal({ BOT_LOCALE: 'id' });
    await cli.run('whatsapp', 'accounts', 'add', 'toko-f', '--driver', 'baileys');
    const status = await cli.run('whatsapp', 'status', '--account', 'toko-f');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      '📵 Nomor toko-f belum ditautkan ke WhatsApp. Tautkan dengan /whatsapp link toko-f (di terminal: whatsapp link --account toko-f, tambahkan --phone +62… untuk kode penautan).',
    );
  });

  it("add --rate/--jitter-ms/--daily-cap and set NAME … N|default change an account's own pace; list shows the pace in force and its source", async () => {
    const cli = terminal();
    expect(await cli.run('whatsapp', 'accounts', 'add', 'toko-b', '--driver', 'dry-run', '--rate', '6', '--daily-cap', '300')).toMatchObject({ code: 0 });
    expect(await cli.run('whatsapp', 'accounts', 'add', 'cloud-a', '--driver', 'cloud', '--phone-number-id', '1055', '--waba-id', '2077', '--rate', '40/s')).toMatchObject({ code: 0 });
    let listed = (await cli.run('whatsapp', 'accounts', 'list')).stdout;
    expect(listed).toMatch(/• toko-b [^\n]*\n {2}pace: 6\/min \(its own\); daily cap: 300 messages \(its own\)/);
    // No worker has read its tier yet: Meta's starting limit, not "none".
    expect(listed).toMatch(/• cloud-a [^\n]*\n {2}pace: 40\/s \(its own\); daily cap: 250 messages \(Meta's tier not known yet: Meta's starting limit until Meta answers\)/);
    expect(listed).toMatch(/• default [^\n]*\n {2}pace: unpaced \(from the config\); daily cap: none \(from the config\)/);

    const set = await cli.run('whatsapp', 'accounts', 'set', 'toko-b', '--rate', 'default', '--jitter-ms', '2500');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Pace of number toko-b saved.');
    listed = (await cli.run('whatsapp', 'accounts', 'list')).stdout;
    expect(listed).toMatch(/• toko-b [^\n]*\n {2}pace: unpaced \(from the config\); daily cap: 300 messages \(its own\)/);

    // `campaigns preview --account` reports with that number's cap (default has none here).
    const phones = join(cli.dir, 'phones.txt');
    writeFileSync(phones, '+6281200000001\n+6281200000002\n');
    const onB = await cli.run('campaigns', 'preview', '--message', 'Halo', '--phones', phones, '--account', 'toko-b', '--json');
    expect(onB.code).toBe(0);
    expect(JSON.parse(onB.stdout)).toMatchObject({ recipients: 2, daysAtCap: 1 });
    expect(JSON.parse((await cli.run('campaigns', 'preview', '--message', 'Halo', '--phones', phones, '--json')).stdout)).toMatchObject({ daysAtCap: 0 });
    expect((await cli.run('campaigns', 'preview', '--message', 'Halo', '--phones', phones, '--account', 'toko-z')).code).toBe(2);

    const tooFast = await cli.run('whatsapp', 'accounts', 'set', 'cloud-a', '--rate', '81/s');
    expect(tooFast.code).toBe(2);
    expect(tooFast.stderr).toContain('A Cloud API number sends 1 to 80 messages a second: --rate 4860/min is outside that');
    const notNumber = await cli.run('whatsapp', 'accounts', 'set', 'toko-b', '--daily-cap', 'lots');
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('--daily-cap lots is not a number');
    const badAdd = await cli.run('whatsapp', 'accounts', 'add', 'toko-c', '--driver', 'baileys', '--rate', 'fast');
    expect(badAdd.code).toBe(2);
    expect(badAdd.stderr).toContain('--rate fast is not a rate');
    expect((await cli.run('whatsapp', 'accounts', 'list')).stdout).not.toContain('toko-c');
    const nothing = await cli.run('whatsapp', 'accounts', 'set', 'toko-b');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Say what to change');
    const onDefault = await cli.run('whatsapp', 'accounts', 'set', 'default', '--rate', '10');
    expect(onDefault.code).toBe(2);
    expect(onDefault.stderr).toContain('The default number follows the configuration: change SEND_RATE_PER_MINUTE');
    const unknown = await cli.run('whatsapp', 'accounts', 'set', 'toko-z', '--rate', '10');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no sender number named toko-z. Known: default, cloud-a, toko-b.');
  });
});
