/** Issue 11: the command line's help, usage and "run help" lines speak BOT_LOCALE like the rest of it. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { captureStream } from '../helpers/streams.js';

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
        '           broadcast-bot campaigns preview --message M (--all | --tag T | --phones FILE) [--json]\n' +
        '           broadcast-bot campaigns list [--limit N] | show ID | pause ID | resume ID | cancel ID | retry ID\n' +
        '           broadcast-bot campaigns approve ID | reject ID [--reason TEXT]\n' +
        'Jalankan "broadcast-bot help" untuk petunjuk pemakaian.\n',
    );
    const config = await run(['config', 'frobnicate'], { BOT_LOCALE: 'id' });
    expect(config.stderr).toBe('Pemakaian: broadcast-bot config check\nJalankan "broadcast-bot help" untuk petunjuk pemakaian.\n');
  });
});
