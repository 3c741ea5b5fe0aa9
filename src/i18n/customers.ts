import { registerCatalogue, type Catalogue } from './index.js';

/** Messages about customers: the CSV import, opt-out and the `customers` commands. */
export const customers = {
  'customers.error.csv_unreadable': {
    id: 'File CSV {file} tidak bisa dibaca: {reason}. Periksa path-nya dan izin baca file.',
    en: 'Cannot read the CSV file {file}: {reason}. Check the path and that the file is readable.',
  },
  'customers.error.csv_no_phone_column': {
    id:
      'CSV tidak punya kolom nomor telepon. Beri nama kolom nomornya salah satu dari: {accepted} ' +
      '(opsional: name/nama dan tags; kolom lain menjadi atribut). Kolom yang ada: {found}. ' +
      'Ekspor Google Kontak dan Outlook serta file vCard (.vcf) dikenali apa adanya. ' +
      'Jika berupa spreadsheet, simpan dulu sebagai CSV.',
    en:
      'The CSV has no phone column. Name the column with the numbers one of: {accepted} ' +
      '(optional: name/nama and tags; any other column becomes an attribute). Columns found: {found}. ' +
      'Google Contacts and Outlook exports and vCard (.vcf) files are recognised as they are. ' +
      'If it is a spreadsheet, save it as CSV first.',
  },
  'customers.error.csv_malformed': {
    id:
      'File bukan CSV yang valid pada baris {line}: {detail}. Baris sebelumnya sudah diimpor; ' +
      'perbaiki file lalu impor lagi (impor ulang aman).',
    en:
      'The file is not valid CSV at line {line}: {detail}. Rows before that line were imported; ' +
      'fix the file and import it again (importing twice is safe).',
  },
  'customers.error.not_found': {
    id: 'Tidak ada pelanggan dengan nomor {id}.',
    en: 'No customer has the number {id}.',
  },
  'customers.error.invalid_phone': {
    id: '"{phone}" bukan nomor telepon yang bisa dipakai ({reason:rejection}). Tulis seperti 0812-3456-7890 atau +62 812 3456 7890.',
    en: '"{phone}" is not a usable phone number ({reason:rejection}). Write it like 0812-3456-7890 or +62 812 3456 7890.',
  },

  'customers.import.more_rejected': {
    id: '… dan {count} baris ditolak lainnya (tulis semuanya dengan --errors FILE).',
    en: '… and {count} more rejected rows (write them all with --errors FILE).',
  },
  'customers.import.errors_written': {
    id: '{count} baris ditolak ditulis ke {file}.',
    en: '{count} rejected rows written to {file}.',
  },
  'customers.list.phone': { id: 'nomor', en: 'phone' },
  'customers.list.name': { id: 'nama', en: 'name' },
  'customers.list.tags': { id: 'tag', en: 'tags' },
  'customers.list.opted_out': { id: 'berhenti', en: 'opted out' },
  'customers.list.yes': { id: 'ya', en: 'yes' },
  'customers.list.no': { id: 'tidak', en: 'no' },
  'customers.list.empty': { id: 'Belum ada pelanggan.', en: 'No customers.' },
  'customers.list.empty_tag': { id: 'Tidak ada pelanggan dengan tag {tag}.', en: 'No customers have the tag {tag}.' },
  'customers.list.truncated': {
    id: 'Menampilkan {count} pelanggan pertama; pakai --limit N untuk lebih banyak.',
    en: 'Showing the first {count} customers; use --limit N for more.',
  },
  'customers.count': { id: '{count} pelanggan aktif', en: '{count} customers (opted in)' },
  'customers.count_tag': { id: '{count} pelanggan aktif dengan tag {tag}', en: '{count} customers (opted in) with the tag {tag}' },
  'customers.optout.done': {
    id: '{phone} berhenti berlangganan; tidak akan menerima broadcast lagi.',
    en: '{phone} opted out; they will get no more broadcasts.',
  },
  'customers.tags.header_count': { id: 'aktif', en: 'opted in' },
  'customers.tags.header_total': { id: 'total', en: 'total' },
  'customers.tags.header_tag': { id: 'tag', en: 'tag' },
  'customers.tags.empty': { id: 'Belum ada tag. Tambahkan kolom tags di CSV.', en: 'No tags yet. Add a tags column to the CSV.' },
  'customers.error.csv_bad_encoding': {
    id:
      'File ini berawal seperti teks {encoding} tetapi isinya bukan {encoding} yang valid; baris sebelum kerusakan sudah diimpor. ' +
      'Simpan ulang (sebagai CSV UTF-8) lalu impor lagi.',
    en:
      'The file starts like {encoding} text but is not valid {encoding}; rows before the damage were imported. ' +
      'Save it again (as CSV UTF-8) and import it again.',
  },
  'customers.import.summary': {
    id: '📥 Impor selesai: {created} baru, {updated} diperbarui, {unchanged} tetap, {rejected} ditolak.',
    en: '📥 Import finished: {created} new, {updated} updated, {unchanged} unchanged, {rejected} rejected.',
  },
  'customers.import.format': { id: 'Dikenali sebagai {format}.', en: 'Recognised as {format}.' },
  'customers.format.google_csv': { id: 'CSV Google Kontak', en: 'Google Contacts CSV' },
  'customers.format.outlook_csv': { id: 'CSV Outlook', en: 'Outlook CSV' },
  'customers.format.vcard': { id: 'vCard (.vcf)', en: 'vCard (.vcf)' },
  'customers.import.read_as_windows_1252': {
    id: 'Dibaca sebagai Windows-1252 (file bukan UTF-8): periksa apakah nama tampil benar.',
    en: 'Read as Windows-1252 (the file is not UTF-8): check that the names look right.',
  },
  'customers.import.read_as_windows_1252_from': {
    id: 'Dibaca sebagai Windows-1252 mulai baris {line} (baris sebelumnya UTF-8): periksa nama mulai dari baris itu.',
    en: 'Read as Windows-1252 from line {line} on (the lines before were UTF-8): check the names from that line.',
  },
  'customers.import.lost_characters': {
    id:
      '{count} baris yang diimpor sudah berisi "�" (karakter hilang sebelum file disimpan), baris {lines}: ' +
      'perbaiki di sumbernya lalu impor lagi.',
    en:
      '{count} imported rows already hold "�" (characters lost before the file was saved), lines {lines}: ' +
      'fix them at the source and import again.',
  },
  'customers.import.rejected_row': { id: 'Baris {row}: “{value}” — {reason}', en: 'Line {row}: “{value}” — {reason}' },
  'customers.import.rejected_card': {
    id: 'Kartu {card} (baris {row}): “{value}” — {reason}',
    en: 'Card {card} (line {row}): “{value}” — {reason}',
  },
  'customers.import.more': { id: '… dan {count} lainnya.', en: '… and {count} more.' },
  'customers.reason.no_phone': { id: 'tidak ada nomor telepon', en: 'no phone number' },
  'customers.reason.no_usable_phone': { id: 'tidak ada nomor yang bisa dipakai ({detail})', en: 'no usable phone number ({detail})' },
  'slack.import.started': { id: '📥 Mengimpor {name}…', en: '📥 Importing {name}…' },
  'slack.import.failed': { id: '⚠️ Impor gagal: {reason}', en: '⚠️ Import failed: {reason}' },
  'slack.import.too_big': {
    id: 'File terlalu besar untuk diimpor dari Slack (maks. {mb} MB). Pakai `broadcast-bot customers import FILE`.',
    en: 'The file is too big to import from Slack (max. {mb} MB). Use `broadcast-bot customers import FILE`.',
  },
} satisfies Catalogue;

registerCatalogue(customers);
