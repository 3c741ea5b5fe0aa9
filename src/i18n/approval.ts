import { registerCatalogue, type Catalogue } from './index.js';

/**
 * Texts of the pre-send risk report and of two-person approval (issue 15). Import this module for its side effect.
 */
export const approval = {
  // ------------------------------------------------------------ risk report
  'risk.level.low': { id: '🟢 Risiko rendah', en: '🟢 Low risk' },
  'risk.level.medium': { id: '🟡 Risiko sedang', en: '🟡 Medium risk' },
  'risk.level.high': { id: '🔴 Risiko tinggi', en: '🔴 High risk' },
  'risk.figures': {
    id: 'belum pernah dikirimi: {cold} · belum dicek di WhatsApp: {unchecked} · dikirimi dalam 24 jam: {recent}',
    en: 'never messaged: {cold} · not checked on WhatsApp: {unchecked} · messaged in the last 24 h: {recent}',
  },
  'risk.days': { id: 'butuh {days} hari dengan batas harian', en: 'needs {days} days at the daily cap' },
  'risk.eta': { id: 'perkiraan waktu {eta}', en: 'estimated time {eta}' },
  'risk.quota': { id: 'kuota chat baru WhatsApp tersisa {remaining}', en: "WhatsApp's new-chat quota left: {remaining}" },
  'risk.reason.over_new_chat_quota': {
    id: '{cold} penerima belum pernah dikirimi, melebihi kuota chat baru WhatsApp ({remaining})',
    en: "{cold} recipients were never messaged, more than WhatsApp's new-chat quota ({remaining})",
  },
  'risk.reason.mostly_cold': {
    id: '{cold} dari {recipients} penerima belum pernah dikirimi dari nomor ini',
    en: '{cold} of {recipients} recipients were never messaged from this number',
  },
  'risk.reason.link_to_cold': {
    id: 'pesan berisi tautan dan dikirim ke {cold} penerima yang belum pernah dikirimi',
    en: 'the message has a link and goes to {cold} recipients never messaged before',
  },
  'risk.reason.recently_messaged': {
    id: '{recent} penerima sudah dikirimi pesan dalam 24 jam terakhir',
    en: '{recent} recipients were messaged in the last 24 hours',
  },
  'risk.reason.no_opt_out_hint': {
    id: 'pesan tidak memberi tahu cara berhenti (mis. "balas STOP")',
    en: 'the message does not say how to stop receiving (e.g. "reply STOP")',
  },
  'risk.reason.no_variables': {
    id: 'teksnya sama persis untuk semua penerima (tanpa variabel seperti {{name}})',
    en: 'the text is identical for everyone (no variables such as {{name}})',
  },
  'risk.reason.empty_variables': {
    id: '{empty} penerima punya variabel kosong',
    en: '{empty} recipients have an empty variable',
  },
  'risk.reason.several_days': {
    id: 'butuh {days} hari karena batas harian',
    en: 'needs {days} days because of the daily cap',
  },
  'risk.reason.mostly_unchecked': {
    id: '{unchecked} dari {recipients} nomor belum dicek di WhatsApp',
    en: '{unchecked} of {recipients} numbers are not checked on WhatsApp yet',
  },

  // ------------------------------------------------------------ two-person approval
  'status.awaiting_approval': { id: 'menunggu persetujuan', en: 'awaiting approval' },
  'approval.self': {
    id: 'Campaign {id} Anda sendiri yang membuat; admin lain yang harus menyetujuinya.',
    en: 'You created campaign {id}; another admin must approve it.',
  },
  'approval.reasonRequired': { id: 'Tulis alasan penolakan.', en: 'Write a reason for the rejection.' },
  'reason.approval_rejected': { id: 'ditolak admin lain', en: 'rejected by another admin' },
  'reason.approval_expired': { id: 'tidak disetujui tepat waktu', en: 'not approved in time' },
  'approval.request.header': {
    id: "✋ Perlu persetujuan: '{title}' ({id}) dari {author}, {total} penerima.",
    en: "✋ Approval needed: '{title}' ({id}) from {author}, {total} recipients.",
  },
  'approval.request.expires': {
    id: 'Batal otomatis jika belum disetujui sampai {at}.',
    en: 'Cancelled automatically unless approved by {at}.',
  },
  'approval.request.approved': { id: '✅ Disetujui oleh {by}.', en: '✅ Approved by {by}.' },
  'approval.request.rejected': { id: '❌ Ditolak oleh {by}: {reason}', en: '❌ Rejected by {by}: {reason}' },
  'approval.request.expired': { id: '⌛ Kedaluwarsa: tidak ada yang menyetujui.', en: '⌛ Expired: nobody approved it.' },
  'approval.button.approve': { id: '✅ Setujui', en: '✅ Approve' },
  'approval.button.reject': { id: '❌ Tolak (dengan alasan)', en: '❌ Reject (with a reason)' },
  'approval.notice.approved': {
    id: "✅ '{title}' disetujui oleh {by}; pengiriman dimulai.",
    en: "✅ '{title}' was approved by {by}; sending starts.",
  },
  'approval.notice.rejected': {
    id: "❌ '{title}' ditolak oleh {by}: {reason}. Tidak ada yang dikirim.",
    en: "❌ '{title}' was rejected by {by}: {reason}. Nothing was sent.",
  },
  'approval.notice.expired': {
    id: "⌛ '{title}' dibatalkan: tidak ada admin lain yang menyetujuinya dalam {hours} jam. Tidak ada yang dikirim.",
    en: "⌛ '{title}' was cancelled: no other admin approved it within {hours} hours. Nothing was sent.",
  },
  'approval.done.approved': { id: 'Disetujui.', en: 'Approved.' },
  'approval.done.rejected': { id: 'Ditolak.', en: 'Rejected.' },
  'approval.reasonPrompt': {
    id: "Kenapa '{title}' ({id}) ditolak? Balas pesan ini dengan alasannya.",
    en: "Why reject '{title}' ({id})? Reply to this message with the reason.",
  },
  'approval.reasonLabel': { id: 'Alasan penolakan', en: 'Reason for rejecting' },
  'approval.modalTitle': { id: 'Tolak campaign', en: 'Reject campaign' },
  'approval.modalSubmit': { id: 'Tolak', en: 'Reject' },
  'cli.approval.approved': {
    id: 'campaign {id} disetujui; dikirim ke {total} penerima.',
    en: 'campaign {id} approved; sending to {total} recipients.',
  },
  'cli.approval.rejected': { id: 'campaign {id} ditolak.', en: 'campaign {id} rejected.' },
  'cli.create.awaitingApproval': {
    id: '{total} penerima; menunggu persetujuan admin lain (campaigns approve ID).',
    en: '{total} recipients; waiting for approval by another admin (campaigns approve ID).',
  },
  'cli.approval.noReason': { id: 'tanpa alasan', en: 'no reason given' },
  'cli.show.awaitingApproval': { id: 'Menunggu persetujuan sampai {until}', en: 'Waiting for approval until {until}' },
  'cli.show.approvalExpired': { id: 'Persetujuan kedaluwarsa pada {at}', en: 'Approval expired at {at}' },
  'cli.show.approvedBy': { id: 'Disetujui oleh {by} pada {at}', en: 'Approved by {by} at {at}' },
  'cli.show.rejectedBy': { id: 'Ditolak oleh {by} pada {at}: {reason}', en: 'Rejected by {by} at {at}: {reason}' },
} satisfies Catalogue;

registerCatalogue(approval);
