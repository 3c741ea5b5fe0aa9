/**
 * The template rule on the CLI (issue 16): a Cloud API number sends approved templates only, and only a Cloud API
 * number can send a template. Refused before anything is stored or sent (no Graph API involved), exit code 2, with
 * words that say what to do, in both languages.
 */
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

/** A CLI on one DATA_DIR and Redis prefix, in `locale`. */
function terminal(locale: 'id' | 'en') {
  const prefix = randomPrefix('template-rule');
  prefixes.push(prefix);
  const dir = makeTempDir('bb-template-rule-');
  const env = testEnv(dir, { REDIS_PREFIX: prefix, BOT_LOCALE: locale });
  writeFileSync(join(dir, 'customers.csv'), 'phone,name\n+6281200000001,Ani\n');
  const run = async (...argv: string[]) => {
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await runCli(argv, env, { stdout: stdout.stream, stderr: stderr.stream });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };
  return Object.assign(run, { csv: join(dir, 'customers.csv') });
}

const ADD_CLOUD = ['whatsapp', 'accounts', 'add', 'toko-cloud', '--driver', 'cloud', '--phone-number-id', '1055', '--waba-id', '2077'];

describe('the template rule on the CLI', () => {
  it('refuses a free-text campaign on a Cloud number (exit 2), naming the numbers that can send free text', async () => {
    const cli = terminal('en');
    expect((await cli(...ADD_CLOUD)).code).toBe(0);
    expect((await cli('customers', 'import', cli.csv)).code).toBe(0);
    const refused = await cli('campaigns', 'create', '--title', 'Promo', '--message', 'Halo {{name}}', '--all', '--account', 'toko-cloud');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'Number toko-cloud uses the WhatsApp Cloud API: campaigns from it must send an approved template (WhatsApp refuses free text to customers who have not written in the last 24 hours). Choose a template, or send free text from another number: default.',
    );
    expect((await cli('campaigns', 'list')).stdout).not.toContain('Promo');
    // The same text from the other number goes through.
    expect((await cli('campaigns', 'create', '--title', 'Promo', '--message', 'Halo {{name}}', '--all')).code).toBe(0);
  });

  it('says it in Indonesian, refuses a schedule at save, and refuses a template on a number that is not a Cloud one', async () => {
    const cli = terminal('id');
    expect((await cli(...ADD_CLOUD)).code).toBe(0);
    const refused = await cli('campaigns', 'create', '--title', 'Promo', '--message', 'Halo', '--all', '--account', 'toko-cloud');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Nomor toko-cloud memakai WhatsApp Cloud API: campaign dari nomor ini harus memakai template yang disetujui');
    expect(refused.stderr).toContain('Pilih template, atau kirim teks bebas dari nomor lain: default.');

    const schedule = await cli('schedules', 'create', '--title', 'Mingguan', '--message', 'Halo', '--all', '--cron', '0 9 * * 1', '--account', 'toko-cloud');
    expect(schedule.code).toBe(2);
    expect(schedule.stderr).toContain('Nomor toko-cloud memakai WhatsApp Cloud API');
    expect((await cli('schedules', 'list')).stdout).not.toContain('Mingguan');

    // A template from the dry-run default: refused before any Graph API call, naming the number that can send it.
    const template = await cli('campaigns', 'create', '--title', 'T', '--all', '--template', 'promo_desember', '--language', 'id', '--param', '1=x');
    expect(template.code).toBe(2);
    expect(template.stderr).toContain(
      'Template hanya bisa dikirim dari nomor WhatsApp Cloud API, dan nomor default bukan nomor Cloud API. Nomor yang bisa mengirim template: toko-cloud.',
    );
  });
});
