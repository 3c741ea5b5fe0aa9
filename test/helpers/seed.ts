import type { App } from '../../src/app-types.js';
import type { Actor } from '../../src/campaigns/types.js';

export const CLI_ACTOR: Actor = { surface: 'cli', userId: 'tester' };

/** A valid Indonesian mobile number, distinct per index. */
export function phoneAt(index: number): string {
  return `+62812${String(10_000_000 + index).slice(-8)}`;
}

/** Adds `count` customers (tag `tag`) in batches and returns their phones. */
export async function seedCustomers(app: App, count: number, tag = 'vip', offset = 0): Promise<string[]> {
  const phones: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const phone = phoneAt(offset + i);
      phones.push(phone);
      batch.push({ phone, name: `Customer ${offset + i}`, tags: [tag], attributes: { kota: 'Bandung' } });
    }
    await app.store.customers.upsertMany(batch);
  }
  return phones;
}
