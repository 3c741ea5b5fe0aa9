import { registerCatalogue, type Catalogue } from './index.js';

/** Messages of the operations side: the private Redis and its install hint. */
export const ops = {
  'ops.redis_missing': {
    id:
      'redis-server tidak ditemukan di PATH. Pasang Redis lalu jalankan lagi:\n' +
      '  Debian/Ubuntu: sudo apt-get install redis-server\n' +
      '  macOS:         brew install redis\n' +
      'Atau arahkan REDIS_URL ke server Redis yang sudah ada (dengan maxmemory-policy noeviction).',
    en:
      'redis-server was not found on PATH. Install Redis and start again:\n' +
      '  Debian/Ubuntu: sudo apt-get install redis-server\n' +
      '  macOS:         brew install redis\n' +
      'Or point REDIS_URL at an existing Redis server (with maxmemory-policy noeviction).',
  },
  'ops.redis_unreachable': {
    id: 'Redis di {url} tidak menjawab ({detail}). Periksa REDIS_URL dan apakah server Redis berjalan.',
    en: 'Redis at {url} does not answer ({detail}). Check REDIS_URL and that the Redis server is running.',
  },
  'ops.redis_start_failed': {
    id: 'redis-server pribadi gagal dijalankan ({detail}). Lihat log-nya di {log}.',
    en: 'The private redis-server did not start ({detail}). See its log at {log}.',
  },
} satisfies Catalogue;

registerCatalogue(ops);
