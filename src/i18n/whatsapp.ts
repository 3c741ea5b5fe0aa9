import { registerCatalogue, type Catalogue } from './index.js';

/**
 * Messages of the WhatsApp account: status, linking, logout, opt-out replies, account alerts, and the
 * `reason.<code>` words for the sender's disconnect reasons (shown by reasonText like the engine's own).
 */
export const whatsapp = {
  'whatsapp.status.connected': {
    id: '✅ WhatsApp terhubung sebagai {account} sejak {since}.',
    en: '✅ WhatsApp is connected as {account} since {since}.',
  },
  'whatsapp.status.connecting': { id: '🔄 WhatsApp ({account}) sedang menyambung…', en: '🔄 WhatsApp ({account}) is connecting…' },
  'whatsapp.status.disconnected': {
    id: '⚠️ WhatsApp ({account}) terputus sejak {since}: {reason}.',
    en: '⚠️ WhatsApp ({account}) is disconnected since {since}: {reason}.',
  },
  'whatsapp.status.logged_out': {
    id: '⛔ WhatsApp keluar (logout) dari perangkat ini. Tautkan lagi dengan /whatsapp link.',
    en: '⛔ WhatsApp logged this device out. Link it again with /whatsapp link.',
  },
  'whatsapp.status.not_linked': {
    id: '📵 Belum ada nomor WhatsApp yang ditautkan. Tautkan dengan /whatsapp link (kode QR) atau /whatsapp link +62… (kode penautan).',
    en: '📵 No WhatsApp number is linked. Link one with /whatsapp link (QR code) or /whatsapp link +62… (pairing code).',
  },
  'whatsapp.status.logged_out_account': {
    id: '⛔ WhatsApp keluar (logout) dari nomor {name}. Tautkan lagi dengan /whatsapp link {name} (di terminal: whatsapp link --account {name}).',
    en: '⛔ WhatsApp logged number {name} out. Link it again with /whatsapp link {name} (in the terminal: whatsapp link --account {name}).',
  },
  'whatsapp.status.not_linked_account': {
    id: '📵 Nomor {name} belum ditautkan ke WhatsApp. Tautkan dengan /whatsapp link {name} (di terminal: whatsapp link --account {name}, tambahkan --phone +62… untuk kode penautan).',
    en: '📵 Number {name} is not linked to WhatsApp yet. Link it with /whatsapp link {name} (in the terminal: whatsapp link --account {name}, add --phone +62… for a pairing code).',
  },
  'whatsapp.status.dry_run_account': {
    id: '🧪 Nomor {name} adalah nomor uji coba: pesannya ditulis ke outbox, tidak dikirim ke WhatsApp. Untuk mengirim sungguhan, tambahkan nomor dengan whatsapp accounts add NAMA --driver baileys (atau cloud).',
    en: '🧪 Number {name} is a dry-run number: its messages are written to the outbox, not sent to WhatsApp. To send for real, add a number with whatsapp accounts add NAME --driver baileys (or cloud).',
  },
  'whatsapp.status.held_elsewhere': {
    id: 'Akun ini dipegang oleh proses lain (worker); status di atas dari proses itu.',
    en: 'Another process (the worker) owns this account; the status above is from that process.',
  },
  'whatsapp.status.dry_run': {
    id: '🧪 Mode uji coba (dry-run): pesan ditulis ke outbox, tidak dikirim ke WhatsApp. Setel WHATSAPP_DRIVER=baileys untuk mengirim sungguhan.',
    en: '🧪 Dry-run mode: messages are written to the outbox, not sent to WhatsApp. Set WHATSAPP_DRIVER=baileys to send for real.',
  },
  'whatsapp.status.unknown_account': { id: 'nomor belum diketahui', en: 'number not known yet' },
  'whatsapp.quota': {
    id: 'Kuota chat baru WhatsApp: {used}/{total} terpakai, sisa {remaining}.',
    en: "WhatsApp's new-chat quota: {used}/{total} used, {remaining} left.",
  },
  'whatsapp.quota.capped': {
    id: '⛔ Kuota chat baru WhatsApp habis; pesan ke nomor yang belum pernah chat akan ditolak.',
    en: "⛔ WhatsApp's new-chat quota is used up; messages to numbers you never chatted with will be refused.",
  },

  'reason.connection_lost': { id: 'koneksi terputus, menyambung ulang', en: 'connection lost, reconnecting' },
  'reason.connection_replaced': {
    id: 'sesi dibuka di tempat lain (WhatsApp Web lain); tidak menyambung ulang sampai ditautkan lagi',
    en: 'the session was opened elsewhere (another WhatsApp Web); not reconnecting until linked again',
  },
  'reason.forbidden': { id: 'WhatsApp menolak akun ini (mungkin diblokir)', en: 'WhatsApp refused this account (it may be banned)' },
  'reason.multidevice_mismatch': { id: 'perangkat tertaut tidak cocok; tautkan lagi', en: 'linked-device mismatch; link again' },
  'reason.locked_by_other_process': { id: 'dipegang oleh proses lain', en: 'held by another process' },
  'reason.observer_only': {
    id: 'proses ini tidak mengirim; pengiriman ada di proses worker',
    en: 'this process does not send; sending happens in the worker process',
  },
  'reason.redis_unavailable': { id: 'Redis tidak bisa dihubungi', en: 'Redis cannot be reached' },
  'reason.lock_lost': { id: 'proses lain mengambil alih akun', en: 'another process took over the account' },
  'reason.session_unreadable': {
    id: 'sesi tersimpan tidak bisa dibaca (WHATSAPP_AUTH_KEY berbeda?)',
    en: 'the stored session cannot be read (a different WHATSAPP_AUTH_KEY?)',
  },
  'reason.socket_error': { id: 'gagal membuka koneksi', en: 'could not open the connection' },
  'reason.starting': { id: 'sedang dimulai', en: 'starting' },
  'reason.logged_out': { id: 'WhatsApp mengeluarkan perangkat ini', en: 'WhatsApp logged this device out' },
  'reason.logout': { id: 'dilepas oleh admin', en: 'unlinked by an admin' },

  'whatsapp.link.qr': {
    id: 'Pindai kode QR ini di WhatsApp: Setelan › Perangkat tertaut › Tautkan perangkat. Kode berganti tiap ±20 detik; gambar ini diganti otomatis.',
    en: 'Scan this QR code in WhatsApp: Settings › Linked devices › Link a device. The code changes every ~20 s; this image is replaced automatically.',
  },
  'whatsapp.link.pairing': {
    id: 'Di WhatsApp: Setelan › Perangkat tertaut › Tautkan perangkat › Tautkan dengan nomor telepon, lalu masukkan kode {code}.',
    en: 'In WhatsApp: Settings › Linked devices › Link a device › Link with phone number instead, then enter the code {code}.',
  },
  'whatsapp.link.done': { id: '✅ WhatsApp tertaut sebagai {account}.', en: '✅ WhatsApp is linked as {account}.' },
  'whatsapp.link.restart': {
    id: 'Mulai ulang layanan (atau worker) agar kampanye dikirim lewat akun ini.',
    en: 'Restart the service (or the worker) so campaigns are sent through this account.',
  },
  'whatsapp.logout.done': {
    id: 'WhatsApp dilepas dari perangkat ini dan sesinya dihapus.',
    en: 'WhatsApp was unlinked from this device and its session deleted.',
  },

  'whatsapp.error.dry_run_account': {
    id: 'Nomor {name} adalah nomor uji coba (dry-run): pesannya ditulis ke outbox, jadi tidak ada yang perlu ditautkan. Untuk mengirim sungguhan, tambahkan nomor dengan whatsapp accounts add NAMA --driver baileys lalu tautkan nomor itu.',
    en: 'Number {name} is a dry-run number: its messages are written to the outbox, so there is nothing to link. To send for real, add a number with whatsapp accounts add NAME --driver baileys and link that one.',
  },
  'whatsapp.error.dry_run': {
    id: 'Pengirim WhatsApp dalam mode uji coba (WHATSAPP_DRIVER=dry-run); tidak ada yang perlu ditautkan.',
    en: 'The WhatsApp sender is in dry-run mode (WHATSAPP_DRIVER=dry-run); there is nothing to link.',
  },
  'whatsapp.error.held_elsewhere': {
    id: 'Akun WhatsApp sedang dipegang proses lain (worker). Jalankan perintah ini dari bot atau hentikan proses itu dulu.',
    en: 'Another process (the worker) owns the WhatsApp account. Run this from the bot, or stop that process first.',
  },
  'whatsapp.error.link_in_progress': { id: 'Penautan WhatsApp sedang berlangsung.', en: 'A WhatsApp link is already in progress.' },
  'whatsapp.error.link_timeout': {
    id: 'Penautan WhatsApp tidak selesai tepat waktu. Coba lagi dengan /whatsapp link.',
    en: 'The WhatsApp link did not complete in time. Try again with /whatsapp link.',
  },
  'whatsapp.error.session_unreadable': {
    id: 'Sesi WhatsApp tersimpan tidak bisa dibaca (WHATSAPP_AUTH_KEY berbeda?). Pulihkan kuncinya, atau /whatsapp logout lalu tautkan lagi.',
    en: 'The stored WhatsApp session cannot be read (a different WHATSAPP_AUTH_KEY?). Restore the key, or /whatsapp logout and link again.',
  },
  'whatsapp.error.bad_phone': {
    id: 'Nomor {phone} tidak valid. Tulis dengan kode negara, misalnya +6281234567890.',
    en: 'The number {phone} is not valid. Write it with the country code, e.g. +6281234567890.',
  },
  'whatsapp.error.closed': { id: 'Pengirim WhatsApp sedang berhenti.', en: 'The WhatsApp sender is shutting down.' },

  'whatsapp.optout.confirmed': {
    id: 'Anda tidak akan menerima pesan broadcast dari kami lagi. Terima kasih.',
    en: 'You will not receive broadcast messages from us anymore. Thank you.',
  },

  'alert.whatsapp_logged_out': {
    id: '⛔ WhatsApp keluar (logout) dari perangkat ini; kampanye yang berjalan dijeda. Tautkan lagi dengan /whatsapp link.',
    en: '⛔ WhatsApp logged this device out; running campaigns are paused. Link it again with /whatsapp link.',
  },
  'alert.whatsapp_replaced': {
    id: '⚠️ Sesi WhatsApp dibuka di tempat lain, jadi koneksi ini berhenti (tanpa menyambung ulang). Tutup sesi lain itu, lalu /whatsapp link.',
    en: '⚠️ The WhatsApp session was opened elsewhere, so this connection stopped (no reconnect). Close the other session, then /whatsapp link.',
  },
  'alert.whatsapp_disconnected': {
    id: '⚠️ WhatsApp berhenti: {reason}. Kampanye dijeda sampai tersambung lagi.',
    en: '⚠️ WhatsApp stopped: {reason}. Campaigns are paused until it is connected again.',
  },
  'alert.whatsapp_connected': { id: '✅ WhatsApp tersambung lagi.', en: '✅ WhatsApp is connected again.' },
} satisfies Catalogue;

registerCatalogue(whatsapp);
