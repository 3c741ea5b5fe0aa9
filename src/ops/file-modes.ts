/**
 * Keeps DATA_DIR private to the service's user: customer data, the WhatsApp session (in clear without
 * WHATSAPP_AUTH_KEY), the outbox and media must not be readable by other accounts on the machine.
 * At start: umask 077 for every file created from now on, DATA_DIR 0700, and existing files fixed (dirs 0700,
 * files 0600), because earlier versions and `REDIS_URL` set-ups created them 0755 / 0644.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../app-types.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../logging/logger.js';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Sets umask 077, creates DATA_DIR 0700 and makes everything already in it private (symlinks are not followed).
 * Returns how many modes it changed.
 */
export function secureDataDir(config: Pick<Config, 'DATA_DIR' | 'DRY_RUN_OUTBOX'>, logger: Logger): number {
  process.umask(0o077);
  mkdirSync(config.DATA_DIR, { recursive: true, mode: PRIVATE_DIR });
  let changed = fix(config.DATA_DIR);
  // The outbox may live outside DATA_DIR (DRY_RUN_OUTBOX); it holds every message text and number.
  if (existsSync(config.DRY_RUN_OUTBOX)) changed += fix(config.DRY_RUN_OUTBOX);
  if (changed > 0) logger.info({ changed, dataDir: config.DATA_DIR }, 'made DATA_DIR private (folders 0700, files 0600)');
  return changed;
}

function fix(path: string): number {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 0;
  let changed = 0;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== PRIVATE_DIR) {
      chmodSync(path, PRIVATE_DIR);
      changed++;
    }
    for (const entry of readdirSync(path)) changed += fix(join(path, entry));
  } else if (stat.isFile() && (stat.mode & 0o777 & ~PRIVATE_FILE) !== 0) {
    chmodSync(path, stat.mode & PRIVATE_FILE);
    changed++;
  }
  return changed;
}

/** Warns when a WhatsApp session is stored in clear because WHATSAPP_AUTH_KEY is not set. */
export async function warnIfSessionUnencrypted(app: App, account = 'default'): Promise<boolean> {
  if (app.config.WHATSAPP_AUTH_KEY) return false;
  // Loaded lazily: the session module pulls in Baileys, which secureDataDir's callers should not pay for.
  const namespace = (await import('../whatsapp/baileys/session.js')).authNamespaceOf(account);
  const stored = await app.store.kv.getMany(namespace, ['creds']);
  if (!stored.has('creds')) return false;
  app.logger.warn(
    'the WhatsApp session is stored unencrypted: anyone who can read the database can send as this number. ' +
      'Set WHATSAPP_AUTH_KEY (openssl rand -hex 32); the session is re-encrypted at the next start.',
  );
  return true;
}
