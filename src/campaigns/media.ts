/** Media for campaigns: stored once under DATA_DIR/media (named by content hash) and sent to each recipient. */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { ValidationError } from './errors.js';
import type { MediaRef } from './types.js';

const IMAGE_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };
const DOCUMENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** WhatsApp's limit for documents is 100 MB; images are recompressed by WhatsApp above ~16 MB. */
const MAX_BYTES = 64 * 1024 * 1024;

/** Copies a local file into DATA_DIR/media and describes it; throws ValidationError for unreadable or huge files. */
export async function storeMedia(dataDir: string, sourcePath: string, fileName = basename(sourcePath)): Promise<MediaRef> {
  const info = await stat(sourcePath).catch(() => null);
  if (!info?.isFile()) throw new ValidationError('media_unreadable', 'error.media_unreadable', { path: sourcePath });
  if (info.size > MAX_BYTES) throw new ValidationError('media_too_large', 'error.media_too_large', { max: '64 MB' });
  const hash = createHash('sha256').update(await readFile(sourcePath)).digest('hex').slice(0, 32);
  const ext = extname(fileName).toLowerCase();
  const dir = join(dataDir, 'media');
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${hash}${ext}`);
  await copyFile(sourcePath, target);
  const image = IMAGE_TYPES[ext];
  return image
    ? { kind: 'image', path: target, fileName, mimeType: image }
    : { kind: 'document', path: target, fileName, mimeType: DOCUMENT_TYPES[ext] ?? 'application/octet-stream' };
}
