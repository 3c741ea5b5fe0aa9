/**
 * Phone lists in MongoDB: `audience_lists` holds each list as ordered chunks of PHONES_PER_CHUNK numbers
 * (about 200 kB each), so a list of any size never makes a document near the 16 MB limit.
 */
import { Types, type Model } from 'mongoose';
import type { AudienceListRepository } from '../../campaigns/ports.js';
import { newLongId } from '../ids.js';
import type { AudienceChunkDoc } from './schemas.js';

/** Numbers per chunk document. */
export const PHONES_PER_CHUNK = 10_000;

/** The AudienceListRepository on the `audience_lists` collection. */
export function createAudienceListRepository(chunks: Model<AudienceChunkDoc>): AudienceListRepository {
  return {
    async create(phones) {
      const listId = newLongId();
      const docs: AudienceChunkDoc[] = [];
      for (let i = 0; i < phones.length; i += PHONES_PER_CHUNK) {
        docs.push({ _id: new Types.ObjectId(), listId, seq: docs.length, phones: phones.slice(i, i + PHONES_PER_CHUNK) });
      }
      // A list nobody references yet: a failure half-way leaves chunks no audience points at, never a short list in use.
      for (let i = 0; i < docs.length; i += 10) await chunks.insertMany(docs.slice(i, i + 10), { ordered: true, lean: true });
      return { listId, count: phones.length };
    },

    async *pages(listId, pageSize) {
      let buffer: string[] = [];
      for (let seq = 0; ; seq++) {
        const chunk = await chunks.findOne({ listId, seq }, { phones: 1 }).lean<Pick<AudienceChunkDoc, '_id' | 'phones'>>();
        if (!chunk) break;
        buffer = buffer.concat(chunk.phones);
        while (buffer.length >= pageSize) {
          yield buffer.slice(0, pageSize);
          buffer = buffer.slice(pageSize);
        }
      }
      if (buffer.length > 0) yield buffer;
    },

    async delete(listId) {
      await chunks.deleteMany({ listId });
    },
  };
}
