import type { Catalogue } from './index.js';

/**
 * The status wording table's texts (see src/campaigns/status-wording.ts): for every campaign status a header
 * (above a chat's progress message), a progress line and a one-sentence summary. Each status says only what
 * is true in it: nothing final says "sending", nothing cancelled says "finished".
 */
export const wording = {
  'wording.awaiting_approval.header': {
    id: "✋ Broadcast Menunggu Persetujuan — Campaign '{title}' untuk {total} penerima menunggu persetujuan admin lain.",
    en: "✋ Broadcast Awaiting Approval — Campaign '{title}' to {total} recipients is waiting for approval by another admin.",
  },
  'wording.awaiting_approval.line': {
    id: '✋ Menunggu persetujuan admin lain; belum ada yang dikirim.',
    en: '✋ Waiting for approval by another admin; nothing is sent yet.',
  },
  'wording.awaiting_approval.summary': {
    id: "Campaign '{title}' menunggu persetujuan admin lain sebelum dikirim ke {total} penerima.",
    en: "Campaign '{title}' is waiting for approval by another admin before it is sent to {total} recipients.",
  },

  'wording.pending.header': {
    id: "🕒 Broadcast Menunggu — Campaign '{title}' menunggu giliran untuk {total} penerima.",
    en: "🕒 Broadcast Waiting — Campaign '{title}' is waiting to be sent to {total} recipients.",
  },
  'wording.pending.line': {
    id: '🕒 Menunggu dimulai... Progress: {percent}% ({sent} + {failed} / {total})',
    en: '🕒 Waiting to start... Progress: {percent}% ({sent} + {failed} / {total})',
  },
  'wording.pending.summary': {
    id: "Campaign '{title}' menunggu dikirim ke {total} penerima.",
    en: "Campaign '{title}' is waiting to be sent to {total} recipients.",
  },

  'wording.processing.header': {
    id: "📢 Broadcast Sedang Diproses — Campaign '{title}' sedang dikirim ke {total} penerima.",
    en: "📢 Broadcast In Progress — Campaign '{title}' is being sent to {total} recipients.",
  },
  'wording.processing.line': {
    id: '⏳ Sedang mengirim pesan... Progress: {percent}% ({sent} + {failed} / {total})',
    en: '⏳ Sending messages... Progress: {percent}% ({sent} + {failed} / {total})',
  },
  'wording.processing.summary': {
    id: "Campaign '{title}' sedang dikirim. Berhasil: {sent}, Gagal: {failed}, Tersisa: {left}",
    en: "Campaign '{title}' is being sent. Sent: {sent}, Failed: {failed}, Left: {left}",
  },

  'wording.paused.header': {
    id: "⏸ Broadcast Dijeda — Campaign '{title}' berhenti sementara; {left} dari {total} penerima belum dikirimi.",
    en: "⏸ Broadcast Paused — Campaign '{title}' is on hold; {left} of {total} recipients are still to be sent to.",
  },
  'wording.paused.line': {
    id: '⏸ Dijeda ({reason}). Progress: {percent}% ({sent} + {failed} / {total})',
    en: '⏸ Paused ({reason}). Progress: {percent}% ({sent} + {failed} / {total})',
  },
  'wording.paused.summary': {
    id: "Campaign '{title}' dijeda ({reason}). Berhasil: {sent}, Gagal: {failed}, Tersisa: {left}",
    en: "Campaign '{title}' is paused ({reason}). Sent: {sent}, Failed: {failed}, Left: {left}",
  },

  'wording.completed.header': {
    id: "✅ Broadcast Selesai — Campaign '{title}' selesai dikirim ke {total} penerima.",
    en: "✅ Broadcast Finished — Campaign '{title}' was sent to {total} recipients.",
  },
  'wording.completed.line': {
    id: '✅ Pengiriman selesai. Progress: {percent}% ({sent} + {failed} / {total})',
    en: '✅ Sending finished. Progress: {percent}% ({sent} + {failed} / {total})',
  },
  'wording.completed.title': { id: '📢 Broadcast WhatsApp Selesai', en: '📢 WhatsApp Broadcast Finished' },
  'wording.completed.summary': {
    id: "Campaign '{title}' selesai dikirim. Berhasil: {sent}, Gagal: {failed}",
    en: "Campaign '{title}' has been sent. Sent: {sent}, Failed: {failed}",
  },

  'wording.cancelled.header': {
    id: "🛑 Broadcast Dibatalkan — Campaign '{title}' dibatalkan; {left} dari {total} penerima tidak dikirimi.",
    en: "🛑 Broadcast Cancelled — Campaign '{title}' was cancelled; {left} of {total} recipients were not sent to.",
  },
  'wording.cancelled.line': {
    id: '🛑 Dibatalkan. Progress: {percent}% ({sent} + {failed} / {total})',
    en: '🛑 Cancelled. Progress: {percent}% ({sent} + {failed} / {total})',
  },
  'wording.cancelled.title': { id: '🛑 Broadcast WhatsApp Dibatalkan', en: '🛑 WhatsApp Broadcast Cancelled' },
  'wording.cancelled.summary': {
    id: "Campaign '{title}' dibatalkan. Berhasil: {sent}, Gagal: {failed}, Tidak dikirim: {left}",
    en: "Campaign '{title}' was cancelled. Sent: {sent}, Failed: {failed}, Not sent: {left}",
  },

  'wording.failed.header': {
    id: "❌ Broadcast Gagal — Campaign '{title}' berhenti karena gagal: {reason}.",
    en: "❌ Broadcast Failed — Campaign '{title}' stopped with a failure: {reason}.",
  },
  'wording.failed.line': {
    id: '❌ Gagal ({reason}). Progress: {percent}% ({sent} + {failed} / {total})',
    en: '❌ Failed ({reason}). Progress: {percent}% ({sent} + {failed} / {total})',
  },
  'wording.failed.title': { id: '❌ Broadcast WhatsApp Gagal', en: '❌ WhatsApp Broadcast Failed' },
  'wording.failed.summary': {
    id: "Campaign '{title}' gagal. Berhasil: {sent}, Gagal: {failed}",
    en: "Campaign '{title}' failed. Sent: {sent}, Failed: {failed}",
  },

  'wording.reason.unknown': { id: 'alasan tidak diketahui', en: 'reason unknown' },

  'wording.rate': { id: '🚀 {rate} pesan/menit · sisa waktu ±{eta}', en: '🚀 {rate} msgs/min · about {eta} left' },
  'wording.rateNoEta': { id: '🚀 {rate} pesan/menit', en: '🚀 {rate} msgs/min' },
  'wording.stalled': {
    id: '⌛ Menunggu giliran kirim atau percobaan ulang; sisa waktu belum bisa diperkirakan.',
    en: '⌛ Waiting for the next send slot or a retry; time left cannot be estimated yet.',
  },
  'wording.compactRate': { id: '{rate} pesan/menit', en: '{rate} msgs/min' },
  'wording.compactEta': { id: 'sisa ±{eta}', en: '~{eta} left' },
  'wording.compactStalled': { id: 'menunggu', en: 'waiting' },
} satisfies Catalogue;
