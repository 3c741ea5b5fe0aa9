import type { Catalogue } from './index.js';

/** Messages of the engine itself: progress, summaries, alerts, errors shared by every surface. */
export const core = {
  'status.pending': { id: 'menunggu', en: 'pending' },
  'status.processing': { id: 'sedang dikirim', en: 'sending' },
  'status.paused': { id: 'dijeda', en: 'paused' },
  'status.completed': { id: 'selesai', en: 'completed' },
  'status.failed': { id: 'gagal', en: 'failed' },
  'status.cancelled': { id: 'dibatalkan', en: 'cancelled' },

  'progress.counts': {
    id: '✅ Berhasil: {sent}  ❌ Gagal: {failed}  ⏭ Dilewati: {skipped}',
    en: '✅ Sent: {sent}  ❌ Failed: {failed}  ⏭ Skipped: {skipped}',
  },
  'progress.unknown': { id: '❔ Tidak pasti: {unknown}', en: '❔ Unknown: {unknown}' },
  'progress.status': { id: 'Status: {status}', en: 'Status: {status}' },
  'progress.reason': { id: 'Alasan: {reason}', en: 'Reason: {reason}' },
  'progress.replied': { id: '💬 Dibalas: {replied} pelanggan', en: '💬 Replied: {replied} customers' },
  'progress.receipts': { id: '📬 Diterima: {delivered} · 👀 Dibaca: {read}', en: '📬 Delivered: {delivered} · 👀 Read: {read}' },

  'summary.extra': {
    id: 'Dilewati: {skipped} · Tidak pasti: {unknown} · Tingkat keberhasilan: {successRate} · Durasi: {duration}',
    en: 'Skipped: {skipped} · Unknown: {unknown} · Success rate: {successRate} · Duration: {duration}',
  },
  'summary.retryOf': { id: "Ini pengiriman ulang dari campaign '{title}'.", en: "This is a retry of campaign '{title}'." },
  'summary.schedule': { id: "Dari jadwal '{name}'.", en: "From schedule '{name}'." },

  'reason.daily_cap': { id: 'batas harian tercapai', en: 'the daily cap was reached' },
  'reason.tier_cap': {
    id: 'batas pelanggan unik per 24 jam dari Meta untuk nomor ini tercapai',
    en: "this number's limit of unique customers per 24 hours (Meta's messaging limit) was reached",
  },
  'reason.consecutive_failures': { id: 'terlalu banyak kegagalan berturut-turut', en: 'too many failures in a row' },
  'reason.whatsapp_disconnected': { id: 'WhatsApp terputus', en: 'WhatsApp is disconnected' },
  'reason.whatsapp_logged_out': { id: 'WhatsApp keluar (logout); tautkan ulang', en: 'WhatsApp logged out; link it again' },
  'reason.whatsapp_replaced': { id: 'sesi WhatsApp dibuka di tempat lain', en: 'the WhatsApp session was opened elsewhere' },
  'reason.rate_limited': { id: 'WhatsApp membatasi pengiriman (rate limit)', en: 'WhatsApp rate-limited the number' },
  'reason.restricted': { id: 'nomor WhatsApp dibatasi', en: 'the WhatsApp number is restricted' },
  'reason.store_unavailable': {
    id: 'basis data tidak bisa ditulis (disk penuh atau terkunci); lanjutkan setelah diperbaiki',
    en: 'the database cannot be written (disk full or locked); resume once it is fixed',
  },
  'reason.preparing': { id: 'sedang menyiapkan penerima', en: 'storing the recipients' },
  'reason.creation_interrupted': {
    id: 'pembuatan campaign terputus (proses berhenti saat menyimpan penerima); tidak ada yang terkirim, buat ulang',
    en: 'creation was interrupted (the process stopped while storing recipients); nothing was sent, create it again',
  },
  'reason.user': { id: 'oleh admin', en: 'by an admin' },
  'reason.new_chat_cap': { id: 'kuota chat baru WhatsApp habis', en: "WhatsApp's new-chat quota is used up" },
  // Why one recipient was not sent to (the Details lists); a code without text here shows the sender's own words.
  'reason.not_on_whatsapp': { id: 'nomor tidak terdaftar di WhatsApp', en: 'the number is not on WhatsApp' },
  'reason.invalid_number': { id: 'nomor tidak valid', en: 'the number is not valid' },
  'reason.invalid_jid': { id: 'WhatsApp menolak alamat ini', en: 'WhatsApp refused the address' },
  'reason.timeout': { id: 'WhatsApp tidak menjawab tepat waktu', en: 'WhatsApp did not answer in time' },
  'reason.not_connected': { id: 'WhatsApp belum tersambung', en: 'WhatsApp is not connected' },
  'reason.media_missing': { id: 'file media campaign sudah tidak ada', en: "the campaign's media file is gone" },
  'reason.no_message_id': { id: 'WhatsApp tidak memberi ID pesan; status tidak pasti', en: 'WhatsApp gave no message id; the outcome is unknown' },
  'reason.number_check_failed': { id: 'pengecekan nomor di WhatsApp gagal', en: 'checking the number on WhatsApp failed' },
  'reason.send_error': { id: 'WhatsApp menolak pengiriman', en: 'WhatsApp refused the send' },
  'reason.blocked': { id: 'penerima memblokir nomor ini', en: 'the recipient blocked the number' },
  'reason.not_sent': { id: 'belum terkirim saat pengiriman berhenti', en: 'not sent before sending stopped' },
  'reason.dry_run_transient': { id: 'kegagalan sementara (simulasi uji coba)', en: 'a temporary failure (dry-run rehearsal)' },

  // Why a number or an imported row was refused (src/campaigns/phone.ts `rejectionText`).
  'rejection.empty': { id: 'kosong', en: 'empty' },
  'rejection.letters': { id: 'berisi huruf', en: 'contains letters' },
  'rejection.invalid': { id: 'bukan nomor yang valid', en: 'not a valid number' },
  'rejection.landline': { id: 'nomor telepon rumah tidak bisa punya WhatsApp', en: 'a landline cannot have WhatsApp' },
  'rejection.unknown_country': { id: 'kode negara tidak dikenal', en: 'unknown country code' },
  'rejection.not_a_number': { id: 'bukan nomor telepon', en: 'not a phone number' },
  'rejection.too_short': { id: 'terlalu pendek', en: 'too short' },
  'rejection.too_long': { id: 'terlalu panjang', en: 'too long' },
  'rejection.wrong_length': { id: 'panjangnya salah', en: 'wrong length' },
  'rejection.no_phone': { id: 'tidak ada nomor telepon', en: 'no phone number' },
  'rejection.field_count': {
    id: 'berisi {fields} kolom padahal header punya {header} (nilai yang memuat koma perlu tanda kutip)',
    en: 'has {fields} fields but the header has {header} (a value with a comma needs quotes)',
  },

  'alert.campaign_failed': { id: "❌ Campaign '{title}' gagal: {reason}.", en: "❌ Campaign '{title}' failed: {reason}." },

  'error.not_found': { id: 'Campaign {id} tidak ditemukan.', en: 'Campaign {id} was not found.' },
  'error.queue_unavailable': {
    id: 'Antrean sedang tidak tersedia, coba lagi sebentar lagi. Kampanye yang sudah tersimpan akan mulai dengan sendirinya.',
    en: 'The queue is unavailable, try again shortly. A campaign already stored starts by itself once it is back.',
  },
  'error.bad_state': {
    id: 'Campaign {id} {status:state}; tidak bisa {action:verb}.',
    en: 'Campaign {id} {status:state}; it cannot be {action:verb}.',
  },
  // A status as the subject's predicate and an action as a passive verb, for error.bad_state.
  'state.pending': { id: 'masih menunggu', en: 'is still pending' },
  'state.processing': { id: 'sedang dikirim', en: 'is being sent' },
  'state.paused': { id: 'sedang dijeda', en: 'is paused' },
  'state.completed': { id: 'sudah selesai', en: 'has completed' },
  'state.failed': { id: 'sudah gagal', en: 'has failed' },
  'state.cancelled': { id: 'sudah dibatalkan', en: 'was cancelled' },
  'verb.pause': { id: 'dijeda', en: 'paused' },
  'verb.resume': { id: 'dilanjutkan', en: 'resumed' },
  'verb.cancel': { id: 'dibatalkan', en: 'cancelled' },
  'verb.retry': { id: 'dikirim ulang', en: 'retried' },
  'error.no_recipients': {
    id: 'Tidak ada penerima: semua nomor kosong, tidak valid, atau sudah berhenti berlangganan.',
    en: 'No recipients: every number is empty, invalid or opted out.',
  },
  'error.empty_message': { id: 'Pesan kosong.', en: 'The message is empty.' },
  'error.unknown_variable': {
    id: 'Variabel {{{name}}} tidak dimiliki penerima mana pun. Beri cadangan, misalnya {{{name}|teks}}.',
    en: 'No recipient has a value for {{{name}}}. Give it a fallback, e.g. {{{name}|text}}.',
  },
  'error.bad_template.name': {
    id: 'Template tidak valid: "{text}" bukan nama variabel. Tulis misalnya {{name}} atau {{name|Pelanggan}}.',
    en: 'Invalid template: "{text}" is not a variable name. Write e.g. {{name}} or {{name|Customer}}.',
  },
  'error.bad_template.braces': {
    id: 'Template tidak valid: ada {{ atau }} tanpa pasangan. Tulis variabel utuh, misalnya {{name|Pelanggan}}.',
    en: 'Invalid template: a {{ or }} has no partner. Write whole variables, e.g. {{name|Customer}}.',
  },
  'error.empty_title': { id: 'Judul kosong.', en: 'The title is empty.' },
  'error.title_too_long': { id: 'Judul terlalu panjang (maks. {max} karakter).', en: 'The title is too long (max {max} characters).' },
  'error.message_too_long': { id: 'Pesan terlalu panjang (maks. {max} karakter).', en: 'The message is too long (max {max} characters).' },
  'error.nothing_to_retry': { id: 'Campaign {id} tidak punya penerima yang gagal.', en: 'Campaign {id} has no failed recipients.' },
  'error.access_denied': {
    id: 'Maaf, Anda tidak punya akses admin untuk broadcast.',
    en: 'Sorry, you do not have admin access to broadcasts.',
  },
  'error.media_unreadable': { id: 'File media tidak bisa dibaca: {path}', en: 'Cannot read the media file: {path}' },
  'error.media_too_large': { id: 'File media terlalu besar (maks. {max}).', en: 'The media file is too large (max {max}).' },
} satisfies Catalogue;
