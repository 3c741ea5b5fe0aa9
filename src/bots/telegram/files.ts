/**
 * Files users send to the bot: fetched with getFile and downloaded from TELEGRAM_API_ROOT/file/bot<token>/<path>
 * into DATA_DIR (CSV imports under `imports/`, campaign media under `media/`, where the sender reads it).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { basename, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Api } from 'grammy';
import type { Config } from '../../config/env.js';
import type { MediaRef } from '../../campaigns/types.js';

/** The Bot API serves files up to 20 MB to bots. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export class FileDownloadError extends Error {
  constructor(
    readonly reason: 'too_big' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'FileDownloadError';
  }
}

/** Downloads a Telegram file into `folder` under DATA_DIR and returns its absolute path. */
export async function downloadFile(
  api: Api,
  config: Config,
  fileId: string,
  folder: 'media' | 'imports',
  fileName: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const file = await api.getFile(fileId);
  if (!file.file_path) {
    throw new FileDownloadError(
      'too_big',
      'Telegram gave no download path for the file (bots can download up to 20 MB)',
    );
  }
  if ((file.file_size ?? 0) > MAX_DOWNLOAD_BYTES)
    throw new FileDownloadError('too_big', 'the file is larger than 20 MB');
  const token = config.TELEGRAM_BOT_TOKEN ?? '';
  // The URL holds the token: it must never appear in an error or a log line.
  const response = await fetchImpl(`${config.TELEGRAM_API_ROOT}/file/bot${token}/${file.file_path}`);
  if (!response.ok || !response.body) {
    throw new FileDownloadError('unavailable', `the Bot API answered ${response.status} to the file download`);
  }
  const dir = join(config.DATA_DIR, folder);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}-${safeName(fileName)}`);
  try {
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>),
      createWriteStream(path),
    );
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return path;
}

/** Stores a photo or document of the wizard as campaign media. */
export async function downloadMedia(
  api: Api,
  config: Config,
  input: { fileId: string; kind: MediaRef['kind']; fileName: string; mimeType: string },
): Promise<MediaRef> {
  const path = await downloadFile(api, config, input.fileId, 'media', input.fileName);
  return { kind: input.kind, path, fileName: input.fileName, mimeType: input.mimeType };
}

/** Keeps a file name readable but harmless on disk. */
function safeName(name: string): string {
  const base = basename(name)
    .replace(/[^\w.-]+/g, '_')
    .slice(-80);
  return base === '' || base === '.' || base === '..' ? `file${extname(name)}` : base;
}
