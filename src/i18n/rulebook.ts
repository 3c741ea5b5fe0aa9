import { registerCatalogue, type Catalogue } from './index.js';

/**
 * Texts of the shared rulebook (issue 11: bindings, idempotency, allowed actions, alerts), kept in their
 * own file so the surfaces' catalogues stay untouched. Import this module for its side effect.
 */
export const rulebook = {
  // ------------------------------------------------------------ wizard bindings (Telegram)
  'tg.wizard.notCurrent': {
    id: 'Pratinjau ini sudah tidak berlaku. Pakai pesan terbaru, atau mulai lagi dengan /broadcast.',
    en: 'This preview is no longer current. Use the latest message, or start again with /broadcast.',
  },
  'tg.wizard.openDraft': {
    id: '📝 Masih ada broadcast yang belum selesai. Lanjutkan draf itu atau mulai yang baru?',
    en: '📝 A broadcast is still open. Continue the open draft or start a new one?',
  },
  'tg.button.continueDraft': { id: '▶ Lanjutkan draf', en: '▶ Continue the draft' },
  'tg.button.newDraft': { id: '🆕 Mulai yang baru', en: '🆕 Start a new one' },
  'tg.wizard.continued': {
    id: 'Silakan lanjutkan: jawab pertanyaan terakhir di atas.',
    en: 'Carry on: answer the last question above.',
  },

  // ------------------------------------------------------------ retries, idempotent actions
  'campaign.retryTitle': { id: 'kirim ulang {n}', en: 'retry {n}' },
  'tg.campaign.retryRunning': {
    id: "🔁 Pengiriman ulang '{title}' ({id}) sudah berjalan; tidak dibuat yang baru.",
    en: "🔁 The retry '{title}' ({id}) is already running; no new one was made.",
  },
  'slack.done.retryRunning': {
    id: "🔁 Pengiriman ulang *{title}* (`{id}`) sudah berjalan; tidak dibuat yang baru.",
    en: "🔁 The retry *{title}* (`{id}`) is already running; no new one was made.",
  },
  'tg.campaign.retryMade': {
    id: "🔁 Tombol ini sudah dipakai: pengiriman ulang '{title}' ({id}).",
    en: "🔁 This button was already used: retry '{title}' ({id}).",
  },
  'slack.done.retryMade': {
    id: '🔁 Tombol ini sudah dipakai: pengiriman ulang *{title}* (`{id}`).',
    en: '🔁 This button was already used: retry *{title}* (`{id}`).',
  },

  // ------------------------------------------------------------ allowed actions (Telegram parity)
  'tg.button.cancelConfirm': { id: '✖ Ya, batalkan', en: '✖ Yes, cancel' },
  'tg.button.cancelKeep': { id: '↩ Tidak, lanjutkan', en: '↩ No, keep sending' },
  'tg.campaign.cancelAsk': {
    id: "Batalkan campaign '{title}'? Pesan yang belum terkirim tidak akan dikirim.",
    en: "Cancel campaign '{title}'? Messages not sent yet will not be sent.",
  },
  'tg.campaign.cancelKept': { id: "Campaign '{title}' tetap berjalan.", en: "Campaign '{title}' carries on." },

  // ------------------------------------------------------------ alerts (one renderer: src/campaigns/alerts.ts)
  'alert.paused': {
    id: "⏸ Campaign '{title}' dijeda otomatis: {reason}.",
    en: "⏸ Campaign '{title}' paused itself: {reason}.",
  },
  'alert.continuesAtCapReset': {
    id: 'Pengiriman berlanjut otomatis pukul {time} ({zone}) saat batas harian direset.',
    en: 'Sending continues automatically at {time} ({zone}) when the daily cap resets.',
  },
  'alert.continuesWhenCapResets': {
    id: 'Pengiriman berlanjut otomatis saat batas harian direset.',
    en: 'Sending continues automatically when the daily cap resets.',
  },
  'alert.continuesWhenTierFrees': {
    id: 'Pengiriman berlanjut otomatis begitu batas 24 jam dari Meta longgar lagi (dihitung per pelanggan unik dalam 24 jam terakhir).',
    en: "Sending continues automatically as soon as Meta's 24-hour limit frees up (it counts unique customers over the last 24 hours).",
  },
  'alert.howToResume.telegram': { id: 'Lanjutkan dengan /resume {id}.', en: 'Continue with /resume {id}.' },
  'alert.howToResume.slack': { id: 'Lanjutkan dengan `/broadcast resume {id}`.', en: 'Continue with `/broadcast resume {id}`.' },
  'alert.howToResume.cli': {
    id: 'Lanjutkan dengan: broadcast-bot campaigns resume {id}',
    en: 'Continue with: broadcast-bot campaigns resume {id}',
  },

  // ------------------------------------------------------------ draft rules
  'error.unknown_variables': {
    id: 'Variabel {names} tidak dimiliki penerima mana pun. Beri cadangan, misalnya {{{first}|teks}}.',
    en: 'No recipient has a value for {names}. Give each a fallback, e.g. {{{first}|text}}.',
  },
  'tg.wizard.tags.empty': {
    id: "Tag '{tag}' tidak punya pelanggan yang bisa dikirimi (0). Pilih tag lain.",
    en: "Tag '{tag}' has no customers to send to (0). Pick another tag.",
  },

  // ------------------------------------------------------------ schedule delete confirmation (Telegram)
  'tg.schedule.deleteAsk': {
    id: 'Hapus jadwal {id}? Jadwal ini tidak akan berjalan lagi.',
    en: 'Delete schedule {id}? It will not run again.',
  },
  'tg.schedule.deleteYes': { id: '🗑 Ya, hapus', en: '🗑 Yes, delete' },
  'tg.schedule.deleteNo': { id: '↩ Tidak', en: '↩ No' },
  'tg.schedule.deleteKept': { id: 'Jadwal {id} tetap ada.', en: 'Schedule {id} is kept.' },

  // ------------------------------------------------------------ empty variables in the preview
  'preview.emptyVariable': {
    id: '⚠️ {count} dari {total} penerima tidak punya {{{name}}}; di pesan mereka bagian itu kosong. Saran: {{{name}|{fallback}}}',
    en: '⚠️ {count} of {total} recipients have no {{{name}}}; their message has a gap there. Suggested: {{{name}|{fallback}}}',
  },
  'preview.fallback.name': { id: 'Pelanggan', en: 'Customer' },
  'preview.fallback.other': { id: 'teks', en: 'text' },

  // ------------------------------------------------------------ the preview's count (selected − removed = recipients)
  'preview.counts.recipients': { id: '{count} penerima', en: '{count} recipients' },
  'preview.counts.recipients.one': { id: '{count} penerima', en: '{count} recipient' },
  'preview.counts.selected': { id: '{count} dipilih', en: '{count} selected' },
  'preview.counts.optedOut': { id: '{count} berhenti langganan', en: '{count} opted out' },
  'preview.counts.duplicate': { id: '{count} duplikat', en: '{count} duplicates' },
  'preview.counts.duplicate.one': { id: '{count} duplikat', en: '{count} duplicate' },
  'preview.counts.invalid': { id: '{count} tidak valid', en: '{count} invalid' },

  // ------------------------------------------------------------ resuming at the daily cap
  'campaign.resumeAtCap': {
    id: 'Batas harian tercapai; pengiriman berlanjut otomatis besok {time} ({zone}).',
    en: 'The daily cap is reached; sending continues automatically tomorrow at {time} ({zone}).',
  },
  'reason.daily_cap_wait': {
    id: 'batas harian tercapai; berlanjut otomatis besok',
    en: 'the daily cap was reached; continues automatically tomorrow',
  },
  'campaign.resumeAtTierCap': {
    id: 'Batas 24 jam dari Meta tercapai; pengiriman berlanjut otomatis begitu batasnya longgar lagi.',
    en: "Meta's 24-hour messaging limit is reached; sending continues automatically as soon as the limit frees up.",
  },
  'reason.tier_cap_wait': {
    id: 'batas 24 jam dari Meta tercapai; berlanjut otomatis begitu longgar lagi',
    en: "Meta's 24-hour limit was reached; continues automatically as soon as it frees up",
  },
} satisfies Catalogue;

registerCatalogue(rulebook);
