import { registerCatalogue, type Catalogue } from './index.js';

/** Messages about sender accounts (several WhatsApp numbers): listing, adding, removing, choosing one. */
export const accounts = {
  'accounts.list.header': { id: 'Nomor pengirim WhatsApp:', en: 'WhatsApp sender numbers:' },
  'accounts.list.line': { id: '• {name} ({driver}): {state}', en: '• {name} ({driver}): {state}' },
  'accounts.driver.baileys': { id: 'Baileys, perangkat tertaut', en: 'Baileys, linked device' },
  'accounts.driver.cloud': { id: 'Cloud API resmi', en: 'official Cloud API' },
  'accounts.driver.dry-run': { id: 'uji coba, ke outbox', en: 'dry run, to the outbox' },
  'accounts.state.owned': { id: 'dikirim oleh worker {owner}, {status}', en: 'sent by worker {owner}, {status}' },
  'accounts.state.connected': { id: 'siap mengirim', en: 'ready to send' },
  'accounts.state.unowned': { id: 'belum ada worker yang memegangnya', en: 'no worker holds it yet' },
  'accounts.added': {
    id: 'Nomor pengirim {name} ditambahkan. Worker mengambilnya dalam satu menit.',
    en: 'Sender number {name} was added. A worker takes it within a minute.',
  },
  'accounts.removed': { id: 'Nomor pengirim {name} dihapus.', en: 'Sender number {name} was removed.' },
  'accounts.link_hint': {
    id: 'Tautkan nomor Baileys dengan /whatsapp link NAMA (di terminal: whatsapp link --account NAMA).',
    en: 'Link a Baileys number with /whatsapp link NAME (in the terminal: whatsapp link --account NAME).',
  },
  'accounts.pick.prompt': { id: 'Dari nomor mana kampanye ini dikirim?', en: 'Which number should this campaign be sent from?' },
  'accounts.pick.chosen': { id: 'Dikirim dari nomor {name}.', en: 'Sent from number {name}.' },
  'accounts.error.bad_name': {
    id: 'Nama "{name}" tidak bisa dipakai: gunakan 1–32 huruf kecil, angka atau tanda minus, diawali huruf atau angka.',
    en: 'The name "{name}" cannot be used: use 1–32 lower-case letters, digits or dashes, starting with a letter or digit.',
  },
  'accounts.error.exists': { id: 'Sudah ada nomor pengirim bernama {name}.', en: 'There is already a sender number named {name}.' },
  'accounts.error.unknown': {
    id: 'Tidak ada nomor pengirim bernama {name}. Yang ada: {known}.',
    en: 'There is no sender number named {name}. Known: {known}.',
  },
  'accounts.error.cloud_ids': {
    id: 'Akun Cloud API butuh --phone-number-id dan --waba-id (dari WhatsApp Manager).',
    en: 'A Cloud API account needs --phone-number-id and --waba-id (from WhatsApp Manager).',
  },
  'accounts.error.ids_cloud_only': {
    id: '--phone-number-id dan --waba-id hanya untuk akun Cloud API.',
    en: '--phone-number-id and --waba-id are for Cloud API accounts only.',
  },
  'accounts.error.default': {
    id: 'Nomor default tidak bisa dihapus; kampanye lama dan kampanye tanpa pilihan nomor dikirim darinya.',
    en: 'The default number cannot be removed; older campaigns and campaigns that name no number are sent from it.',
  },
  'accounts.error.in_use': {
    id: 'Nomor {name} masih dipakai oleh {count} kampanye yang belum selesai atau jadwal aktif. Selesaikan atau batalkan dulu.',
    en: 'Number {name} is still used by {count} unfinished campaigns or active schedules. Finish or cancel them first.',
  },
  'accounts.error.number_taken': {
    id: 'Nomor dengan ID nomor telepon {phoneNumberId} sudah menjadi nomor pengirim {name}; satu nomor WhatsApp hanya bisa dipakai oleh satu nomor pengirim.',
    en: 'The number with phone number id {phoneNumberId} is already sender number {name}; one WhatsApp number can be only one sender.',
  },
  'accounts.paceSet': {
    id: 'Tempo nomor {name} disimpan. Kampanye yang sedang dikirim dari nomor ini memakainya dalam sekitar satu menit; whatsapp accounts list menampilkan tempo yang berlaku.',
    en: 'Pace of number {name} saved. Campaigns sending from it now pick it up within about a minute; whatsapp accounts list shows the pace in force.',
  },
  'accounts.pace.line': { id: 'tempo: {rate}{jitter}; batas harian: {cap}', en: 'pace: {rate}{jitter}; daily cap: {cap}' },
  'accounts.pace.perMinute': { id: '{n}/menit {from}', en: '{n}/min {from}' },
  'accounts.pace.perSecond': { id: '{n}/detik {from}', en: '{n}/s {from}' },
  'accounts.pace.unpaced': { id: 'tanpa jeda {from}', en: 'unpaced {from}' },
  'accounts.pace.jitter': { id: ' + jeda acak hingga {ms} md {from}', en: ' + random wait up to {ms} ms {from}' },
  'accounts.pace.cap': { id: '{n} pesan {from}', en: '{n} messages {from}' },
  'accounts.pace.noCap': { id: 'tidak ada {from}', en: 'none {from}' },
  'accounts.pace.from.own': { id: '(milik nomor ini)', en: '(its own)' },
  'accounts.pace.from.config': { id: '(dari konfigurasi)', en: '(from the config)' },
  'accounts.pace.from.tier': { id: '(tingkat batas pesan Meta)', en: "(Meta's messaging limit tier)" },
  'accounts.pace.from.tier_unknown': {
    id: '(tingkat batas Meta belum diketahui: batas awal Meta sampai Meta menjawab)',
    en: "(Meta's tier not known yet: Meta's starting limit until Meta answers)",
  },
  'accounts.pace.from.new': { id: '(nomor baru: NEW_ACCOUNT_DAILY_CAP)', en: '(new number: NEW_ACCOUNT_DAILY_CAP)' },
  'accounts.error.default_pace': {
    id: 'Nomor default mengikuti konfigurasi: ubah SEND_RATE_PER_MINUTE, SEND_JITTER_MS atau DAILY_CAP (CLOUD_SEND_PER_SECOND untuk nomor Cloud API) lalu mulai ulang layanan.',
    en: 'The default number follows the configuration: change SEND_RATE_PER_MINUTE, SEND_JITTER_MS or DAILY_CAP (CLOUD_SEND_PER_SECOND for a Cloud API number) and restart the service.',
  },
  'accounts.error.bad_pace': {
    id: '{option} {value} tidak bisa dipakai: tulis bilangan bulat 0 atau lebih.',
    en: '{option} {value} cannot be used: write a whole number of 0 or more.',
  },
  'accounts.error.cloud_rate': {
    id: 'Nomor Cloud API mengirim 1 sampai 80 pesan per detik: --rate {value}/menit di luar batas itu (tulis misalnya 20/s atau 1200).',
    en: 'A Cloud API number sends 1 to 80 messages a second: --rate {value}/min is outside that (write e.g. 20/s or 1200).',
  },
  'accounts.error.rate_too_high': {
    id: '--rate {value}/menit terlalu tinggi: paling banyak 100000 per menit.',
    en: '--rate {value}/min is too high: at most 100000 a minute.',
  },
  'accounts.error.jitter_too_high': {
    id: '--jitter-ms {value} terlalu lama: paling lama 600000 (10 menit).',
    en: '--jitter-ms {value} is too long: at most 600000 (10 minutes).',
  },
  'accounts.error.removed': {
    id: 'Nomor pengirim {name} sudah dihapus; mulai lagi dan pilih nomor lain.',
    en: 'Sender number {name} was removed; start again and pick another number.',
  },
} satisfies Catalogue;

registerCatalogue(accounts);
