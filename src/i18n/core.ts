import type { Catalogue } from './index.js';

/** Messages of the engine itself: progress, summaries, alerts, errors shared by every surface. */
export const core = {
  'status.pending': { id: 'menunggu', en: 'pending' },
  'status.processing': { id: 'sedang dikirim', en: 'sending' },
  'status.paused': { id: 'dijeda', en: 'paused' },
  'status.completed': { id: 'selesai', en: 'completed' },
  'status.failed': { id: 'gagal', en: 'failed' },
  'status.cancelled': { id: 'dibatalkan', en: 'cancelled' },

  'progress.started': {
    id: "📢 Broadcast Sedang Diproses — Campaign '{title}' sedang dikirim ke {total} penerima.",
    en: "📢 Broadcast In Progress — Campaign '{title}' is being sent to {total} recipients.",
  },
  'progress.line': {
    id: '⏳ Sedang mengirim pesan... Progress: {percent}% ({sent} + {failed} / {total})',
    en: '⏳ Sending messages... Progress: {percent}% ({sent} + {failed} / {total})',
  },
  'progress.counts': {
    id: '✅ Berhasil: {sent}  ❌ Gagal: {failed}  ⏭ Dilewati: {skipped}',
    en: '✅ Sent: {sent}  ❌ Failed: {failed}  ⏭ Skipped: {skipped}',
  },
  'progress.unknown': { id: '❔ Tidak pasti: {unknown}', en: '❔ Unknown: {unknown}' },
  'progress.rate': { id: '🚀 {rate} pesan/menit · sisa waktu ±{eta}', en: '🚀 {rate} msgs/min · about {eta} left' },
  'progress.rateNoEta': { id: '🚀 {rate} pesan/menit', en: '🚀 {rate} msgs/min' },
  'progress.status': { id: 'Status: {status}', en: 'Status: {status}' },
  'progress.reason': { id: 'Alasan: {reason}', en: 'Reason: {reason}' },
  'progress.receipts': { id: '📬 Diterima: {delivered} · 👀 Dibaca: {read}', en: '📬 Delivered: {delivered} · 👀 Read: {read}' },

  'summary.title': { id: '📢 Broadcast WhatsApp Selesai', en: '📢 WhatsApp Broadcast Finished' },
  'summary.body': {
    id: "Campaign '{title}' selesai dikirim. Berhasil: {sent}, Gagal: {failed}",
    en: "Campaign '{title}' has been sent. Sent: {sent}, Failed: {failed}",
  },
  'summary.bodyCancelled': {
    id: "Campaign '{title}' dibatalkan. Berhasil: {sent}, Gagal: {failed}, Tidak dikirim: {left}",
    en: "Campaign '{title}' was cancelled. Sent: {sent}, Failed: {failed}, Not sent: {left}",
  },
  'summary.bodyFailed': {
    id: "Campaign '{title}' gagal. Berhasil: {sent}, Gagal: {failed}",
    en: "Campaign '{title}' failed. Sent: {sent}, Failed: {failed}",
  },
  'summary.extra': {
    id: 'Dilewati: {skipped} · Tidak pasti: {unknown} · Tingkat keberhasilan: {successRate}% · Durasi: {duration}',
    en: 'Skipped: {skipped} · Unknown: {unknown} · Success rate: {successRate}% · Duration: {duration}',
  },
  'summary.retryOf': { id: "Ini pengiriman ulang dari campaign '{title}'.", en: "This is a retry of campaign '{title}'." },
  'summary.schedule': { id: "Dari jadwal '{name}'.", en: "From schedule '{name}'." },

  'reason.daily_cap': { id: 'batas harian tercapai', en: 'the daily cap was reached' },
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
  'reason.user': { id: 'dijeda oleh admin', en: 'paused by an admin' },
  'reason.new_chat_cap': { id: 'kuota chat baru WhatsApp habis', en: "WhatsApp's new-chat quota is used up" },

  'alert.campaign_paused': {
    id: "⏸ Campaign '{title}' dijeda otomatis: {reason}. Lanjutkan dengan /resume {id}.",
    en: "⏸ Campaign '{title}' paused itself: {reason}. Continue with /resume {id}.",
  },
  'alert.campaign_failed': { id: "❌ Campaign '{title}' gagal: {reason}.", en: "❌ Campaign '{title}' failed: {reason}." },

  'error.not_found': { id: 'Campaign {id} tidak ditemukan.', en: 'Campaign {id} was not found.' },
  'error.queue_unavailable': {
    id: 'Antrean sedang tidak tersedia, coba lagi sebentar lagi. Kampanye yang sudah tersimpan akan mulai dengan sendirinya.',
    en: 'The queue is unavailable, try again shortly. A campaign already stored starts by itself once it is back.',
  },
  'error.bad_state': {
    id: 'Campaign {id} sedang {status}; tidak bisa {action}.',
    en: 'Campaign {id} is {status}; cannot {action} it.',
  },
  'error.no_recipients': {
    id: 'Tidak ada penerima: semua nomor kosong, tidak valid, atau sudah berhenti berlangganan.',
    en: 'No recipients: every number is empty, invalid or opted out.',
  },
  'error.empty_message': { id: 'Pesan kosong.', en: 'The message is empty.' },
  'error.unknown_variable': {
    id: 'Variabel {{{name}}} tidak dimiliki penerima mana pun. Beri cadangan, misalnya {{{name}|teks}}.',
    en: 'No recipient has a value for {{{name}}}. Give it a fallback, e.g. {{{name}|text}}.',
  },
  'error.bad_template': { id: 'Template tidak valid: {detail}', en: 'Invalid template: {detail}' },
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
