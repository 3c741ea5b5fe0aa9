/** Issue 11: the command line's help, usage and "run help" lines speak BOT_LOCALE like the rest of it. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { captureStream } from '../helpers/streams.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('bb-cli-language-');

async function run(args: string[], env: Record<string, string>) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runCli(args, env, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('the CLI’s help and usage in the terminal’s language', () => {
  it('help is Indonesian under BOT_LOCALE=id and English otherwise', async () => {
    const id = await run(['help'], { BOT_LOCALE: 'id' });
    expect(id.code).toBe(0);
    expect(id.stdout).toMatch(/^Pemakaian: broadcast-bot <perintah> \[opsi\]\n/);
    expect(id.stdout).toContain('Kode keluar: 0 berhasil, 1 gagal, 2 pemakaian atau masukan salah.');
    expect(id.stdout).not.toMatch(/\bUsage\b|run the service|Exit codes/);
    const en = await run(['help'], {});
    expect(en.stdout).toMatch(/^Usage: broadcast-bot <command> \[options\]\n/);
  });

  it('an unknown command or subcommand is refused in Indonesian, with the Indonesian usage and "run help" line', async () => {
    const command = await run(['frobnicate'], { BOT_LOCALE: 'id' });
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^Perintah "frobnicate" tidak dikenal\.\n\nPemakaian: broadcast-bot/);

    const sub = await run(['campaigns', 'frobnicate'], { BOT_LOCALE: 'id' });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toBe(
      'Subperintah "campaigns frobnicate" tidak dikenal.\n' +
        'Pemakaian: broadcast-bot campaigns create --title T --message M (--all | --tag T | --phones FILE) [--media FILE] [--account NAME] [--wait] [--strict]\n' +
        '           broadcast-bot campaigns create --title T --template NAMA --language KODE [--param 1=TEKS …] (--all | --tag T | --phones FILE)\n' +
        '           broadcast-bot campaigns preview --message M (--all | --tag T | --phones FILE) [--account NAMA] [--json]\n' +
        '           broadcast-bot campaigns list [--limit N] | show ID | pause ID | resume ID | cancel ID | retry ID\n' +
        '           broadcast-bot campaigns approve ID | reject ID [--reason TEXT]\n' +
        'Jalankan "broadcast-bot help" untuk petunjuk pemakaian.\n',
    );
    const config = await run(['config', 'frobnicate'], { BOT_LOCALE: 'id' });
    expect(config.stderr).toBe('Pemakaian: broadcast-bot config check\nJalankan "broadcast-bot help" untuk petunjuk pemakaian.\n');
  });
});

describe('the CLI’s detail messages in the terminal’s language (issue 11 follow-up)', () => {
  it('refusals of bad arguments are Indonesian under BOT_LOCALE=id, with no English and no raw error code', async () => {
    const env = { BOT_LOCALE: 'id', DATA_DIR: tempDir(), LOG_LEVEL: 'silent' };
    const cases: [string[], string][] = [
      [['customers', 'list', '--limit', '0'], '--limit harus bilangan bulat di atas 0, bukan "0".'],
      [['campaigns', 'list', '--limit', 'x'], '--limit harus bilangan bulat di atas 0, bukan "x".'],
      [['customers', 'import'], 'customers import perlu satu FILE (.csv atau .vcf).'],
      [['customers', 'optout'], 'customers optout perlu NOMOR yang berhenti berlangganan.'],
      [['customers', 'tags', 'extra'], 'customers tags: argumen terlalu banyak.'],
      [['whatsapp', 'accounts', 'list', 'extra'], 'whatsapp accounts list tidak menerima argumen.'],
      [['whatsapp', 'accounts', 'add'], 'whatsapp accounts add perlu tepat satu NAMA.'],
      [['whatsapp', 'accounts', 'add', 'toko', '--driver', 'fax'], '--driver harus salah satu dari: baileys, cloud, dry-run.'],
      [['whatsapp', 'link', '--timeout', '5'], '--timeout minimal 10 detik.'],
      [['start', '--roles', 'coffee,bots'], 'Peran tidak dikenal: coffee. Pilih dari: bots, worker, scheduler, http.'],
      [['start', '--roles', ','], '--roles kosong. Pilih dari: bots, worker, scheduler, http.'],
      [['whatsapp', 'accounts', 'frob'], 'Subperintah "whatsapp accounts frob" tidak dikenal.'],
      [
        ['whatsapp', 'simulate-inbound', '--from', '+6281234567001', '--media', 'fax'],
        '--media harus salah satu dari: image, video, audio, document, sticker, location, contact, other.',
      ],
      [
        ['campaigns', 'create', '--title', 'T', '--message', 'Halo', '--phones', '/nonexistent/phones.txt'],
        'Berkas --phones /nonexistent/phones.txt tidak bisa dibaca: berkas atau folder tidak ada.',
      ],
    ];
    for (const [args, line] of cases) {
      const result = await run(args, env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n')[0], args.join(' ')).toBe(line);
      expect(result.stderr, args.join(' ')).not.toMatch(/^Usage:/m);
      expect(result.stderr, args.join(' ')).not.toMatch(/\b(must|needs|takes|Cannot|Unknown|ENOENT)\b/);
    }
    const en = await run(['whatsapp', 'link', '--timeout', '5'], {});
    expect(en.stderr.split('\n')[0]).toBe('--timeout must be at least 10 seconds.');
  });

  it('db migrate and campaigns list answer in Indonesian (the STATUS column in words)', async () => {
    const env = { BOT_LOCALE: 'id', DATA_DIR: tempDir(), LOG_LEVEL: 'silent' };
    expect((await run(['db', 'migrate'], env)).stdout).toBe('sqlite: sudah mutakhir\n');
    const list = await run(['campaigns', 'list'], env);
    expect(list).toMatchObject({ code: 0, stdout: 'Belum ada campaign. Buat dengan: broadcast-bot campaigns create --title T --message M --all\n' });
  });
});
