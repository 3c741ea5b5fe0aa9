import { registerCatalogue, type Catalogue } from './index.js';

/** Answers that keep customer data and link codes out of group chats (issue 13, private by default). */
export const privacy = {
  'privacy.privateChatOnly': {
    id: '🔒 Demi keamanan, gunakan chat pribadi dengan bot untuk perintah ini: kode QR dan kode penautan tidak boleh terlihat anggota grup.',
    en: '🔒 For safety, use a private chat with the bot for this command: QR and pairing codes must not be visible to group members.',
  },
} satisfies Catalogue;

registerCatalogue(privacy);
