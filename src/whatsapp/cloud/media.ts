/**
 * Media for Cloud API sends: a campaign's image or document is uploaded once (POST /{phone-number-id}/media)
 * and every recipient's message refers to the returned media id.
 */
import { readFile } from 'node:fs/promises';
import type { MediaRef } from '../../campaigns/types.js';
import type { GraphClient } from './client.js';

export class MediaUploads {
  /** campaign id + file path → the upload (a promise, so concurrent lanes share one upload). */
  private readonly uploads = new Map<string, Promise<string>>();

  constructor(
    private readonly client: GraphClient,
    private readonly phoneNumberId: string,
  ) {}

  /** The media id of the campaign's file, uploading it the first time only. */
  mediaId(campaignId: string, media: MediaRef): Promise<string> {
    const key = `${campaignId}:${media.path}`;
    let upload = this.uploads.get(key);
    if (!upload) {
      upload = this.upload(media);
      // A failed upload is tried again by the next send instead of failing every recipient.
      upload.catch(() => this.uploads.delete(key));
      this.uploads.set(key, upload);
    }
    return upload;
  }

  /** How many distinct uploads were made (for tests and logs). */
  get count(): number {
    return this.uploads.size;
  }

  private async upload(media: MediaRef): Promise<string> {
    const bytes = await readFile(media.path);
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', media.mimeType);
    form.set('file', new Blob([bytes], { type: media.mimeType }), media.fileName);
    const answer = await this.client.postForm<{ id: string }>(`/${this.phoneNumberId}/media`, form);
    return answer.id;
  }
}
