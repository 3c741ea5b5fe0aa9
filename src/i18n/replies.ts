import { registerCatalogue, type Catalogue } from './index.js';

/** Customers' WhatsApp answers forwarded to the admins, and the admins' answers sent back (src/campaigns/replies.ts). */
export const replies = {
  'reply.forward.header': {
    id: '💬 Balasan dari {name} ({phone}) untuk campaign "{title}":',
    en: '💬 Reply from {name} ({phone}) to campaign "{title}":',
  },
  'reply.forward.unnamed': { id: 'pelanggan', en: 'a customer' },
  'reply.forward.campaignHeader': {
    id: '📢 Balasan untuk campaign "{title}" ({id}) masuk di utas ini.',
    en: '📢 Replies to campaign "{title}" ({id}) arrive in this thread.',
  },
  'reply.forward.media': {
    id: '[{kind:replyMedia}: tidak diunduh. Minta pelanggan mengirim ulang lewat teks bila perlu.]',
    en: '[{kind:replyMedia}: not downloaded. Ask the customer to write it as text if needed.]',
  },
  'reply.forward.howToAnswer': {
    id: 'Balas pesan ini untuk menjawab pelanggan lewat WhatsApp.',
    en: 'Reply to this message to answer the customer on WhatsApp.',
  },
  'reply.forward.howToAnswerSlack': {
    id: 'Balas di utas ini untuk menjawab pelanggan lewat WhatsApp.',
    en: 'Reply in this thread to answer the customer on WhatsApp.',
  },
  'replyMedia.image': { id: 'Gambar', en: 'Image' },
  'replyMedia.video': { id: 'Rekaman video', en: 'Video' },
  'replyMedia.audio': { id: 'Pesan suara / audio', en: 'Voice message / audio' },
  'replyMedia.document': { id: 'Dokumen', en: 'Document' },
  'replyMedia.sticker': { id: 'Stiker', en: 'Sticker' },
  'replyMedia.location': { id: 'Lokasi', en: 'Location' },
  'replyMedia.contact': { id: 'Kartu kontak', en: 'Contact card' },
  'replyMedia.other': { id: 'Pesan media', en: 'Media message' },
  'reply.answer.sent': { id: '✓ Terkirim ke {name} ({phone}).', en: '✓ Sent to {name} ({phone}).' },
  'reply.answer.ambiguous': {
    id: 'Utas ini berisi balasan dari beberapa pelanggan. Awali jawaban Anda dengan nomor pelanggan, mis. {phone} Terima kasih!',
    en: 'This thread has replies from several customers. Start your answer with the customer’s number, e.g. {phone} Thank you!',
  },
  'reply.answer.empty': {
    id: 'Jawaban kosong tidak dikirim. Tulis teks untuk pelanggan.',
    en: 'An empty answer is not sent. Write a text for the customer.',
  },
  'reply.answer.windowClosed': {
    id: 'Jawaban tidak dikirim: {name} ({phone}) terakhir menulis {ago} yang lalu; WhatsApp hanya mengizinkan bisnis mengirim teks bebas dalam 24 jam sejak pesan terakhir pelanggan. Kirim campaign dengan template sebagai gantinya.',
    en: 'Answer not sent: {name} ({phone}) last wrote {ago} ago; WhatsApp only lets a business send free text within 24 hours of the customer’s last message. Send a template campaign instead.',
  },
  'reply.answer.windowNever': {
    id: 'Jawaban tidak dikirim: {name} ({phone}) belum pernah menulis ke nomor {account}; WhatsApp hanya mengizinkan bisnis mengirim teks bebas dalam 24 jam sejak pesan terakhir pelanggan. Kirim campaign dengan template sebagai gantinya.',
    en: 'Answer not sent: {name} ({phone}) has not written to number {account}; WhatsApp only lets a business send free text within 24 hours of the customer’s last message. Send a template campaign instead.',
  },
  'reply.answer.agoHours': { id: '{n} jam', en: '{n} hours' },
  'reply.answer.agoDays': { id: '{n} hari', en: '{n} days' },
  'cli.simulate.dryRunOnly': {
    id: 'simulate-inbound hanya bekerja dengan pengirim uji coba (WHATSAPP_DRIVER=dry-run): dengan akun WhatsApp sungguhan, pesan masuk datang dari pelanggan.',
    en: 'simulate-inbound works only with the dry-run sender (WHATSAPP_DRIVER=dry-run): with a real WhatsApp account, inbound messages come from customers.',
  },
  'cli.simulate.optedOut': { id: '{phone} berhenti berlangganan (kata kunci opt-out).', en: '{phone} opted out (opt-out keyword).' },
  'cli.simulate.forwarded': {
    id: 'Balasan diteruskan ke admin di utas campaign "{title}" ({id}).',
    en: 'Reply forwarded to the admins in the thread of campaign "{title}" ({id}).',
  },
  'cli.simulate.ignored': {
    id: 'Tidak diteruskan: {phone} tidak menerima campaign dalam {days} hari terakhir.',
    en: 'Not forwarded: {phone} received no campaign in the last {days} days.',
  },
  'cli.simulate.off': {
    id: 'Tidak diteruskan: REPLY_WINDOW_DAYS=0 mematikan penerusan balasan.',
    en: 'Not forwarded: REPLY_WINDOW_DAYS=0 turns reply forwarding off.',
  },
} satisfies Catalogue;

registerCatalogue(replies);
