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
} satisfies Catalogue;

registerCatalogue(approval);
