import { registerCatalogue, type Catalogue } from './index.js';

/** Messages of the command line's campaign commands (`campaigns show`, `--wait`, pause/resume/cancel/retry). */
export const cli = {
  'cli.wait.localWorker': {
    id: 'Tidak ada worker yang berjalan: pesan dikirim dari proses ini (biarkan terbuka sampai selesai).',
    en: 'No worker is running: sending from this process (keep it open until it finishes).',
  },
  'cli.show.campaign': { id: 'Campaign {id}: {title}', en: 'Campaign {id}: {title}' },
  'cli.show.counts': {
    id: 'Jumlah: total {total}, berhasil {sent}, gagal {failed}, dilewati {skipped}, tidak pasti {unknown}, diterima {delivered}, dibaca {read}, balasan {replied}',
    en: 'Counts: total {total}, sent {sent}, failed {failed}, skipped {skipped}, unknown {unknown}, delivered {delivered}, read {read}, replies {replied}',
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
  'cli.create.queued': { id: '{total} penerima masuk antrean.', en: '{total} recipients queued.' },
  'cli.control.done': { id: 'Campaign {id} kini {status:status}.', en: 'Campaign {id} is now {status:status}.' },
  // Refusals and retry lines of `campaigns pause|resume|cancel|retry`; {action} and {actions} are the commands to type.
  'cli.control.refusedStatus': {
    id: 'campaigns {action}: campaign {id} berstatus {status:status}; {hint}.',
    en: 'campaigns {action}: campaign {id} is {status:status}; {hint}.',
  },
  'cli.control.refusedNoFailed': {
    id: 'campaigns {action}: campaign {id} tidak punya penerima yang gagal; {hint}.',
    en: 'campaigns {action}: campaign {id} has no failed recipients; {hint}.',
  },
  'cli.control.allowedNow': { id: 'yang bisa dilakukan sekarang: {actions}', en: 'allowed now: {actions}' },
  'cli.control.nothingNow': { id: 'tidak ada yang bisa dilakukan sekarang', en: 'nothing can be done to it now' },
  'cli.retry.created': {
    id: 'retry: campaign {id} mengirim ulang ke {total} penerima',
    en: 'retry: campaign {id} resends to {total} recipients',
  },
  'cli.retry.existing': {
    id: 'retry: campaign {id} sudah mengirim ulang campaign {original} ({status:status}); tidak ada campaign baru',
    en: 'retry: campaign {id} is already retrying campaign {original} ({status:status}); no new one was made',
  },
} satisfies Catalogue;

registerCatalogue(cli);
