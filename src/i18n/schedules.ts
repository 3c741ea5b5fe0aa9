import { registerCatalogue, type Catalogue } from './index.js';

/** Messages of scheduled and recurring campaigns, shared by the CLI, Telegram and Slack. */
export const schedules = {
  'schedule.error.bad_cron': {
    id: 'Ekspresi cron "{value}" tidak valid. Contoh: "0 9 * * 1" (setiap Senin 09:00) atau preset "setiap hari 09:00".',
    en: 'The cron expression "{value}" is invalid. Example: "0 9 * * 1" (every Monday 09:00) or the preset "every day 09:00".',
  },
  'schedule.error.cron_fields': {
    id: 'Ekspresi cron "{value}" punya {count} bagian, padahal cron perlu 5 (menit jam tanggal bulan hari) atau 6 (dengan detik di depan). Contoh: "0 9 * * 1" (setiap Senin 09:00), atau tulis "setiap hari 09:00" / "besok jam 9".',
    en: 'The cron expression "{value}" has {count} parts; cron needs 5 (minute hour day month weekday) or 6 (seconds first). Example: "0 9 * * 1" (every Monday 09:00), or write "every day 09:00" / "tomorrow at 9".',
  },
  'schedule.error.cron_field': {
    id: 'Ekspresi cron "{value}" tidak valid: "{part}" tidak bisa dipakai sebagai {field:cronField}. Contoh: "0 9 * * 1" (setiap Senin 09:00).',
    en: 'The cron expression "{value}" is invalid: "{part}" cannot be the {field:cronField}. Example: "0 9 * * 1" (every Monday 09:00).',
  },
  'cronField.second': { id: 'detik (0–59)', en: 'second (0–59)' },
  'cronField.minute': { id: 'menit (0–59)', en: 'minute (0–59)' },
  'cronField.hour': { id: 'jam (0–23)', en: 'hour (0–23)' },
  'cronField.day_of_month': { id: 'tanggal (1–31)', en: 'day of the month (1–31)' },
  'cronField.month': { id: 'bulan (1–12)', en: 'month (1–12)' },
  'cronField.week_day': { id: 'hari dalam minggu (0–7, 0 dan 7 = Minggu)', en: 'weekday (0–7, 0 and 7 = Sunday)' },
  'schedule.preset.daily': { id: 'setiap hari {time}', en: 'every day {time}' },
  'schedule.preset.workdays': { id: 'setiap hari kerja {time}', en: 'every weekday {time}' },
  'schedule.preset.weekly': { id: 'setiap {day} {time}', en: 'every {day} {time}' },
  'schedule.weekday.0': { id: 'Minggu', en: 'Sunday' },
  'schedule.weekday.1': { id: 'Senin', en: 'Monday' },
  'schedule.weekday.2': { id: 'Selasa', en: 'Tuesday' },
  'schedule.weekday.3': { id: 'Rabu', en: 'Wednesday' },
  'schedule.weekday.4': { id: 'Kamis', en: 'Thursday' },
  'schedule.weekday.5': { id: 'Jumat', en: 'Friday' },
  'schedule.weekday.6': { id: 'Sabtu', en: 'Saturday' },
  'schedule.error.time_past': {
    id: 'Waktu {time} sudah lewat. Pilih waktu di masa depan.',
    en: 'The time {time} is in the past. Choose a time in the future.',
  },
  'schedule.error.bad_time': {
    id: 'Waktu "{value}" tidak dikenali. Tulis seperti 2025-06-01 18:00 (zona {tz}) atau 2025-06-01T18:00:00+07:00.',
    en: 'The time "{value}" is not understood. Write it like 2025-06-01 18:00 (zone {tz}) or 2025-06-01T18:00:00+07:00.',
  },
  'schedule.error.bad_timezone': {
    id: 'Zona waktu "{value}" tidak dikenal. Gunakan nama IANA seperti Asia/Jakarta, Asia/Makassar atau UTC.',
    en: 'The time zone "{value}" is unknown. Use an IANA name such as Asia/Jakarta, Asia/Makassar or UTC.',
  },
  'schedule.error.no_when': {
    id: 'Tentukan kapan dikirim: sekali pada satu waktu (--at) atau berulang (--cron), salah satu saja.',
    en: 'Say when to send: once at a time (--at) or recurring (--cron), exactly one of them.',
  },
  'schedule.error.bad_input': {
    id: '"{value}" bukan waktu, preset, atau ekspresi cron. Contoh sekali kirim: 2025-06-01 18:00 · besok jam 9 · Senin depan 09:00 · minggu depan jam 9 · 2 jam lagi. Berulang: setiap hari 09:00 · setiap hari kerja 08:00 · setiap Senin 09:00 · 0 9 * * 1.',
    en: '"{value}" is not a time, a preset or a cron expression. Once: 2025-06-01 18:00 · tomorrow at 9 · next Monday 09:00 · next week 9:00 · in 2 hours. Recurring: every day 09:00 · every weekday 08:00 · every Monday 09:00 · 0 9 * * 1.',
  },
  'schedule.error.not_found': {
    id: 'Jadwal {id} tidak ditemukan. Lihat daftar dengan "schedules list".',
    en: 'Schedule {id} was not found. See the list with "schedules list".',
  },
  'schedule.error.already_ran': {
    id: 'Jadwal sekali-kirim {id} sudah dijalankan; buat jadwal baru untuk mengirim lagi.',
    en: 'The one-off schedule {id} has already run; create a new schedule to send again.',
  },
  'schedule.error.empty_name': { id: 'Nama jadwal kosong.', en: 'The schedule name is empty.' },

  'schedule.saved': { id: "✅ Jadwal '{name}' tersimpan (id {id}).", en: "✅ Schedule '{name}' saved (id {id})." },
  'schedule.next_runs': { id: 'Jadwal kirim berikutnya:', en: 'Next runs:' },
  'schedule.recipients_now': {
    id: 'Penerima saat ini: {total} (dihitung ulang setiap kali jadwal berjalan).',
    en: 'Recipients now: {total} (resolved again at every run).',
  },
  'schedule.when.once': { id: 'sekali, {time}', en: 'once, {time}' },
  'schedule.when.cron': { id: 'cron "{cron}" ({tz})', en: 'cron "{cron}" ({tz})' },
  'schedule.when.preset': { id: '{preset} ({tz})', en: '{preset} ({tz})' },
  'schedule.status.active': { id: 'aktif', en: 'active' },
  'schedule.status.paused': { id: 'dijeda', en: 'paused' },
  'schedule.status.done': { id: 'selesai', en: 'done' },
  'schedule.list.empty': { id: 'Belum ada jadwal.', en: 'No schedules yet.' },
  'schedule.list.next': { id: 'berikutnya: {time}', en: 'next: {time}' },
  'schedule.list.last': { id: 'terakhir: {time} ({outcome})', en: 'last: {time} ({outcome})' },
  'schedule.outcome.created': { id: 'campaign {campaignId} dibuat', en: 'campaign {campaignId} created' },
  'schedule.outcome.skipped': { id: 'dilewati, campaign sebelumnya masih berjalan', en: 'skipped, the previous campaign was still running' },
  'schedule.outcome.missed': { id: 'terlewat saat layanan mati', en: 'missed during downtime' },
  'schedule.outcome.failed': { id: 'gagal: {reason:error}', en: 'failed: {reason:error}' },
  'schedule.paused': { id: '⏸ Jadwal {id} dijeda.', en: '⏸ Schedule {id} paused.' },
  'schedule.resumed': { id: '▶️ Jadwal {id} aktif lagi.', en: '▶️ Schedule {id} resumed.' },
  'schedule.deleted': { id: '🗑 Jadwal {id} dihapus.', en: '🗑 Schedule {id} deleted.' },

  'alert.schedule_skipped': {
    id: "⏭ Jadwal '{name}' ({id}) dilewati pada {time}: campaign sebelumnya {campaignId} masih {status}.",
    en: "⏭ Schedule '{name}' ({id}) was skipped at {time}: the previous campaign {campaignId} is still {status}.",
  },
  'alert.schedule_missed': {
    id: "⌛ Jadwal '{name}' ({id}) terlewat pada {time}: penjadwal tidak berjalan lebih lama dari toleransi {tolerance}. Tidak dikirim.",
    en: "⌛ Schedule '{name}' ({id}) missed its run at {time}: the scheduler was down longer than the {tolerance} tolerance. Nothing was sent.",
  },
  'alert.schedule_failed': {
    id: "❌ Jadwal '{name}' ({id}) gagal membuat campaign pada {time}: {reason}",
    en: "❌ Schedule '{name}' ({id}) could not create its campaign at {time}: {reason}",
  },

  'schedule.cli.usage': {
    id:
      'Pemakaian:\n' +
      '  broadcast-bot schedules create --title T --message M (--all | --tag T) (--at WAKTU | --cron EKSPRESI) [--tz ZONA] [--name N]\n' +
      '  broadcast-bot schedules list\n' +
      '  broadcast-bot schedules pause|resume|delete ID\n' +
      '  broadcast-bot schedules approve ID\n' +
      '  broadcast-bot schedules reject ID [--reason TEKS]',
    en:
      'Usage:\n' +
      '  broadcast-bot schedules create --title T --message M (--all | --tag T) (--at TIME | --cron EXPR) [--tz ZONE] [--name N]\n' +
      '  broadcast-bot schedules list\n' +
      '  broadcast-bot schedules pause|resume|delete ID\n' +
      '  broadcast-bot schedules approve ID\n' +
      '  broadcast-bot schedules reject ID [--reason TEXT]',
  },
  'schedule.cli.bad_usage': { id: 'Pemakaian salah: {detail}', en: 'Bad usage: {detail}' },
} satisfies Catalogue;

registerCatalogue(schedules);
