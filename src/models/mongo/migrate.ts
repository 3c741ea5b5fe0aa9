/**
 * Index builds as a migration step, not a side effect of opening the store: on a big collection a new index
 * blocks whoever waits for it, and a changed index option makes mongoose's autoIndex abort the open. The
 * operator runs `broadcast-bot db migrate`; `start` runs it by itself only on an empty database.
 */
import type { Models } from './schemas.js';

/** What a migration did per collection: indexes built and indexes dropped (changed options or no longer declared). */
export interface IndexMigration {
  collection: string;
  created: string[];
  dropped: string[];
}

/** The name MongoDB gives an index (`campaignId_1_status_1`) from mongoose's key object or the name itself, for reports. */
export function indexName(spec: unknown): string {
  if (typeof spec === 'string') return spec;
  if (spec && typeof spec === 'object') return Object.entries(spec).map(([field, dir]) => `${field}_${String(dir)}`).join('_');
  return String(spec);
}

/** Indexes each collection still needs (or has with other options): empty when the database is migrated. */
export async function pendingIndexes(models: Models): Promise<IndexMigration[]> {
  const report: IndexMigration[] = [];
  for (const model of Object.values(models) as Models[keyof Models][]) {
    const diff = await model.diffIndexes();
    if (diff.toCreate.length === 0 && diff.toDrop.length === 0) continue;
    report.push({ collection: model.collection.collectionName, created: diff.toCreate.map(indexName), dropped: diff.toDrop.map(indexName) });
  }
  return report;
}

/**
 * Builds the declared indexes and drops the ones whose options changed (then rebuilt) or that are no longer
 * declared, collection by collection (mongoose `syncIndexes`). Safe to run again: a migrated database changes nothing.
 */
export async function migrateIndexes(models: Models): Promise<IndexMigration[]> {
  const planned = await pendingIndexes(models);
  for (const item of planned) {
    const model = (Object.values(models) as Models[keyof Models][]).find((m) => m.collection.collectionName === item.collection);
    await model?.syncIndexes();
  }
  return planned;
}
