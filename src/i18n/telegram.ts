import { registerCatalogue, type Catalogue } from './index.js';

/** Messages of the Telegram bot: commands, the /broadcast wizard, buttons, refusals. */
export const telegram = {
  'tg.help': {
    id:
      '👋 Halo! Bot ini mengirim broadcast WhatsApp ke pelanggan Anda.\n\n' +
      '📢 /broadcast — buat campaign baru (judul → penerima → pesan → pratinjau → kirim)\n' +
      '📋 /campaigns — daftar campaign terbaru\n' +
      '🔎 /campaign ID — detail dan progres satu campaign\n' +
      '⏸ /pause ID · ▶ /resume ID · ✖ /cancel ID · 🔁 /retry ID (kirim ulang yang gagal)\n' +
      '👥 /customers — jumlah pelanggan per tag\n' +
      '📥 Kirim file CSV dengan keterangan /import untuk mengimpor pelanggan\n' +
      '🚫 /optout NOMOR — hentikan pesan untuk satu nomor\n' +
      '🗓 /schedules — jadwal broadcast (dibuat dari /broadcast › Jadwalkan…)\n' +
      '📱 /whatsapp — status nomor WhatsApp · /whatsapp link — tautkan nomor\n\n' +
      'Di tengah /broadcast, /cancel membatalkan kapan saja.',
    en:
      '👋 Hello! This bot sends WhatsApp broadcasts to your customers.\n\n' +
      '📢 /broadcast — create a campaign (title → recipients → message → preview → send)\n' +
      '📋 /campaigns — recent campaigns\n' +
      '🔎 /campaign ID — details and progress of one campaign\n' +
      '⏸ /pause ID · ▶ /resume ID · ✖ /cancel ID · 🔁 /retry ID (send the failed ones again)\n' +
      '👥 /customers — customers per tag\n' +
      '📥 Send a CSV file with the caption /import to import customers\n' +
      '🚫 /optout NUMBER — stop messages to one number\n' +
      '🗓 /schedules — scheduled broadcasts (made from /broadcast › Schedule…)\n' +
      '📱 /whatsapp — WhatsApp number status · /whatsapp link — link the number\n\n' +
      'During /broadcast, /cancel stops at any time.',
  },
  'tg.unknown': {
    id: 'Maaf, saya tidak mengerti. Ketik /help untuk melihat perintah.',
    en: "Sorry, I didn't understand that. Type /help to see the commands.",
  },
  'tg.access.refused': {
    id: '🙏 Maaf, bot ini hanya untuk admin. ID Telegram Anda {userId}; minta operator menambahkannya ke TELEGRAM_ADMIN_IDS bila Anda seharusnya punya akses.',
    en: '🙏 Sorry, this bot is for admins only. Your Telegram id is {userId}; ask the operator to add it to TELEGRAM_ADMIN_IDS if you should have access.',
  },
  'tg.error.unexpected': {
    id: '⚠️ Terjadi kesalahan dan sudah dicatat. Coba lagi sebentar lagi.',
    en: '⚠️ Something went wrong and it has been logged. Please try again in a moment.',
  },
  'tg.file.tooBig': {
    id: 'File lebih besar dari 20 MB (batas unduhan bot Telegram). Kirim file yang lebih kecil.',
    en: 'The file is larger than 20 MB (the Telegram bot download limit). Send a smaller file.',
  },
  'tg.file.unavailable': {
    id: 'File tidak bisa diunduh dari Telegram. Kirim lagi.',
    en: 'The file could not be downloaded from Telegram. Send it again.',
  },
  'tg.more': { id: '…dan {count} lagi', en: '…and {count} more' },
  'tg.whatsapp.linking': {
    id: '🔗 Menyiapkan penautan WhatsApp… kodenya segera muncul di sini.',
    en: '🔗 Preparing the WhatsApp link… the code will appear here shortly.',
  },

  // ------------------------------------------------------------ command menu
  'tg.cmd.broadcast': { id: 'Buat broadcast baru', en: 'Create a new broadcast' },
  'tg.cmd.campaigns': { id: 'Daftar campaign', en: 'List campaigns' },
  'tg.cmd.campaign': { id: 'Detail campaign: /campaign ID', en: 'Campaign details: /campaign ID' },
  'tg.cmd.pause': { id: 'Jeda campaign: /pause ID', en: 'Pause a campaign: /pause ID' },
  'tg.cmd.resume': { id: 'Lanjutkan campaign: /resume ID', en: 'Resume a campaign: /resume ID' },
  'tg.cmd.cancel': {
    id: 'Batalkan wizard, atau campaign: /cancel ID',
    en: 'Cancel the wizard, or a campaign: /cancel ID',
  },
  'tg.cmd.retry': { id: 'Kirim ulang yang gagal: /retry ID', en: 'Send failed ones again: /retry ID' },
  'tg.cmd.customers': { id: 'Jumlah pelanggan per tag', en: 'Customers per tag' },
  'tg.cmd.optout': { id: 'Hentikan pesan ke nomor: /optout NOMOR', en: 'Stop messages to a number: /optout NUMBER' },
  'tg.cmd.schedules': { id: 'Jadwal: daftar, jeda, lanjutkan, hapus', en: 'Schedules: list, pause, resume, delete' },
  'tg.cmd.whatsapp': { id: 'Status dan tautan WhatsApp', en: 'WhatsApp status and linking' },
  'tg.cmd.help': { id: 'Bantuan', en: 'Help' },

  // ------------------------------------------------------------ usage
  'tg.usage.campaign': {
    id: 'Tulis ID campaign: /campaign ID (lihat /campaigns).',
    en: 'Give the campaign id: /campaign ID (see /campaigns).',
  },
  'tg.usage.pause': { id: 'Tulis ID campaign: /pause ID', en: 'Give the campaign id: /pause ID' },
  'tg.usage.resume': { id: 'Tulis ID campaign: /resume ID', en: 'Give the campaign id: /resume ID' },
  'tg.usage.retry': { id: 'Tulis ID campaign: /retry ID', en: 'Give the campaign id: /retry ID' },
  'tg.usage.cancel': {
    id: 'Tidak ada wizard yang berjalan. Untuk membatalkan campaign: /cancel ID',
    en: 'No wizard is open. To cancel a campaign: /cancel ID',
  },
  'tg.usage.import': {
    id: 'Kirim file kontak sebagai dokumen dengan keterangan /import: CSV (kolom phone, name, tags, …), ekspor Google Kontak/Outlook, atau .vcf.',
    en: 'Send the contacts file as a document with the caption /import: a CSV (columns phone, name, tags, …), a Google Contacts/Outlook export, or a .vcf.',
  },
  'tg.usage.whatsapp': {
    id: '/whatsapp — status · /whatsapp link — kode QR · /whatsapp link +62… — kode penautan · /whatsapp logout',
    en: '/whatsapp — status · /whatsapp link — QR code · /whatsapp link +62… — pairing code · /whatsapp logout',
  },
  'tg.usage.optout': { id: 'Tulis nomornya: /optout +6281234567890', en: 'Give the number: /optout +6281234567890' },

  // ------------------------------------------------------------ buttons
  'tg.button.pause': { id: '⏸ Jeda', en: '⏸ Pause' },
  'tg.button.resume': { id: '▶ Lanjutkan', en: '▶ Resume' },
  'tg.button.cancel': { id: '✖ Batalkan', en: '✖ Cancel' },
  'tg.button.retry': { id: '🔁 Kirim ulang yang gagal', en: '🔁 Retry failed' },
  'tg.button.details': { id: '📄 Detail', en: '📄 Details' },
  'tg.button.done': { id: '✅ Selesai', en: '✅ Done' },
  'tg.button.back': { id: '⬅ Kembali', en: '⬅ Back' },
  'tg.button.cancelWizard': { id: '✖ Batal', en: '✖ Cancel' },
  'tg.button.sendNow': { id: '🚀 Kirim sekarang', en: '🚀 Send now' },
  'tg.button.schedule': { id: '🗓 Jadwalkan…', en: '🗓 Schedule…' },
  'tg.button.editMessage': { id: '✏ Ubah pesan', en: '✏ Edit message' },
  'tg.button.newer': { id: '⬅ Lebih baru', en: '⬅ Newer' },
  'tg.button.older': { id: 'Lebih lama ➡', en: 'Older ➡' },

  // ------------------------------------------------------------ the wizard
  'tg.wizard.title.ask': {
    id: '📢 Broadcast baru — langkah 1/4\nApa judul campaign ini? (misalnya: Promo Ramadan)\n\n/cancel untuk membatalkan kapan saja.',
    en: '📢 New broadcast — step 1/4\nWhat is the campaign title? (e.g. Ramadan Promo)\n\n/cancel stops at any time.',
  },
  'tg.wizard.title.hint': { id: 'Kirim judul campaign sebagai teks.', en: 'Send the campaign title as text.' },
  'tg.wizard.title.invalid': {
    id: 'Judul harus diisi dan paling banyak {max} karakter. Coba lagi.',
    en: 'The title must not be empty and at most {max} characters. Try again.',
  },
  'tg.wizard.recipients.ask': {
    id: '👥 Langkah 2/4 — Siapa penerimanya?',
    en: '👥 Step 2/4 — Who receives it?',
  },
  'tg.wizard.recipients.all': { id: '👥 Semua pelanggan ({count})', en: '👥 All customers ({count})' },
  'tg.wizard.recipients.tags': { id: '🏷 Berdasarkan tag', en: '🏷 By tag' },
  'tg.wizard.recipients.phones': { id: '📱 Nomor sendiri', en: '📱 Custom numbers' },
  'tg.wizard.recipients.csv': { id: '📄 Unggah kontak', en: '📄 Upload contacts' },
  'tg.wizard.recipients.noCustomers': {
    id: 'Belum ada pelanggan. Pilih "Unggah kontak" atau "Nomor sendiri".',
    en: 'There are no customers yet. Choose "Upload contacts" or "Custom numbers".',
  },
  'tg.wizard.tags.ask': {
    id: '🏷 Pilih satu tag atau lebih (angka = pelanggan yang masih berlangganan), lalu tekan ✅ Selesai.',
    en: '🏷 Pick one or more tags (numbers = customers still subscribed), then press ✅ Done.',
  },
  'tg.wizard.tags.none': {
    id: 'Belum ada pelanggan dengan tag. Impor CSV dengan kolom "tags" terlebih dahulu.',
    en: 'No customer has a tag yet. Import a CSV with a "tags" column first.',
  },
  'tg.wizard.tags.pickOne': { id: 'Pilih minimal satu tag.', en: 'Pick at least one tag.' },
  'tg.wizard.phones.ask': {
    id: '📱 Tempel nomor-nomornya, satu per baris atau dipisah koma. Nomor tanpa kode negara dianggap {country} (misalnya 0812-3456-7890).',
    en: '📱 Paste the numbers, one per line or separated by commas. Numbers without a country code are taken as {country} (e.g. 0812-3456-7890).',
  },
  'tg.wizard.phones.hint': { id: 'Tempel nomor-nomornya sebagai teks.', en: 'Paste the numbers as text.' },
  'tg.wizard.phones.again': { id: 'Silakan tempel lagi nomor-nomornya.', en: 'Paste the numbers again.' },
  'tg.wizard.phones.invalidHeader': { id: '⚠️ {count} nomor tidak valid:', en: '⚠️ {count} invalid numbers:' },
  'tg.wizard.phones.invalidLine': { id: 'Baris {line}: “{value}” — {reason}', en: 'Line {line}: “{value}” — {reason}' },
  'tg.wizard.phones.noneValid': {
    id: 'Tidak ada nomor yang valid. Tempel lagi nomor-nomornya.',
    en: 'None of the numbers is valid. Paste the numbers again.',
  },
  'tg.wizard.phones.use': { id: '✅ Lanjut dengan {count} nomor valid', en: '✅ Continue with {count} valid numbers' },
  'tg.wizard.phones.pasteAgain': { id: '✏ Tempel ulang', en: '✏ Paste again' },
  'tg.wizard.phones.accepted': { id: '✅ {count} nomor diterima.', en: '✅ {count} numbers accepted.' },
  'tg.wizard.csv.ask': {
    id: '📄 Kirim file kontak sebagai dokumen: CSV (kolom: phone, name, tags, dan kolom lain sebagai variabel), ekspor Google Kontak/Outlook, atau .vcf dari ponsel. Pelanggan di file juga disimpan/diperbarui.',
    en: '📄 Send the contacts file as a document: a CSV (columns: phone, name, tags, and any other column as variables), a Google Contacts/Outlook export, or a .vcf from a phone. Customers in the file are saved/updated too.',
  },
  'tg.wizard.csv.hint': { id: 'Kirim file kontak sebagai dokumen.', en: 'Send the contacts file as a document.' },
  'tg.wizard.csv.noPhones': {
    id: 'Tidak ada nomor yang bisa dipakai di file ini. Kirim file lain.',
    en: 'This file has no usable numbers. Send another file.',
  },
  'tg.wizard.message.ask': {
    id:
      '✍️ Langkah 3/4 — Kirim pesannya: teks, atau foto/dokumen dengan keterangan.\n' +
      'Variabel: {{name}}, {{phone}}, kolom CSV lain seperti {{kota}}; cadangan dengan {{name|Pelanggan}}.',
    en:
      '✍️ Step 3/4 — Send the message: text, or a photo/document with a caption.\n' +
      'Variables: {{name}}, {{phone}}, other CSV columns such as {{city}}; a fallback with {{name|Customer}}.',
  },
  'tg.wizard.message.hint': {
    id: 'Kirim pesannya sebagai teks, atau foto/dokumen dengan keterangan.',
    en: 'Send the message as text, or a photo/document with a caption.',
  },
  'tg.wizard.message.fileFailed': {
    id: 'File tidak bisa disimpan: {reason}',
    en: 'The file could not be stored: {reason}',
  },
  'tg.wizard.replyInGroup': {
    id: '↩️ Di grup, balas (reply) pesan ini agar bot menerimanya.',
    en: '↩️ In a group, reply to this message so the bot receives it.',
  },
  'tg.wizard.useButtons': { id: 'Silakan pilih dengan tombol di atas.', en: 'Please choose with the buttons above.' },
  'tg.wizard.stale': { id: 'Tombol ini dari langkah sebelumnya.', en: 'This button belongs to an earlier step.' },
  'tg.wizard.cancelled': {
    id: '✖ Broadcast dibatalkan. Tidak ada yang dikirim.',
    en: '✖ Broadcast cancelled. Nothing was sent.',
  },
  'tg.wizard.notActive': {
    // Also the answer to a second press of Send: say the broadcast may well have gone out, and where to look.
    id: 'Tombol ini tidak berlaku lagi: broadcast itu sudah dikirim, dibatalkan atau ditutup. /campaigns menampilkan yang sudah dikirim; /broadcast memulai yang baru.',
    en: 'This button no longer works: that broadcast was already sent, cancelled or closed. /campaigns shows what was sent; /broadcast starts a new one.',
  },
  'tg.wizard.expired': {
    id: '⌛ Broadcast yang belum selesai dibatalkan karena tidak ada aktivitas selama 30 menit. Tidak ada yang dikirim; mulai lagi dengan /broadcast.',
    en: '⌛ Your unfinished broadcast was closed after 30 minutes without activity. Nothing was sent; start again with /broadcast.',
  },
  // No count here: the preview's sum line carries it (a second figure beside it did not add up).
  'tg.audience.all': { id: 'semua pelanggan', en: 'all customers' },
  'tg.audience.tags': { id: 'tag: {tags}', en: 'tags: {tags}' },
  'tg.audience.phones': { id: '{count} nomor yang ditempel', en: '{count} pasted numbers' },
  'tg.audience.csv': { id: '{count} nomor dari file', en: '{count} numbers from the file' },

  // ------------------------------------------------------------ preview
  'tg.preview.header': { id: "👀 Langkah 4/4 — Pratinjau '{title}'", en: "👀 Step 4/4 — Preview of '{title}'" },
  'tg.preview.sampleFor': {
    id: 'Pesan untuk penerima pertama ({phone}):',
    en: 'Message for the first recipient ({phone}):',
  },
  'tg.preview.noText': { id: '(tanpa teks)', en: '(no text)' },
  'tg.preview.photo': { id: '🖼 Foto terlampir', en: '🖼 Photo attached' },
  'tg.preview.document': { id: '📎 Dokumen terlampir: {name}', en: '📎 Document attached: {name}' },
  'tg.preview.audience': { id: '👥 Penerima: {audience}', en: '👥 Recipients: {audience}' },
  // {counts} is the one sum of src/campaigns/preview-counts.ts: "60 dipilih − 2 berhenti langganan = 58 penerima".
  'tg.preview.total': { id: '✅ Akan dikirim: {counts}', en: '✅ To send: {counts}' },
  'tg.preview.duration': {
    id: '⏱ Perkiraan durasi: {duration} ({rate} pesan/menit)',
    en: '⏱ Estimated duration: {duration} ({rate} msgs/min)',
  },
  'tg.preview.durationUnpaced': {
    id: '⏱ Perkiraan durasi: {duration} (tanpa jeda)',
    en: '⏱ Estimated duration: {duration} (unpaced)',
  },
  'tg.preview.missingVariable': {
    id: '⚠️ Tidak ada penerima yang punya nilai untuk {{{name}}}; beri cadangan, misalnya {{{name}|teks}}.',
    en: '⚠️ No recipient has a value for {{{name}}}; give it a fallback, e.g. {{{name}|text}}.',
  },
  'tg.preview.overTierCap': {
    id: '⚠️ Melebihi batas 24 jam dari Meta: {cap} pelanggan unik ({sentToday} dalam 24 jam terakhir, campaign ini {total}): pengiriman dijeda saat batas tercapai dan berlanjut otomatis begitu batasnya longgar lagi.',
    en: "⚠️ Over Meta's 24-hour limit of {cap} unique customers ({sentToday} in the last 24 hours, {total} in this campaign): sending pauses when the limit is reached and continues automatically as soon as it frees up.",
  },
  'tg.preview.overCap': {
    id: '⚠️ Melebihi batas harian {cap} (hari ini sudah {sentToday}, campaign ini {total}): pengiriman dijeda saat batas tercapai dan bisa dilanjutkan besok.',
    en: '⚠️ Over the daily cap of {cap} ({sentToday} sent today, {total} in this campaign): sending pauses when the cap is reached and can resume tomorrow.',
  },

  // ------------------------------------------------------------ progress, campaigns
  'tg.campaign.pause': { id: "⏸ Campaign '{title}' dijeda.", en: "⏸ Campaign '{title}' paused." },
  'tg.campaign.resume': { id: "▶ Campaign '{title}' dilanjutkan.", en: "▶ Campaign '{title}' resumed." },
  'tg.campaign.cancel': { id: "✖ Campaign '{title}' dibatalkan.", en: "✖ Campaign '{title}' cancelled." },
  'tg.campaign.retry': {
    id: "🔁 Campaign ulang '{title}' ({id}) dibuat untuk nomor yang gagal.",
    en: "🔁 Retry campaign '{title}' ({id}) created for the failed numbers.",
  },
  'tg.campaign.id': { id: 'ID: {id}', en: 'ID: {id}' },
  'tg.campaigns.none': {
    id: 'Belum ada campaign. Mulai dengan /broadcast.',
    en: 'No campaigns yet. Start one with /broadcast.',
  },
  'tg.campaigns.noMore': { id: 'Tidak ada campaign lagi.', en: 'No more campaigns.' },
  'tg.campaigns.header': {
    id: '📋 Campaign {from}–{to} (terbaru dulu):',
    en: '📋 Campaigns {from}–{to} (newest first):',
  },
  'tg.campaigns.line': {
    id: '• {id} — {title} — {status} — {done}/{total}',
    en: '• {id} — {title} — {status} — {done}/{total}',
  },
  'tg.details.header': { id: "📄 Detail campaign '{title}' ({id})", en: "📄 Details of campaign '{title}' ({id})" },
  'tg.details.noFailures': { id: 'Tidak ada pengiriman yang gagal.', en: 'No failed sends.' },
  'tg.details.failuresHeader': { id: 'Gagal / tidak pasti:', en: 'Failed / unknown:' },
  'tg.details.failure': { id: '• {phone} — {reason}', en: '• {phone} — {reason}' },
  'tg.details.csvCaption': { id: "Status setiap penerima '{title}'", en: "Every recipient's status for '{title}'" },

  // ------------------------------------------------------------ schedules
  'tg.schedule.ask': {
    id:
      '🗓 Kapan dikirim? Tulis tanggal dan jam (2025-06-01 18:00, besok 18:00), ulangan (setiap hari 09:00, ' +
      'setiap Senin 09:00) atau ekspresi cron (0 9 * * 1). Zona waktu: {timezone}.',
    en:
      '🗓 When should it go out? Send a date and time (2025-06-01 18:00, tomorrow 18:00), a repeat (every day 09:00, ' +
      'every Monday 09:00) or a cron expression (0 9 * * 1). Time zone: {timezone}.',
  },
  'tg.schedule.hint': {
    id: 'Tulis waktunya, atau pilih salah satu tombol.',
    en: 'Write the time, or pick one of the buttons.',
  },
  'tg.schedule.tomorrow': { id: '🕘 Besok 09:00', en: '🕘 Tomorrow 09:00' },
  'tg.schedule.daily': { id: '🔁 Setiap hari 09:00', en: '🔁 Every day 09:00' },
  'tg.schedule.monday': { id: '🔁 Setiap Senin 09:00', en: '🔁 Every Monday 09:00' },
  'tg.schedules.header': { id: '🗓 Jadwal broadcast:', en: '🗓 Scheduled broadcasts:' },

  // ------------------------------------------------------------ customers
  'tg.customers.header': { id: '👥 Pelanggan yang berlangganan: {total}', en: '👥 Subscribed customers: {total}' },
  'tg.customers.noTags': { id: 'Belum ada tag.', en: 'No tags yet.' },
  'tg.customers.tag': { id: '🏷 {tag}: {count} (dari {total})', en: '🏷 {tag}: {count} (of {total})' },
  'tg.customers.importHint': {
    id: '📥 Untuk mengimpor, kirim file kontak (CSV, ekspor Google Kontak/Outlook, atau .vcf) dengan keterangan /import.',
    en: '📥 To import, send a contacts file (CSV, a Google Contacts/Outlook export, or a .vcf) with the caption /import.',
  },
  'tg.import.started': { id: '📥 Mengimpor {name}…', en: '📥 Importing {name}…' },
  'tg.import.failed': { id: '⚠️ Impor gagal: {reason}', en: '⚠️ Import failed: {reason}' },
  'tg.optout.done': {
    id: '🚫 {phone} tidak akan menerima broadcast lagi.',
    en: '🚫 {phone} will not receive broadcasts any more.',
  },

  // ------------------------------------------------------------ alerts without a campaign title
  'tg.alert.campaign_paused': {
    id: '⏸ Campaign {id} dijeda otomatis: {reason}.',
    en: '⏸ Campaign {id} paused itself: {reason}.',
  },
  'tg.alert.campaign_failed': { id: '❌ Campaign {id} gagal: {reason}.', en: '❌ Campaign {id} failed: {reason}.' },
  'tg.alert.whatsapp_logged_out': {
    id: '🔌 WhatsApp keluar (logout): {reason}. Campaign yang berjalan dijeda; tautkan ulang dengan /whatsapp link.',
    en: '🔌 WhatsApp logged out: {reason}. Running campaigns are paused; link it again with /whatsapp link.',
  },
  'tg.alert.whatsapp_replaced': {
    id: '⚠️ Sesi WhatsApp dibuka di tempat lain: {reason}. Pengiriman berhenti; periksa perangkat tertaut.',
    en: '⚠️ The WhatsApp session was opened elsewhere: {reason}. Sending stopped; check the linked devices.',
  },
  'tg.alert.whatsapp_disconnected': {
    id: '📴 WhatsApp terputus: {reason}. Campaign dijeda sampai tersambung lagi.',
    en: '📴 WhatsApp disconnected: {reason}. Campaigns wait until it reconnects.',
  },
  'tg.alert.whatsapp_connected': { id: '✅ WhatsApp tersambung lagi.', en: '✅ WhatsApp is connected again.' },
  'tg.alert.schedule_skipped': {
    id: '⏭ Jadwal {id} dilewati: {reason}.',
    en: '⏭ Schedule {id} was skipped: {reason}.',
  },
  'tg.alert.schedule_missed': {
    id: '⌛ Jadwal {id} terlewat saat sistem mati: {reason}.',
    en: '⌛ Schedule {id} was missed while the system was down: {reason}.',
  },
  'tg.alert.schedule_failed': { id: '❌ Jadwal {id} gagal: {reason}.', en: '❌ Schedule {id} failed: {reason}.' },
} satisfies Catalogue;

registerCatalogue(telegram);
