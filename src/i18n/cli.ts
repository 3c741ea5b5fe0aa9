import { registerCatalogue, type Catalogue } from './index.js';

/**
 * Messages of the command line: its help and usage texts, rejected-row lines, and the campaign commands
 * (`campaigns show`, `--wait`, pause/resume/cancel/retry). Command and option names stay as typed.
 */
export const cli = {
  'cli.usage': {
    id:
      'Pemakaian: broadcast-bot <perintah> [opsi]\n\n' +
      '  start [--roles bots,worker,scheduler,http]   jalankan layanan (bawaan: semua peran)\n' +
      '  customers import FILE.csv [--errors FILE] | list [--tag T] [--limit N] | count [--tag T] | optout NOMOR | tags\n' +
      '  campaigns create --title T --message M (--all | --tag T | --phones FILE) [--media FILE] [--account NAME] [--wait] [--strict]\n' +
      '  campaigns create --title T --template NAMA --language KODE [--param 1=TEKS …] (--all | --tag T | --phones FILE)\n' +
      '  campaigns preview --message M (--all | --tag T | --phones FILE) [--account NAMA] [--json]   laporan risiko; tidak membuat kampanye\n' +
      '  campaigns list | show ID | pause ID | resume ID | cancel ID | retry ID | approve ID | reject ID [--reason TEKS]\n' +
      '  schedules create --title T --message M (--all | --tag T) (--at ISO | --cron EKSPRESI) [--tz ZONA] [--account NAMA] | list | pause|resume|delete ID\n' +
      '  whatsapp link [--phone +62…] | status | logout   [--account NAMA] (bawaan: nomor default)\n' +
      '  whatsapp accounts list | add NAMA --driver baileys|cloud|dry-run [--phone-number-id ID --waba-id ID] [--rate N] [--jitter-ms N] [--daily-cap N] | set NAMA [--rate N|default] [--jitter-ms N|default] [--daily-cap N|default] | remove NAMA\n' +
      '  whatsapp simulate-inbound --from NOMOR --text TEKS (hanya pengirim dry-run)\n' +
      '  config check                                  periksa lingkungan dan tampilkan (rahasia disamarkan)\n' +
      '  db migrate                                    bangun indeks / terapkan migrasi penyimpanan (lihat README)\n\n' +
      'Kode keluar: 0 berhasil, 1 gagal, 2 pemakaian atau masukan salah. Variabel lingkungan ada di README.md.',
    en:
      'Usage: broadcast-bot <command> [options]\n\n' +
      '  start [--roles bots,worker,scheduler,http]   run the service (default: all roles)\n' +
      '  customers import FILE.csv [--errors FILE] | list [--tag T] [--limit N] | count [--tag T] | optout PHONE | tags\n' +
      '  campaigns create --title T --message M (--all | --tag T | --phones FILE) [--media FILE] [--account NAME] [--wait] [--strict]\n' +
      '  campaigns create --title T --template NAME --language CODE [--param 1=TEXT …] (--all | --tag T | --phones FILE)\n' +
      '  campaigns preview --message M (--all | --tag T | --phones FILE) [--account NAME] [--json]   risk report; nothing is created\n' +
      '  campaigns list | show ID | pause ID | resume ID | cancel ID | retry ID | approve ID | reject ID [--reason TEXT]\n' +
      '  schedules create --title T --message M (--all | --tag T) (--at ISO | --cron EXPR) [--tz TZ] [--account NAME] | list | pause|resume|delete ID\n' +
      '  whatsapp link [--phone +62…] | status | logout   [--account NAME] (default: the default number)\n' +
      '  whatsapp accounts list | add NAME --driver baileys|cloud|dry-run [--phone-number-id ID --waba-id ID] [--rate N] [--jitter-ms N] [--daily-cap N] | set NAME [--rate N|default] [--jitter-ms N|default] [--daily-cap N|default] | remove NAME\n' +
      '  whatsapp simulate-inbound --from PHONE --text TEXT (dry-run sender only)\n' +
      '  config check                                  validate the environment and print it (secrets redacted)\n' +
      '  db migrate                                    build the store\'s indexes / apply its migrations (see README)\n\n' +
      'Exit codes: 0 ok, 1 failure, 2 bad usage or input. See README.md for the environment variables.',
  },
  'cli.usage.customers': {
    id:
      'Pemakaian: broadcast-bot customers import FILE(.csv|.vcf) [--errors FILE] | list [--tag T] [--limit N] | count [--tag T]\n' +
      '           broadcast-bot customers optout NOMOR | tags',
    en:
      'Usage: broadcast-bot customers import FILE(.csv|.vcf) [--errors FILE] | list [--tag T] [--limit N] | count [--tag T]\n' +
      '       broadcast-bot customers optout PHONE | tags',
  },
  'cli.usage.campaigns': {
    id:
      'Pemakaian: broadcast-bot campaigns create --title T --message M (--all | --tag T | --phones FILE) [--media FILE] [--account NAME] [--wait] [--strict]\n' +
      '           broadcast-bot campaigns create --title T --template NAMA --language KODE [--param 1=TEKS …] (--all | --tag T | --phones FILE)\n' +
      '           broadcast-bot campaigns preview --message M (--all | --tag T | --phones FILE) [--account NAMA] [--json]\n' +
      '           broadcast-bot campaigns list [--limit N] | show ID | pause ID | resume ID | cancel ID | retry ID\n' +
      '           broadcast-bot campaigns approve ID | reject ID [--reason TEXT]',
    en:
      'Usage: broadcast-bot campaigns create --title T --message M (--all | --tag T | --phones FILE) [--media FILE] [--account NAME] [--wait] [--strict]\n' +
      '       broadcast-bot campaigns create --title T --template NAME --language CODE [--param 1=TEXT …] (--all | --tag T | --phones FILE)\n' +
      '       broadcast-bot campaigns preview --message M (--all | --tag T | --phones FILE) [--account NAME] [--json]\n' +
      '       broadcast-bot campaigns list [--limit N] | show ID | pause ID | resume ID | cancel ID | retry ID\n' +
      '       broadcast-bot campaigns approve ID | reject ID [--reason TEXT]',
  },
  'cli.usage.whatsapp': {
    id:
      'Pemakaian: broadcast-bot whatsapp link [--account NAMA] [--phone +62…] [--timeout DETIK] | status [--account NAMA] | logout [--account NAMA]\n' +
      '           broadcast-bot whatsapp accounts list | add NAMA --driver baileys|cloud|dry-run [--phone-number-id ID --waba-id ID] [--rate N] [--jitter-ms N] [--daily-cap N] | set NAMA [--rate N|default] [--jitter-ms N|default] [--daily-cap N|default] | remove NAMA\n' +
      '           broadcast-bot whatsapp simulate-inbound --from NOMOR --text TEKS',
    en:
      'Usage: broadcast-bot whatsapp link [--account NAME] [--phone +62…] [--timeout SECONDS] | status [--account NAME] | logout [--account NAME]\n' +
      '       broadcast-bot whatsapp accounts list | add NAME --driver baileys|cloud|dry-run [--phone-number-id ID --waba-id ID] [--rate N] [--jitter-ms N] [--daily-cap N] | set NAME [--rate N|default] [--jitter-ms N|default] [--daily-cap N|default] | remove NAME\n' +
      '       broadcast-bot whatsapp simulate-inbound --from PHONE --text TEXT',
  },
  'cli.usage.config': { id: 'Pemakaian: broadcast-bot config check', en: 'Usage: broadcast-bot config check' },
  'cli.usage.db': { id: 'Pemakaian: broadcast-bot db migrate', en: 'Usage: broadcast-bot db migrate' },
  'cli.usage.start': { id: 'Pemakaian: broadcast-bot start [--roles {roles}]', en: 'Usage: broadcast-bot start [--roles {roles}]' },
  'cli.usage.accounts': {
    id: 'Pemakaian: broadcast-bot whatsapp accounts list | add NAMA --driver baileys|cloud|dry-run [--phone-number-id ID --waba-id ID] [--rate N] [--jitter-ms N] [--daily-cap N] | set NAMA [--rate N|default] [--jitter-ms N|default] [--daily-cap N|default] | remove NAMA',
    en: 'Usage: broadcast-bot whatsapp accounts list | add NAME --driver baileys|cloud|dry-run [--phone-number-id ID --waba-id ID] [--rate N] [--jitter-ms N] [--daily-cap N] | set NAME [--rate N|default] [--jitter-ms N|default] [--daily-cap N|default] | remove NAME',
  },
  'cli.accounts.badRate': {
    id: '{option} {value} bukan tempo: tulis pesan per menit (1200), per detik (20/s), atau default untuk nilai konfigurasi.',
    en: '{option} {value} is not a rate: write messages a minute (1200), a second (20/s), or default for the configured one.',
  },
  'cli.accounts.badNumber': {
    id: '{option} {value} bukan angka: tulis bilangan bulat 0 atau lebih, atau default untuk nilai konfigurasi.',
    en: '{option} {value} is not a number: write a whole number of 0 or more, or default for the configured one.',
  },
  'cli.accounts.nothingToSet': {
    id: 'Sebutkan yang diubah: --rate, --jitter-ms dan/atau --daily-cap (angka, atau default untuk nilai konfigurasi).',
    en: 'Say what to change: --rate, --jitter-ms and/or --daily-cap (a number, or default for the configured one).',
  },
  'cli.usage.simulateInbound': {
    id: 'Pemakaian: broadcast-bot whatsapp simulate-inbound --from NOMOR --text TEKS [--media image|video|audio|document|sticker|location|contact]',
    en: 'Usage: broadcast-bot whatsapp simulate-inbound --from PHONE --text TEXT [--media image|video|audio|document|sticker|location|contact]',
  },
  // `start` in the terminal: what runs, and how it stops.
  'cli.start.running': { id: 'broadcast-bot berjalan. Tekan Ctrl-C untuk berhenti.', en: 'broadcast-bot is running. Press Ctrl-C to stop.' },
  'cli.start.stopping': {
    id: '{signal}: menyelesaikan pengiriman yang sedang berjalan lalu berhenti (kirim {signal} lagi untuk keluar seketika)…',
    en: '{signal}: finishing in-flight sends and stopping (send {signal} again to exit at once)…',
  },
  'cli.start.again': { id: '{signal} lagi: keluar sekarang.', en: '{signal} again: exiting now.' },
  'cli.start.timeout': { id: 'Tidak bisa berhenti dalam {ms} md: keluar.', en: 'Could not stop within {ms} ms: exiting.' },
  'cli.start.stopped': { id: 'berhenti dalam {ms} md', en: 'stopped in {ms} ms' },
  // `start`'s status lines (what runs, where).
  'cli.status.surfaces': { id: 'permukaan: telegram {telegram}, slack {slack}, cli aktif', en: 'surfaces: telegram {telegram}, slack {slack}, cli on' },
  'cli.status.on': { id: 'aktif', en: 'on' },
  'cli.status.telegramOff': { id: 'mati (TELEGRAM_BOT_TOKEN belum diisi)', en: 'off (TELEGRAM_BOT_TOKEN not set)' },
  'cli.status.slackOff': {
    id: 'mati (SLACK_BOT_TOKEN dengan SLACK_SIGNING_SECRET atau SLACK_APP_TOKEN belum diisi)',
    en: 'off (SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN not set)',
  },
  'cli.status.http': { id: 'http: kesehatan, kesiapan dan metrik di {url}', en: 'http: health, readiness and metrics on {url}' },
  'cli.status.whatsappDryRun': { id: 'whatsapp: dry-run (pesan masuk ke {outbox})', en: 'whatsapp: dry-run (messages go to {outbox})' },
  'cli.status.whatsapp': { id: 'whatsapp: {driver} (keadaan: {state})', en: 'whatsapp: {driver} {state}' },
  'cli.status.roles': { id: 'peran: {roles}', en: 'roles: {roles}' },
  'cli.error': { id: 'Galat: {message}', en: 'Error: {message}' },
  'cli.runHelp': {
    id: 'Jalankan "broadcast-bot help" untuk petunjuk pemakaian.',
    en: 'Run "broadcast-bot help" for usage.',
  },
  'cli.unknownCommand': { id: 'Perintah "{name}" tidak dikenal.', en: 'Unknown command "{name}".' },
  'cli.unknownSubcommand': { id: 'Subperintah "{group} {name}" tidak dikenal.', en: 'Unknown subcommand "{group} {name}".' },
  // A rejected row of an imported file or a --phones list: `line 7: 0812xx: contains letters`.
  'cli.rejected.line': { id: 'baris {line}', en: 'line {line}' },
  'cli.rejected.card': { id: 'baris {line} (kartu {card})', en: 'line {line} (card {card})' },
  'cli.create.titleRequired': { id: '--title wajib diisi.', en: '--title is required.' },
  'cli.create.messageRequired': { id: '--message wajib diisi.', en: '--message is required.' },
  'cli.create.messageOrTemplate': { id: 'Isi --message atau --template, jangan keduanya.', en: 'Give --message or --template, not both.' },
  'cli.create.templateNeedsLanguage': {
    id: '--template memerlukan --language (mis. id atau en_US).',
    en: '--template needs --language (e.g. id or en_US).',
  },
  'cli.create.paramsNeedTemplate': { id: '--language dan --param hanya dipakai bersama --template.', en: '--language and --param go with --template.' },
  'cli.create.oneAudience': {
    id: 'Pilih tepat satu penerima: --all, --tag T atau --phones FILE.',
    en: 'Choose exactly one audience: --all, --tag T or --phones FILE.',
  },
  'cli.needsId': { id: 'campaigns {action} memerlukan ID.', en: 'campaigns {action} needs an ID.' },
  'cli.wait.localWorker': {
    id: 'Tidak ada worker yang berjalan: pesan dikirim dari proses ini (biarkan terbuka sampai selesai).',
    en: 'No worker is running: sending from this process (keep it open until it finishes).',
  },
  'cli.show.campaign': { id: 'Campaign {id}: {title}', en: 'Campaign {id}: {title}' },
  'cli.show.counts': {
    id: 'Jumlah: total {total}, berhasil {sent}, gagal {failed}, dilewati {skipped}, tidak pasti {unknown}, diterima {delivered}, dibaca {read}, balasan {replied}',
    en: 'Counts: total {total}, sent {sent}, failed {failed}, skipped {skipped}, unknown {unknown}, delivered {delivered}, read {read}, replies {replied}',
  },
  'cli.show.created': { id: 'Dibuat {at}', en: 'Created {at}' },
  'cli.show.started': { id: 'mulai {at}', en: 'started {at}' },
  'cli.show.finished': { id: 'berakhir {at}', en: 'finished {at}' },
  'cli.show.retryOf': { id: 'Pengiriman ulang dari {id}', en: 'Retry of {id}' },
  'cli.show.notSent': { id: 'Tidak terkirim:', en: 'Not sent:' },
  'recipientStatus.pending': { id: 'menunggu', en: 'pending' },
  'recipientStatus.sent': { id: 'terkirim', en: 'sent' },
  'recipientStatus.failed': { id: 'gagal', en: 'failed' },
  'recipientStatus.skipped': { id: 'dilewati', en: 'skipped' },
  'recipientStatus.unknown': { id: 'tidak pasti', en: 'unknown' },
  'cli.create.strictRefused': {
    id: 'Campaign tidak dibuat (--strict): beri variabel yang kosong sebuah cadangan, mis. {{name|Pelanggan}}, atau jalankan tanpa --strict.',
    en: 'Campaign not created (--strict): give the empty variables a fallback, e.g. {{name|Customer}}, or run without --strict.',
  },
  'cli.create.queued': { id: '{total} penerima masuk antrean.', en: '{total} recipients queued.' },
  'cli.control.done': { id: 'Campaign {id} kini {status:status}.', en: 'Campaign {id} is now {status:status}.' },
  // Refusals and retry lines of `campaigns pause|resume|cancel|retry`; {action} and {actions} are the commands to type.
  'cli.control.refusedStatus': {
    id: 'campaigns {action}: campaign {id} berstatus {status:status}; {hint}.',
    en: 'campaigns {action}: campaign {id} is {status:status}; {hint}.',
  },
  'cli.control.refusedNoFailed': {
    id: 'campaigns {action}: campaign {id} tidak punya penerima yang gagal; {hint}.',
    en: 'campaigns {action}: campaign {id} has no failed recipients; {hint}.',
  },
  'cli.control.allowedNow': { id: 'yang bisa dilakukan sekarang: {actions}', en: 'allowed now: {actions}' },
  'cli.control.nothingNow': { id: 'tidak ada yang bisa dilakukan sekarang', en: 'nothing can be done to it now' },
  'cli.retry.created': {
    id: 'retry: campaign {id} mengirim ulang ke {total} penerima',
    en: 'retry: campaign {id} resends to {total} recipients',
  },
  'cli.retry.existing': {
    id: 'retry: campaign {id} sudah mengirim ulang campaign {original} ({status:status}); tidak ada campaign baru',
    en: 'retry: campaign {id} is already retrying campaign {original} ({status:status}); no new one was made',
  },
  'cli.limit': {
    id: '--limit harus bilangan bulat di atas 0, bukan "{value}".',
    en: '--limit must be a whole number above 0, not "{value}".',
  },
  'cli.customers.needsFile': { id: 'customers import perlu satu FILE (.csv atau .vcf).', en: 'customers import needs a FILE (.csv or .vcf).' },
  'cli.customers.needsPhone': { id: 'customers optout perlu NOMOR yang berhenti berlangganan.', en: 'customers optout needs the PHONE to opt out.' },
  'cli.customers.tooMany': { id: 'customers {sub}: argumen terlalu banyak.', en: 'customers {sub}: too many arguments.' },
  'cli.noArguments': { id: '{command} tidak menerima argumen.', en: '{command} takes no arguments.' },
  'cli.oneName': { id: '{command} perlu tepat satu NAMA.', en: '{command} takes one NAME.' },
  'cli.option.needsValue': {
    id: '{option} butuh nilai. Nilai yang diawali tanda minus ditulis dengan =, misalnya {option}=-1.',
    en: '{option} needs a value. Write a value that starts with a dash with =, e.g. {option}=-1.',
  },
  'cli.option.unknown': { id: 'Opsi {option} tidak dikenal.', en: 'Unknown option {option}.' },
  'cli.option.unexpected': { id: 'Argumen {value} tidak dikenal di sini.', en: 'Unexpected argument {value}.' },
  'cli.oneOf': { id: '{option} harus salah satu dari: {choices}.', en: '{option} must be one of: {choices}.' },
  'cli.timeout': { id: '--timeout minimal 10 detik.', en: '--timeout must be at least 10 seconds.' },
  'cli.file.cannotRead': { id: 'Berkas {option} {path} tidak bisa dibaca: {reason}.', en: 'Cannot read the {option} file {path}: {reason}.' },
  'cli.file.cannotWrite': { id: 'Berkas {option} {path} tidak bisa ditulis: {reason}.', en: 'Cannot write the {option} file {path}: {reason}.' },
  'cli.file.ENOENT': { id: 'berkas atau folder tidak ada', en: 'no such file or folder' },
  'cli.file.EACCES': { id: 'tidak ada izin', en: 'permission denied' },
  'cli.file.EISDIR': { id: 'itu sebuah folder', en: 'it is a folder' },
  'cli.file.other': { id: 'kesalahan sistem berkas', en: 'file system error' },
  'cli.start.unknownRoles': {
    id: 'Peran tidak dikenal: {roles}. Pilih dari: {choices}.',
    en: 'Unknown role(s): {roles}. Choose from: {choices}.',
  },
  'cli.start.noRoles': { id: '--roles kosong. Pilih dari: {choices}.', en: '--roles is empty. Choose from: {choices}.' },
  'cli.db.upToDate': { id: '{store}: sudah mutakhir', en: '{store}: already up to date' },
  'cli.db.migrated': { id: '{store}: migrasi diterapkan', en: '{store}: migrated' },
  'cli.list.empty': {
    id: 'Belum ada campaign. Buat dengan: broadcast-bot campaigns create --title T --message M --all',
    en: 'No campaigns yet. Create one with: broadcast-bot campaigns create --title T --message M --all',
  },
  'cli.list.header': {
    id: 'ID\tSTATUS\tTERKIRIM\tGAGAL\tTOTAL\tDIBUAT\tJUDUL',
    en: 'ID\tSTATUS\tSENT\tFAILED\tTOTAL\tCREATED\tTITLE',
  },
} satisfies Catalogue;

registerCatalogue(cli);
