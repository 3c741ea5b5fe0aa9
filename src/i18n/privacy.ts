import { registerCatalogue, type Catalogue } from './index.js';

/** Answers that keep customer data and link codes out of group chats (issue 13, private by default). */
export const privacy = {
  'privacy.privateChatOnly': {
    id: '🔒 Demi keamanan, gunakan chat pribadi dengan bot untuk perintah ini: kode QR dan kode penautan tidak boleh terlihat anggota grup.',
    en: '🔒 For safety, use a private chat with the bot for this command: QR and pairing codes must not be visible to group members.',
  },
  'privacy.sentPrivately': {
    id: '🔒 Detail dan CSV penerima dikirim ke chat pribadi Anda dengan bot.',
    en: '🔒 The details and the recipients CSV were sent to your private chat with the bot.',
  },
  'privacy.openPrivateChat': {
    id: '🔒 Detail berisi nomor pelanggan dan hanya dikirim lewat chat pribadi. Buka chat pribadi dengan bot, kirim /start, lalu coba lagi.',
    en: '🔒 Details hold customer numbers and are only sent in a private chat. Open a private chat with the bot, send /start, then try again.',
  },
  'privacy.previewInGroup': {
    id: '🔒 Di grup, pratinjau menampilkan pesan apa adanya (tanpa nama dan nomor pelanggan). Lihat contoh untuk pelanggan tertentu lewat chat pribadi dengan bot.',
    en: '🔒 In a group the preview shows the message as written (no customer names or numbers). See it for a real customer in a private chat with the bot.',
  },
  'privacy.failuresPrivately': {
    id: '🔒 {count} penerima tidak terkirim. Nomor dan alasannya hanya ditampilkan di chat pribadi dengan bot (/campaign {id} atau 📄 Detail).',
    en: '🔒 {count} recipients were not sent to. Their numbers and reasons are shown only in a private chat with the bot (/campaign {id} or 📄 Details).',
  },
} satisfies Catalogue;

registerCatalogue(privacy);
