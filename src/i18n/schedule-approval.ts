import { registerCatalogue, type Catalogue } from './index.js';

/** Texts of a schedule's two-person approval (issue 15), asked when the schedule is saved. Import for its side effect. */
export const scheduleApproval = {
  'schedule.approval.self': {
    id: 'Jadwal {id} Anda sendiri yang menyimpan; admin lain yang harus menyetujuinya.',
    en: 'You saved schedule {id}; another admin must approve it.',
  },
  'schedule.approval.stale': {
    id: 'Jadwal {id} sudah diubah setelah permintaan ini dikirim; setujui permintaan yang terbaru.',
    en: 'Schedule {id} was edited after this request was sent; approve the latest request instead.',
  },
  'schedule.approval.none': {
    id: 'Jadwal {id} tidak menunggu persetujuan.',
    en: 'Schedule {id} is not waiting for approval.',
  },
  'schedule.approval.already.approved': { id: 'Jadwal {id} sudah disetujui.', en: 'Schedule {id} is already approved.' },
  'schedule.approval.already.rejected': { id: 'Jadwal {id} sudah ditolak.', en: 'Schedule {id} was already rejected.' },
  'schedule.approval.already.pending': { id: 'Jadwal {id} masih menunggu persetujuan.', en: 'Schedule {id} is still waiting for approval.' },
  'schedule.approval.request.header': {
    id: "✋ Jadwal perlu persetujuan: '{name}' ({id}) disimpan oleh {author}, {total} penerima saat ini.",
    en: "✋ Schedule approval needed: '{name}' ({id}) saved by {author}, {total} recipients now.",
  },
  'schedule.approval.request.when': { id: 'Jalan: {when}', en: 'Runs: {when}' },
  'schedule.approval.request.title': { id: 'Judul: {title}', en: 'Title: {title}' },
  'schedule.approval.request.audience': { id: 'Penerima: {audience}', en: 'Audience: {audience}' },
  'schedule.approval.request.note': {
    id: 'Sampai disetujui, jadwal ini tidak berjalan. Persetujuan berlaku untuk isi ini saja; jika diubah, persetujuan diminta lagi.',
    en: 'Until approved, it does not run. The approval covers this content only; an edit asks again.',
  },
  'schedule.approval.audience.all': { id: 'semua pelanggan', en: 'all customers' },
  'schedule.approval.audience.tags': { id: 'tag {tags}', en: 'tags {tags}' },
  'schedule.approval.audience.list': { id: 'daftar {count} nomor', en: 'a list of {count} numbers' },
  'schedule.approval.notice.approved': {
    id: "✅ Jadwal '{name}' ({id}) disetujui oleh {by}; jadwal berjalan sesuai waktunya.",
    en: "✅ Schedule '{name}' ({id}) was approved by {by}; it runs as scheduled.",
  },
  'schedule.approval.notice.rejected': {
    id: "❌ Jadwal '{name}' ({id}) ditolak oleh {by}: {reason}. Jadwal dijeda; tidak ada yang dikirim.",
    en: "❌ Schedule '{name}' ({id}) was rejected by {by}: {reason}. It is paused; nothing was sent.",
  },
  'schedule.approval.waiting': {
    id: '⏳ Menunggu persetujuan admin lain; sampai disetujui, jadwal ini tidak berjalan.',
    en: '⏳ Waiting for approval by another admin; until then it does not run.',
  },
  'schedule.approval.reasonPrompt': {
    id: "Kenapa jadwal '{name}' ({id}) ditolak? Balas pesan ini dengan alasannya.",
    en: "Why reject schedule '{name}' ({id})? Reply to this message with the reason.",
  },
  'schedule.approval.modalTitle': { id: 'Tolak jadwal', en: 'Reject schedule' },
  'schedule.status.awaiting_approval': { id: 'menunggu persetujuan', en: 'awaiting approval' },
  'schedule.outcome.awaiting_approval': { id: 'dilewati, menunggu persetujuan', en: 'skipped, awaiting approval' },
  'schedule.cli.approved': { id: 'jadwal {id} disetujui; berjalan sesuai waktunya.', en: 'schedule {id} approved; it runs as scheduled.' },
  'schedule.cli.rejected': { id: 'jadwal {id} ditolak dan dijeda.', en: 'schedule {id} rejected and paused.' },
  'schedule.cli.noReason': { id: 'ditolak lewat CLI', en: 'rejected from the CLI' },
} satisfies Catalogue;

registerCatalogue(scheduleApproval);
