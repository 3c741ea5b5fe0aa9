import { registerCatalogue, type Catalogue } from './index.js';

/**
 * Words of the WhatsApp Cloud API driver: why a send failed or a campaign paused (`reason.cloud_*`, shown by
 * reasonText), the number's tier and quality in `/whatsapp` status, and the template picker of the wizards.
 */
export const cloud = {
  'reason.cloud_undeliverable': {
    id: 'pesan tidak dapat dikirim ke nomor ini (mungkin tidak memakai WhatsApp)',
    en: 'the message could not be delivered to this number (it may not use WhatsApp)',
  },
  'reason.cloud_ecosystem_limit': {
    id: 'Meta menahan pesan ini demi kesehatan ekosistem (batas pesan pemasaran per pelanggan)',
    en: 'Meta held this message back to keep the ecosystem healthy (per-customer marketing limit)',
  },
  'reason.cloud_marketing_stopped': {
    id: 'pelanggan menghentikan pesan pemasaran dari bisnis ini (sudah ditandai berhenti langganan)',
    en: 'the customer stopped marketing messages from this business (now opted out)',
  },
  'reason.cloud_window_closed': {
    id: 'di luar jendela 24 jam: hanya template yang disetujui boleh dikirim',
    en: 'outside the 24-hour window: only an approved template may be sent',
  },
  'reason.cloud_template_params': {
    id: 'jumlah atau isi parameter template tidak cocok dengan template yang disetujui',
    en: "the template's parameters do not match the approved template",
  },
  'reason.cloud_template_missing': {
    id: 'template tidak ada (atau belum disetujui) dalam bahasa ini',
    en: 'the template does not exist (or is not approved) in this language',
  },
  'reason.cloud_template_format': {
    id: 'format parameter template ditolak Meta',
    en: "Meta refused the format of the template's parameters",
  },
  'reason.cloud_throughput': {
    id: 'batas pesan per detik nomor ini tercapai; dicoba lagi nanti',
    en: "this number's messages-per-second limit was hit; tried again later",
  },
  'reason.cloud_pair_rate': {
    id: 'terlalu banyak pesan ke pelanggan yang sama dalam waktu singkat; dicoba lagi nanti',
    en: 'too many messages to the same customer in a short time; tried again later',
  },
  'reason.cloud_spam_rate_limit': {
    id: 'Meta membatasi nomor ini karena laporan spam (spam rate limit)',
    en: 'Meta limited this number because of spam reports (spam rate limit)',
  },
  'reason.cloud_policy_block': {
    id: 'Meta memblokir pengiriman karena pelanggaran kebijakan',
    en: 'Meta blocked sending for a policy violation',
  },
  'reason.cloud_account_locked': {
    id: 'akun WhatsApp Business ini dikunci oleh Meta',
    en: 'Meta locked this WhatsApp Business account',
  },
  'reason.cloud_token_expired': {
    id: 'token akses Cloud API kedaluwarsa atau dicabut; ganti WHATSAPP_CLOUD_TOKEN lalu lanjutkan',
    en: 'the access token expired or was revoked; replace WHATSAPP_CLOUD_TOKEN, then resume',
  },
  'reason.cloud_unavailable': {
    id: 'Cloud API Meta tidak menjawab; dicoba lagi nanti',
    en: "Meta's Cloud API did not answer; tried again later",
  },
  'reason.cloud_error': { id: 'Cloud API menolak pesan ini', en: 'the Cloud API refused this message' },
  'reason.cloud_no_message_id': {
    id: 'Cloud API menjawab tanpa nomor pesan; dicoba lagi nanti',
    en: 'the Cloud API answered without a message id; tried again later',
  },
  'error.bad_template_param': {
    id: 'Parameter template tidak valid: {detail}. Isi setiap {{1}}, {{2}}… dengan teks atau variabel, misalnya 1={{name|Pelanggan}}.',
    en: 'Invalid template parameter: {detail}. Fill each {{1}}, {{2}}… with text or a variable, e.g. 1={{name|Pelanggan}}.',
  },
  'error.bad_template_param.count': {
    id: 'Template ini butuh {expected} parameter ({{1}} sampai {{{expected}}}); yang diisi: {given}. Isi setiap parameter, misalnya 1={{name|Pelanggan}}.',
    en: 'This template needs {expected} parameters ({{1}} to {{{expected}}}); filled in: {given}. Fill each one, e.g. 1={{name|Pelanggan}}.',
  },
  'error.template_not_found': {
    id: 'Template "{name}" ({language}) tidak ada di antara template yang disetujui akun ini.',
    en: 'Template "{name}" ({language}) is not among this account\'s approved templates.',
  },
  'error.template_needs_cloud': {
    id: 'Template hanya bisa dikirim dari nomor WhatsApp Cloud API.',
    en: 'Templates can only be sent from a WhatsApp Cloud API number.',
  },
  'error.template_needs_cloud_account': {
    id: 'Template hanya bisa dikirim dari nomor WhatsApp Cloud API, dan nomor {name} bukan nomor Cloud API. Nomor yang bisa mengirim template: {others}.',
    en: 'Templates can only be sent from a WhatsApp Cloud API number, and {name} is not one. Numbers that can send templates: {others}.',
  },
  'error.template_needs_cloud_none': {
    id: 'Template hanya bisa dikirim dari nomor WhatsApp Cloud API, dan nomor {name} bukan nomor Cloud API (belum ada nomor Cloud API di sini). Tulis pesannya sebagai teks biasa.',
    en: 'Templates can only be sent from a WhatsApp Cloud API number, and {name} is not one (no number here uses the Cloud API yet). Write the message as plain text instead.',
  },
  'error.template_required': {
    id: 'Nomor {name} memakai WhatsApp Cloud API: campaign dari nomor ini harus memakai template yang disetujui (WhatsApp menolak teks bebas ke pelanggan yang tidak menulis dalam 24 jam terakhir). Pilih template.',
    en: 'Number {name} uses the WhatsApp Cloud API: campaigns from it must send an approved template (WhatsApp refuses free text to customers who have not written in the last 24 hours). Choose a template.',
  },
  'error.template_required_or': {
    id: 'Nomor {name} memakai WhatsApp Cloud API: campaign dari nomor ini harus memakai template yang disetujui (WhatsApp menolak teks bebas ke pelanggan yang tidak menulis dalam 24 jam terakhir). Pilih template, atau kirim teks bebas dari nomor lain: {others}.',
    en: 'Number {name} uses the WhatsApp Cloud API: campaigns from it must send an approved template (WhatsApp refuses free text to customers who have not written in the last 24 hours). Choose a template, or send free text from another number: {others}.',
  },
  'whatsapp.cloud.status': {
    id: '✅ WhatsApp Cloud API: {account} ({name}). Batas pesan: {tier}. Kualitas: {quality}.',
    en: '✅ WhatsApp Cloud API: {account} ({name}). Messaging limit: {tier}. Quality: {quality}.',
  },
  'whatsapp.cloud.unreadable': {
    id: '⚠️ WhatsApp Cloud API: info nomor tidak bisa dibaca dari Meta ({reason}).',
    en: "⚠️ WhatsApp Cloud API: the number's details could not be read from Meta ({reason}).",
  },
  'whatsapp.cloud.tier': { id: '{limit} pelanggan unik per 24 jam', en: '{limit} unique customers per 24 hours' },
  'whatsapp.cloud.tier.unlimited': { id: 'tanpa batas', en: 'unlimited' },
  'whatsapp.cloud.tier.unknown': {
    id: 'belum diketahui: dibatasi {cap} pelanggan unik per 24 jam sampai Meta menjawab',
    en: 'not known yet: capped at {cap} unique customers per 24 hours until Meta answers',
  },
  'whatsapp.cloud.quality.GREEN': { id: '🟢 tinggi', en: '🟢 high' },
  'whatsapp.cloud.quality.YELLOW': { id: '🟡 sedang', en: '🟡 medium' },
  'whatsapp.cloud.quality.RED': { id: '🔴 rendah', en: '🔴 low' },
  'whatsapp.cloud.quality.UNKNOWN': { id: 'belum diketahui', en: 'not known yet' },
  'tg.wizard.template.pick': {
    id: '✍️ Langkah 3/4 — Pilih template yang disetujui untuk dikirim:',
    en: '✍️ Step 3/4 — Choose an approved template to send:',
  },
  'slack.field.templateParams': { id: 'Parameter template', en: 'Template parameters' },
  'slack.field.templateParamsHint': {
    id: 'Satu baris per parameter: 1={{name|Pelanggan}}, 2=Promo Desember. Teks tetap atau variabel pelanggan.',
    en: 'One line per parameter: 1={{name|Customer}}, 2=December promo. Fixed text or customer variables.',
  },
  'wizard.template.pick': {
    id: 'Pilih template yang disetujui untuk dikirim:',
    en: 'Choose an approved template to send:',
  },
  'wizard.template.none': {
    id: 'Akun ini belum punya template yang disetujui. Buat dan ajukan template di WhatsApp Manager dulu.',
    en: 'This account has no approved template yet. Create one and submit it in WhatsApp Manager first.',
  },
  'wizard.template.chosen': { id: 'Template terpilih: {name} ({language})\n{body}', en: 'Template: {name} ({language})\n{body}' },
  'wizard.template.param': {
    id: 'Isi untuk {{{n}}}: ketik teks tetap atau variabel pelanggan, misalnya {{name|Pelanggan}}.',
    en: 'Value for {{{n}}}: type fixed text or a customer variable, e.g. {{name|Pelanggan}}.',
  },
} satisfies Catalogue;

registerCatalogue(cloud);
