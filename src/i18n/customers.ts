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
      'Jika berupa spreadsheet, simpan dulu sebagai CSV (UTF-8).',
    en:
      'The CSV has no phone column. Name the column with the numbers one of: {accepted} ' +
      '(optional: name/nama and tags; any other column becomes an attribute). Columns found: {found}. ' +
      'If it is a spreadsheet, save it as CSV (UTF-8) first.',
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
} satisfies Catalogue;

registerCatalogue(customers);
