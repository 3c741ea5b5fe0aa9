import { registerCatalogue, type Catalogue } from './index.js';

/** Messages of the command line's campaign commands (`campaigns show`, `--wait`, pause/resume/cancel/retry). */
export const cli = {
  'cli.wait.localWorker': {
    id: 'Tidak ada worker yang berjalan: pesan dikirim dari proses ini (biarkan terbuka sampai selesai).',
    en: 'No worker is running: sending from this process (keep it open until it finishes).',
  },
  'cli.show.campaign': { id: 'Campaign {id}: {title}', en: 'Campaign {id}: {title}' },
  'cli.show.counts': {
    id: 'Jumlah: total {total}, berhasil {sent}, gagal {failed}, dilewati {skipped}, tidak pasti {unknown}, diterima {delivered}, dibaca {read}',
    en: 'Counts: total {total}, sent {sent}, failed {failed}, skipped {skipped}, unknown {unknown}, delivered {delivered}, read {read}',
  },
  'cli.show.created': { id: 'Dibuat {at}', en: 'Created {at}' },
  'cli.show.started': { id: 'mulai {at}', en: 'started {at}' },
  'cli.show.finished': { id: 'berakhir {at}', en: 'finished {at}' },
  'cli.show.retryOf': { id: 'Pengiriman ulang dari {id}', en: 'Retry of {id}' },
  'cli.show.notSent': { id: 'Tidak terkirim:', en: 'Not sent:' },
  'recipientStatus.pending': { id: 'menunggu', en: 'pending' },
  'recipientStatus.sent': { id: 'terkirim', en: 'sent' },
  'recipientStatus.failed': { id: 'gagal', en: 'failed' },
  'recipientStatus.skipped': { id: 'dilewati', en: 'skipped' },
  'recipientStatus.unknown': { id: 'tidak pasti', en: 'unknown' },
  'cli.control.done': { id: 'Campaign {id} kini {status:status}.', en: 'Campaign {id} is now {status:status}.' },
} satisfies Catalogue;

registerCatalogue(cli);
