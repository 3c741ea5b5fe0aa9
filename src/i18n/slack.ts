import type { Catalogue } from './index.js';

/** Words of the Slack app: the /broadcast modal, buttons, replies. Registered by src/bots/slack/i18n.ts. */
export const slack = {
  // Modal titles and buttons are at most 24 characters (Slack's limit).
  'slack.modal.title': { id: 'Broadcast WhatsApp', en: 'WhatsApp Broadcast' },
  'slack.modal.next': { id: 'Pratinjau', en: 'Preview' },
  'slack.modal.cancel': { id: 'Batal', en: 'Cancel' },
  'slack.modal.close': { id: 'Tutup', en: 'Close' },
  'slack.modal.send': { id: 'Kirim', en: 'Send' },
  'slack.modal.back': { id: 'Kembali', en: 'Back' },
  'slack.modal.previewTitle': { id: 'Pratinjau broadcast', en: 'Broadcast preview' },

  'slack.field.title': { id: 'Judul campaign', en: 'Campaign title' },
  'slack.field.titlePlaceholder': { id: 'mis. Promo Ramadan', en: 'e.g. Ramadan promo' },
  'slack.field.audience': { id: 'Penerima', en: 'Recipients' },
  'slack.audience.all': { id: 'Semua pelanggan ({count})', en: 'All customers ({count})' },
  'slack.audience.tags': { id: 'Pelanggan dengan tag tertentu', en: 'Customers with certain tags' },
  'slack.audience.phones': { id: 'Nomor yang saya tempel', en: 'Numbers I paste' },
  'slack.field.tags': { id: 'Tag', en: 'Tags' },
  'slack.field.tagsHint': {
    id: 'Dipakai bila penerima = tag. Angka = pelanggan aktif dengan tag itu.',
    en: 'Used when recipients = tags. The number counts opted-in customers with that tag.',
  },
  'slack.tag.option': { id: '{tag} ({count})', en: '{tag} ({count})' },
  'slack.field.phones': { id: 'Nomor telepon', en: 'Phone numbers' },
  'slack.field.phonesHint': {
    id: 'Dipakai bila penerima = nomor. Satu nomor per baris (atau pisahkan dengan koma); nomor tanpa + dibaca sebagai nomor {country}.',
    en: 'Used when recipients = numbers. One number per line (or comma-separated); numbers without + are read as {country} numbers.',
  },
  'slack.field.message': { id: 'Pesan', en: 'Message' },
  'slack.field.messageHint': {
    id: 'Variabel: {{name}}, {{phone}} dan kolom pelanggan lain; beri cadangan dengan {{name|Pelanggan}}.',
    en: 'Variables: {{name}}, {{phone}} and other customer columns; give a fallback with {{name|Customer}}.',
  },

  'slack.error.titleRequired': { id: 'Judul tidak boleh kosong.', en: 'The title is empty.' },
  'slack.error.tagsRequired': { id: 'Pilih minimal satu tag.', en: 'Choose at least one tag.' },
  'slack.error.noTags': {
    id: 'Belum ada tag. Impor pelanggan dengan kolom tags dulu, atau pilih penerima lain.',
    en: 'There are no tags yet. Import customers with a tags column first, or choose other recipients.',
  },
  'slack.error.phonesRequired': { id: 'Tempel minimal satu nomor.', en: 'Paste at least one number.' },
  'slack.error.invalidLine': { id: 'Baris {line}: "{value}" — {reason}', en: 'Line {line}: "{value}" — {reason}' },
  'slack.error.moreInvalid': { id: '…dan {count} nomor tidak valid lainnya', en: '…and {count} more invalid numbers' },
  'slack.error.generic': {
    id: 'Terjadi kesalahan. Coba lagi; bila terulang, admin bisa melihat rinciannya di log.',
    en: 'Something went wrong. Try again; if it keeps happening, an admin can find the details in the log.',
  },

  // {counts} is the one sum of src/campaigns/preview-counts.ts: "60 dipilih − 2 berhenti langganan = 58 penerima".
  'slack.preview.recipients': { id: '*Dikirim ke:* {counts}', en: '*Sending to:* {counts}' },
  'slack.preview.duration': {
    id: '*Perkiraan durasi:* ±{duration} ({rate} pesan/menit)',
    en: '*Estimated duration:* about {duration} ({rate} msgs/min)',
  },
  'slack.preview.unpaced': { id: '*Perkiraan durasi:* ±{duration} (tanpa jeda)', en: '*Estimated duration:* about {duration} (unpaced)' },
  'slack.preview.dailyCap': {
    id: '⚠️ Melebihi batas harian: {sentToday} pesan sudah terkirim hari ini, batasnya {dailyCap}. Campaign akan dijeda saat batas tercapai; lanjutkan besok.',
    en: '⚠️ Over the daily cap: {sentToday} messages went out today, the cap is {dailyCap}. The campaign pauses at the cap; resume it tomorrow.',
  },
  'slack.preview.tierCap': {
    id: '⚠️ Melebihi batas 24 jam dari Meta: {sentToday} pelanggan unik sudah menerima pesan dalam 24 jam terakhir, batasnya {dailyCap}. Campaign akan dijeda saat batas tercapai dan berlanjut otomatis begitu batasnya longgar lagi.',
    en: "⚠️ Over Meta's 24-hour limit: {sentToday} unique customers got a message in the last 24 hours, the limit is {dailyCap}. The campaign pauses at the limit and continues automatically as soon as it frees up.",
  },
  'slack.preview.sample': { id: '*Pesan untuk {recipient}:*', en: '*Message for {recipient}:*' },
  'slack.preview.expired': {
    id: 'Draf ini sudah kedaluwarsa atau sudah dikirim. Jalankan /broadcast lagi.',
    en: 'This draft has expired or was already sent. Run /broadcast again.',
  },
  'slack.preview.loading': { id: '⏳ Menyiapkan pratinjau…', en: '⏳ Preparing the preview…' },

  'slack.button.pause': { id: '⏸ Jeda', en: '⏸ Pause' },
  'slack.button.resume': { id: '▶ Lanjutkan', en: '▶ Resume' },
  'slack.button.cancel': { id: '✖ Batalkan', en: '✖ Cancel' },
  'slack.button.details': { id: '🔎 Rincian', en: '🔎 Details' },
  'slack.button.retry': { id: '🔁 Kirim ulang yang gagal', en: '🔁 Retry failed' },
  'slack.confirm.cancelTitle': { id: 'Batalkan campaign?', en: 'Cancel the campaign?' },
  'slack.confirm.cancelText': {
    id: "Pesan '{title}' yang belum terkirim tidak akan dikirim.",
    en: "Messages of '{title}' that have not gone out yet will not be sent.",
  },
  'slack.confirm.yes': { id: 'Ya, batalkan', en: 'Yes, cancel' },
  'slack.confirm.no': { id: 'Tidak', en: 'No' },
  'slack.context.id': { id: 'ID campaign: `{id}`', en: 'Campaign ID: `{id}`' },
  'slack.dm.notice': {
    id: 'Saya belum ada di channel tadi, jadi progresnya saya kirim di sini. Undang saya ke channel itu dengan /invite.',
    en: "I'm not in that channel, so the progress is here. Invite me there with /invite.",
  },

  'slack.refused': {
    id: 'Maaf, Anda tidak diizinkan menjalankan broadcast WhatsApp. Minta admin menambahkan ID Slack Anda ke SLACK_ALLOWED_USERS.',
    en: 'Sorry, you are not allowed to run WhatsApp broadcasts. Ask an admin to add your Slack ID to SLACK_ALLOWED_USERS.',
  },
  'slack.created.error': { id: 'Campaign tidak dibuat: {reason}', en: 'The campaign was not created: {reason}' },
  'slack.created.noProgress': {
    id: "Campaign '{title}' sedang dikirim, tetapi pesan progresnya gagal dipasang. Pantau dengan `/broadcast status {id}`.",
    en: "Campaign '{title}' is sending, but its progress message could not be posted. Follow it with `/broadcast status {id}`.",
  },
  'slack.done.pause': { id: "⏸ Campaign '{title}' dijeda.", en: "⏸ Campaign '{title}' is paused." },
  'slack.done.resume': { id: "▶ Campaign '{title}' dilanjutkan.", en: "▶ Campaign '{title}' is resuming." },
  'slack.done.cancel': { id: "✖ Campaign '{title}' dibatalkan.", en: "✖ Campaign '{title}' is cancelled." },
  'slack.done.retry': {
    id: "🔁 Campaign baru '{title}' mengirim ulang ke {total} penerima (ID `{id}`).",
    en: "🔁 New campaign '{title}' resends to {total} recipients (ID `{id}`).",
  },

  'slack.help': {
    id: [
      '*Broadcast WhatsApp dari Slack*',
      '`/broadcast` — buat broadcast baru (judul, penerima, pesan, pratinjau, kirim)',
      '`/broadcast list` — 10 campaign terakhir',
      '`/broadcast status ID` — progres satu campaign',
      '`/broadcast pause ID` · `resume ID` · `cancel ID` — kendalikan campaign',
      '`/broadcast retry ID` — kirim ulang ke penerima yang gagal',
      '`/broadcast help` — bantuan ini',
    ].join('\n'),
    en: [
      '*WhatsApp broadcasts from Slack*',
      '`/broadcast` — new broadcast (title, recipients, message, preview, send)',
      '`/broadcast list` — the last 10 campaigns',
      '`/broadcast status ID` — the progress of one campaign',
      '`/broadcast pause ID` · `resume ID` · `cancel ID` — control a campaign',
      '`/broadcast retry ID` — send again to the recipients that failed',
      '`/broadcast help` — this help',
    ].join('\n'),
  },
  'slack.help.schedules': {
    id: '`/broadcast schedules` · `schedules pause|resume|delete ID` — jadwal broadcast',
    en: '`/broadcast schedules` · `schedules pause|resume|delete ID` — scheduled broadcasts',
  },
  'slack.unmatched.button': {
    id: 'Tombol ini sudah tidak berlaku. Gunakan pesan terbaru, atau mulai lagi dengan /broadcast.',
    en: 'This button is no longer valid. Use the latest message, or start again with /broadcast.',
  },
  'slack.unmatched.command': {
    id: 'Perintah {command} tidak tersedia di aplikasi ini. Coba /broadcast help.',
    en: 'The command {command} is not available in this app. Try /broadcast help.',
  },
  'slack.unmatched.view': {
    id: 'Formulir ini sudah tidak berlaku. Tutup, lalu mulai lagi dengan /broadcast.',
    en: 'This form is no longer valid. Close it and start again with /broadcast.',
  },
  'slack.usage.needId': {
    id: 'Tulis ID campaign, misalnya `/broadcast {action} ID`. Lihat ID-nya dengan `/broadcast list`.',
    en: 'Give the campaign ID, e.g. `/broadcast {action} ID`. Find IDs with `/broadcast list`.',
  },
  'slack.unknownCommand': { id: 'Perintah tidak dikenal: `{text}`', en: 'Unknown command: `{text}`' },
  'slack.list.empty': { id: 'Belum ada campaign.', en: 'No campaigns yet.' },
  'slack.list.header': { id: '*Campaign terakhir*', en: '*Recent campaigns*' },
  'slack.list.item': {
    id: '• *{title}* — {status} — {done}/{total} ({percent}%) — `{id}`',
    en: '• *{title}* — {status} — {done}/{total} ({percent}%) — `{id}`',
  },

  'slack.details.title': { id: 'Rincian campaign', en: 'Campaign details' },
  'slack.details.failures': { id: '*Kegagalan (maks. 20):*', en: '*Failures (up to 20):*' },
  'slack.details.noFailures': { id: 'Tidak ada kegagalan.', en: 'No failures.' },
  'slack.details.failure': { id: '• {phone} — {reason}', en: '• {phone} — {reason}' },
  'slack.details.csv': {
    id: '📎 Status setiap penerima (CSV) diunggah ke utas pesan ini.',
    en: "📎 Every recipient's status (CSV) is uploaded to the message's thread.",
  },
  'slack.details.csvTitle': { id: 'Status penerima — {title}', en: 'Recipient statuses — {title}' },
  'slack.details.csvComment': {
    id: "Status setiap penerima campaign '{title}'.",
    en: "Every recipient's status of campaign '{title}'.",
  },

  'slack.whatsapp.linking': {
    id: 'Saya kirim kode penautan WhatsApp lewat DM. Buka WhatsApp di ponsel yang akan mengirim broadcast.',
    en: "I'm sending the WhatsApp link code to you in a DM. Open WhatsApp on the phone that will send the broadcasts.",
  },
  'slack.whatsapp.help': {
    id: '`/whatsapp` — status · `/whatsapp link` — tautkan dengan kode QR · `/whatsapp link +62…` — tautkan dengan kode · `/whatsapp logout` — lepaskan',
    en: '`/whatsapp` — status · `/whatsapp link` — link with a QR code · `/whatsapp link +62…` — link with a code · `/whatsapp logout` — unlink',
  },

  'slack.schedule.button': { id: '🗓 Jadwalkan…', en: '🗓 Schedule…' },
  'slack.schedule.title': { id: 'Jadwalkan broadcast', en: 'Schedule broadcast' },
  'slack.schedule.save': { id: 'Simpan jadwal', en: 'Save schedule' },
  'slack.schedule.kind': { id: 'Kapan', en: 'When' },
  'slack.schedule.once': { id: 'Sekali, pada tanggal dan jam', en: 'Once, at a date and time' },
  'slack.schedule.cron': { id: 'Berulang (preset atau cron)', en: 'Repeating (preset or cron)' },
  'slack.schedule.date': { id: 'Tanggal (untuk sekali kirim)', en: 'Date (for once)' },
  'slack.schedule.time': { id: 'Jam (untuk sekali kirim)', en: 'Time (for once)' },
  'slack.schedule.cronField': { id: 'Pengulangan', en: 'Repeat' },
  'slack.schedule.cronHint': {
    id: 'Misalnya "setiap hari 09:00", "setiap Senin 09:00", atau cron "0 9 * * 1".',
    en: 'For example "every day 09:00", "every Monday 09:00", or the cron "0 9 * * 1".',
  },
  'slack.schedule.timezone': { id: 'Zona waktu', en: 'Time zone' },
  'slack.schedule.name': { id: 'Nama jadwal', en: 'Schedule name' },
  'slack.schedule.nameHint': { id: 'Kosongkan untuk memakai judul campaign.', en: 'Leave empty to use the campaign title.' },
  'slack.schedule.whenRequired': { id: 'Pilih tanggal dan jam.', en: 'Choose a date and a time.' },
  'slack.schedule.cronRequired': { id: 'Tulis preset atau ekspresi cron.', en: 'Write a preset or a cron expression.' },
  'slack.schedule.listHeader': { id: '*Jadwal broadcast*', en: '*Scheduled broadcasts*' },
  'slack.schedule.needId': {
    id: 'Tulis ID jadwal, misalnya `/broadcast schedules {action} ID`.',
    en: 'Give the schedule ID, e.g. `/broadcast schedules {action} ID`.',
  },

  'slack.alert.generic': { id: '⚠️ {kind}: {reason}', en: '⚠️ {kind}: {reason}' },
} satisfies Catalogue;
