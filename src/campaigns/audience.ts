/**
 * Audience resolution: turns an audience (all / tags / explicit phones) into recipients, page by page,
 * leaving out opted-out and duplicate numbers. Never holds the whole audience in memory.
 */
import type { Store } from './ports.js';
import { variableMap } from './template.js';
import type { Audience, Customer, NewRecipient } from './types.js';

export const AUDIENCE_PAGE = 1000;

export interface AudienceStats {
  optedOut: number;
  duplicate: number;
}

/** The template variables of a customer: name, phone and every attribute. */
export function customerVariables(customer: Pick<Customer, 'name' | 'phone' | 'attributes'>): Record<string, string> {
  return variableMap({ ...customer.attributes, name: customer.name, phone: customer.phone });
}

/**
 * The audience as campaigns and schedules keep it: explicit numbers go to a stored phone list and are referenced
 * by id and count; other audiences are kept as they are.
 */
export async function storedAudience(store: Store, audience: Audience): Promise<Audience> {
  if (audience.kind !== 'phones') return audience;
  const { listId, count } = await store.audienceLists.create(audience.phones);
  return { kind: 'list', listId, count };
}

async function* pagesOf(phones: string[]): AsyncGenerator<string[]> {
  for (let i = 0; i < phones.length; i += AUDIENCE_PAGE) yield phones.slice(i, i + AUDIENCE_PAGE);
}

/** Streams the recipients of `audience` in pages; `stats` is filled in as it goes. */
export async function* resolveAudience(
  store: Store,
  audience: Audience,
  stats: AudienceStats = { optedOut: 0, duplicate: 0 },
): AsyncGenerator<NewRecipient[]> {
  if (audience.kind === 'phones' || audience.kind === 'list') {
    const source = audience.kind === 'phones' ? pagesOf(audience.phones) : store.audienceLists.pages(audience.listId, AUDIENCE_PAGE);
    const seen = new Set<string>();
    for await (const numbers of source) {
      const page: string[] = [];
      for (const phone of numbers) {
        if (seen.has(phone)) stats.duplicate++;
        else {
          seen.add(phone);
          page.push(phone);
        }
      }
      const known = new Map((await store.customers.findByPhones(page)).map((c) => [c.phone, c]));
      const recipients: NewRecipient[] = [];
      for (const phone of page) {
        const customer = known.get(phone);
        if (customer?.optedOut) {
          stats.optedOut++;
          continue;
        }
        recipients.push({
          customerId: customer?.id ?? null,
          phone,
          variables: customer ? customerVariables(customer) : variableMap({ phone }),
        });
      }
      if (recipients.length > 0) yield recipients;
    }
    return;
  }
  const tags = audience.kind === 'tags' ? audience.tags : undefined;
  // Removals are counted among the opted-out customers only (an indexed handful): counting all customers and
  // the opted-in ones took two full scans (seconds at a million) in synchronous statements.
  if (!tags || tags.length === 1) {
    stats.optedOut += await store.customers.count({ ...(tags?.length === 1 ? { tag: tags[0] } : {}), onlyOptedOut: true });
  }
  for await (const page of store.customers.iterate(tags ? { tags } : {}, AUDIENCE_PAGE)) {
    yield page.map((c) => ({ customerId: c.id, phone: c.phone, variables: customerVariables(c) }));
  }
}
