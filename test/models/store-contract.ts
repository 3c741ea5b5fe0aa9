/**
 * The store contract: one suite of behaviour tests written only against the `Store` port, so that the
 * SQLite and the MongoDB stores prove the same semantics. Each test gets a fresh store from `open()`.
 *
 * Semantics pinned here beyond the port's doc comments (both stores follow them):
 * - customers.upsertMany: an omitted `name` / `tags` / `attributes` keeps the stored value; a given one replaces it.
 *   Tags come back de-duplicated; tag order, duplicate tags and attribute key order are not a change.
 *   Re-importing never clears an opt-out.
 * - customers.iterate with `tags: []` yields nobody (never "everybody" by accident).
 * - recipients.list without `limit` returns every match; ids sort in insertion order by `list`.
 * - recipients.skipPhones skips pending recipients that are not in flight (a claimed one loses its claim,
 *   so its lane's markInFlight then returns false); sent or in-flight recipients are left alone.
 * - campaigns.addProgressMessage ignores a reference that is already attached.
 * - audit and notification lists are most recent first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/campaigns/ports.js';
import type {
  Actor,
  CampaignRecipient,
  NewCampaign,
  NewRecipient,
  NewSchedule,
  RecipientResult,
} from '../../src/campaigns/types.js';
import { SHORT_ID_PATTERN } from '../../src/models/ids.js';
import { sleep } from '../helpers/wait.js';

const actor: Actor = { surface: 'cli', userId: 'tester', userName: 'Tester', chatId: 'local', locale: 'en' };

function campaignInput(overrides: Partial<NewCampaign> = {}): NewCampaign {
  return {
    title: 'Promo Ramadan',
    template: 'Halo {{name|Pelanggan}}',
    media: null,
    audience: { kind: 'all' },
    status: 'pending',
    counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
    origin: actor,
    statusReason: null,
    retryOf: null,
    scheduleId: null,
    idempotencyKey: null,
    ...overrides,
  };
}

function phone(n: number): string {
  return `+62812${String(100000 + n).padStart(7, '0')}`;
}

function recipients(count: number, from = 0): NewRecipient[] {
  return Array.from({ length: count }, (_, i) => ({
    customerId: null,
    phone: phone(from + i),
    variables: { name: `Customer ${from + i}`, phone: phone(from + i) },
  }));
}


/** Runs the whole store contract against the store `open()` returns; `cleanup` runs after each store is closed. */
export function describeStoreContract(
  name: string,
  open: () => Promise<Store>,
  cleanup?: (store: Store) => Promise<void>,
): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.(store);
    });

    async function campaignWith(count: number, overrides: Partial<NewCampaign> = {}) {
      const { campaign } = await store.campaigns.create(campaignInput(overrides));
      if (count > 0) await store.recipients.insertMany(campaign.id, recipients(count));
      return campaign;
    }

    async function counts(campaignId: string) {
      const campaign = await store.campaigns.get(campaignId);
      if (!campaign) throw new Error(`campaign ${campaignId} vanished`);
      return campaign.counts;
    }

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      expect(['sqlite', 'mongodb']).toContain(store.kind);
    });

    describe('customers', () => {
      it('upsertMany counts created, updated and unchanged exactly', async () => {
        const first = await store.customers.upsertMany([
          { phone: phone(1), name: 'Ani', tags: ['vip'], attributes: { city: 'Bandung' } },
          { phone: phone(2), name: 'Budi', tags: [], attributes: {} },
        ]);
        expect(first).toEqual({ created: 2, updated: 0, unchanged: 0 });

        const second = await store.customers.upsertMany([
          { phone: phone(1), name: 'Ani', tags: ['vip'], attributes: { city: 'Bandung' } },
          { phone: phone(2), name: 'Budi Santoso', tags: [], attributes: {} },
          { phone: phone(3), name: 'Citra' },
        ]);
        expect(second).toEqual({ created: 1, updated: 1, unchanged: 1 });

        const budi = await store.customers.findByPhone(phone(2));
        expect(budi?.name).toBe('Budi Santoso');
        expect(await store.customers.upsertMany([])).toEqual({ created: 0, updated: 0, unchanged: 0 });
      });

      it('re-importing the same batch changes nothing, whatever the tag order, duplicates or attribute order', async () => {
        const batch = Array.from({ length: 1200 }, (_, i) => ({
          phone: phone(i),
          name: `Customer ${i}`,
          tags: i % 2 ? ['b', 'a'] : ['a'],
          attributes: { city: 'Jakarta', tier: String(i % 3) },
        }));
        expect(await store.customers.upsertMany(batch)).toEqual({ created: 1200, updated: 0, unchanged: 0 });
        const again = batch.map((c) => ({
          ...c,
          tags: [...c.tags].reverse().concat(c.tags),
          attributes: { tier: c.attributes.tier, city: 'Jakarta' },
        }));
        expect(await store.customers.upsertMany(again)).toEqual({ created: 0, updated: 0, unchanged: 1200 });
        const customer = await store.customers.findByPhone(phone(1));
        expect([...(customer?.tags ?? [])].sort()).toEqual(['a', 'b']);
        expect(await store.customers.count()).toBe(1200);
      });

      it('replaces tags and attributes with the input and keeps omitted fields', async () => {
        await store.customers.upsertMany([
          { phone: phone(1), name: 'Ani', tags: ['a', 'b'], attributes: { x: '1', y: '2' } },
        ]);
        const before = await store.customers.findByPhone(phone(1));
        await sleep(5);
        expect(await store.customers.upsertMany([{ phone: phone(1), tags: ['c'] }])).toEqual({
          created: 0,
          updated: 1,
          unchanged: 0,
        });
        let ani = await store.customers.findByPhone(phone(1));
        expect(ani?.name).toBe('Ani');
        expect(ani?.tags).toEqual(['c']);
        expect(ani?.attributes).toEqual({ x: '1', y: '2' });
        expect(ani?.createdAt.getTime()).toBe(before?.createdAt.getTime());
        expect(ani?.updatedAt.getTime()).toBeGreaterThan(before?.updatedAt.getTime() ?? Infinity);

        await store.customers.upsertMany([{ phone: phone(1), name: null, attributes: { z: '3' } }]);
        ani = await store.customers.findByPhone(phone(1));
        expect(ani?.name).toBeNull();
        expect(ani?.tags).toEqual(['c']);
        expect(ani?.attributes).toEqual({ z: '3' });
        expect(await store.customers.count({ tag: 'a' })).toBe(0);
        expect(await store.customers.count({ tag: 'c' })).toBe(1);
      });

      it('finds customers by phone and returns complete records', async () => {
        await store.customers.upsertMany([
          { phone: phone(1), name: 'Ani', tags: ['vip'], attributes: { city: 'Bandung' } },
          { phone: phone(2) },
        ]);
        const ani = await store.customers.findByPhone(phone(1));
        expect(ani).toMatchObject({
          phone: phone(1),
          name: 'Ani',
          tags: ['vip'],
          attributes: { city: 'Bandung' },
          optedOut: false,
          optedOutAt: null,
        });
        expect(typeof ani?.id).toBe('string');
        expect(ani?.createdAt).toBeInstanceOf(Date);
        expect(ani?.updatedAt).toBeInstanceOf(Date);
        const bare = await store.customers.findByPhone(phone(2));
        expect(bare).toMatchObject({ name: null, tags: [], attributes: {} });
        expect(await store.customers.findByPhone(phone(9))).toBeNull();

        const found = await store.customers.findByPhones([phone(2), phone(9), phone(1)]);
        expect(found.map((c) => c.phone).sort()).toEqual([phone(1), phone(2)]);
        expect(await store.customers.findByPhones([])).toEqual([]);
      });

      it('opts customers out and back in, and leaves opted-out customers out of list, count and tags', async () => {
        await store.customers.upsertMany([
          { phone: phone(1), tags: ['vip', 'jkt'] },
          { phone: phone(2), tags: ['vip'] },
          { phone: phone(3), tags: [] },
        ]);
        const at = new Date('2025-03-01T10:00:00.000Z');
        const out = await store.customers.setOptOut(phone(2), true, at);
        expect(out).toMatchObject({ phone: phone(2), optedOut: true });
        expect(out?.optedOutAt?.getTime()).toBe(at.getTime());
        expect(await store.customers.setOptOut(phone(9), true)).toBeNull();

        expect(await store.customers.count()).toBe(2);
        expect(await store.customers.count({ includeOptedOut: true })).toBe(3);
        expect(await store.customers.count({ tag: 'vip' })).toBe(1);
        expect(await store.customers.count({ tag: 'vip', includeOptedOut: true })).toBe(2);
        expect(await store.customers.count({ onlyOptedOut: true })).toBe(1);
        expect(await store.customers.count({ tag: 'jkt', onlyOptedOut: true })).toBe(0);
        expect((await store.customers.list()).map((c) => c.phone).sort()).toEqual([phone(1), phone(3)]);
        expect((await store.customers.list({ tag: 'vip', includeOptedOut: true })).map((c) => c.phone).sort()).toEqual([
          phone(1),
          phone(2),
        ]);
        expect(await store.customers.tagCounts()).toEqual([
          { tag: 'jkt', count: 1, total: 1 },
          { tag: 'vip', count: 1, total: 2 },
        ]);

        // A re-import must not opt a customer back in.
        expect(await store.customers.upsertMany([{ phone: phone(2), tags: ['vip'] }])).toEqual({
          created: 0,
          updated: 0,
          unchanged: 1,
        });
        expect((await store.customers.findByPhone(phone(2)))?.optedOut).toBe(true);

        const back = await store.customers.setOptOut(phone(2), false);
        expect(back).toMatchObject({ optedOut: false, optedOutAt: null });
        expect(await store.customers.count({ tag: 'vip' })).toBe(2);
      });

      it('pages list with limit and offset without overlap', async () => {
        await store.customers.upsertMany(Array.from({ length: 7 }, (_, i) => ({ phone: phone(i) })));
        const pages = [
          await store.customers.list({ limit: 3, offset: 0 }),
          await store.customers.list({ limit: 3, offset: 3 }),
          await store.customers.list({ limit: 3, offset: 6 }),
        ];
        expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
        const phones = pages.flat().map((c) => c.phone);
        expect(new Set(phones).size).toBe(7);
      });

      it('iterates opted-in customers in keyset pages over more than two pages', async () => {
        await store.customers.upsertMany(
          Array.from({ length: 15 }, (_, i) => ({ phone: phone(i), tags: [i % 3 === 0 ? 'x' : 'y'] })),
        );
        await store.customers.upsertMany(
          Array.from({ length: 12 }, (_, i) => ({ phone: phone(100 + i), tags: ['z'] })),
        );
        await store.customers.setOptOut(phone(4), true);
        await store.customers.setOptOut(phone(100), true);

        const pages: string[][] = [];
        for await (const page of store.customers.iterate({}, 10)) pages.push(page.map((c) => c.phone));
        expect(pages.length).toBeGreaterThanOrEqual(3);
        for (const page of pages) expect(page.length).toBeLessThanOrEqual(10);
        const all = pages.flat();
        expect(new Set(all).size).toBe(25);
        // Keyset order is insertion order.
        const expected = [
          ...Array.from({ length: 15 }, (_, i) => phone(i)).filter((p) => p !== phone(4)),
          ...Array.from({ length: 11 }, (_, i) => phone(101 + i)),
        ];
        expect(all).toEqual(expected);
      });

      it('iterates customers having ANY of the tags, and nobody for an empty tag list', async () => {
        await store.customers.upsertMany([
          { phone: phone(1), tags: ['a'] },
          { phone: phone(2), tags: ['b', 'a'] },
          { phone: phone(3), tags: ['c'] },
          { phone: phone(4), tags: [] },
          { phone: phone(5), tags: ['b'] },
        ]);
        await store.customers.setOptOut(phone(5), true);
        const seen: string[] = [];
        for await (const page of store.customers.iterate({ tags: ['a', 'b'] }, 1))
          seen.push(...page.map((c) => c.phone));
        expect(seen).toEqual([phone(1), phone(2)]);
        const none: unknown[] = [];
        for await (const page of store.customers.iterate({ tags: [] }, 10)) none.push(...page);
        expect(none).toEqual([]);
      });
    });

    describe('campaigns', () => {
      it('creates a campaign with a short typable id and reads it back unchanged', async () => {
        const input = campaignInput({
          media: { kind: 'image', path: '/data/media/a.jpg', fileName: 'a.jpg', mimeType: 'image/jpeg' },
          audience: { kind: 'phones', phones: [phone(1), phone(2)] },
          progressMessages: [{ surface: 'telegram', chatId: '-100', messageId: '7' }],
          scheduleId: 'sched123',
        });
        const { campaign, created } = await store.campaigns.create(input);
        expect(created).toBe(true);
        expect(campaign.id).toMatch(SHORT_ID_PATTERN);
        expect(campaign).toMatchObject({
          title: input.title,
          template: input.template,
          media: input.media,
          audience: input.audience,
          status: 'pending',
          counts: input.counts,
          origin: actor,
          progressMessages: [{ surface: 'telegram', chatId: '-100', messageId: '7' }],
          statusReason: null,
          retryOf: null,
          scheduleId: 'sched123',
          idempotencyKey: null,
          startedAt: null,
          sentAt: null,
        });
        expect(campaign.createdAt).toBeInstanceOf(Date);
        expect(campaign.updatedAt).toBeInstanceOf(Date);
        expect(await store.campaigns.get(campaign.id)).toEqual(campaign);
        expect(await store.campaigns.get('nope2345')).toBeNull();
      });

      it('stores a campaign\'s WhatsApp template and reads it back; free-text campaigns have none', async () => {
        const whatsappTemplate = { name: 'promo_desember', language: 'id', params: { '1': '{{name|Pelanggan}}', '2': 'Promo Desember' } };
        const { campaign } = await store.campaigns.create(campaignInput({ whatsappTemplate }));
        expect(campaign.whatsappTemplate).toEqual(whatsappTemplate);
        expect((await store.campaigns.get(campaign.id))?.whatsappTemplate).toEqual(whatsappTemplate);
        const { campaign: plain } = await store.campaigns.create(campaignInput());
        expect(plain.whatsappTemplate ?? null).toBeNull();
        expect((await store.campaigns.get(plain.id))?.whatsappTemplate ?? null).toBeNull();
      });

      it('returns the existing campaign for a used idempotency key', async () => {
        const first = await store.campaigns.create(campaignInput({ idempotencyKey: 'sched:2025-01-01T00:00' }));
        const second = await store.campaigns.create(
          campaignInput({ title: 'other', idempotencyKey: 'sched:2025-01-01T00:00' }),
        );
        expect(first.created).toBe(true);
        expect(second).toEqual({ campaign: first.campaign, created: false });
        expect(await store.campaigns.findByIdempotencyKey('sched:2025-01-01T00:00')).toEqual(first.campaign);
        expect(await store.campaigns.findByIdempotencyKey('missing')).toBeNull();
        // Campaigns without a key never collide.
        const a = await store.campaigns.create(campaignInput());
        const b = await store.campaigns.create(campaignInput());
        expect(a.created && b.created).toBe(true);
        expect(a.campaign.id).not.toBe(b.campaign.id);
      });

      it('lists most recent first, by status and by schedule, with limit and offset', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) {
          const { campaign } = await store.campaigns.create(
            campaignInput({
              title: `c${i}`,
              status: i % 2 ? 'completed' : 'pending',
              scheduleId: i === 3 ? 's1' : null,
            }),
          );
          ids.push(campaign.id);
          await sleep(3);
        }
        expect((await store.campaigns.list()).map((c) => c.id)).toEqual([...ids].reverse());
        expect((await store.campaigns.list({ status: ['completed'] })).map((c) => c.id)).toEqual([ids[3], ids[1]]);
        expect(
          (await store.campaigns.list({ status: ['pending', 'completed'], limit: 2, offset: 1 })).map((c) => c.id),
        ).toEqual([ids[2], ids[1]]);
        expect((await store.campaigns.list({ scheduleId: 's1' })).map((c) => c.id)).toEqual([ids[3]]);
      });

      it('updates only when the status is one of onlyIf, atomically', async () => {
        const { campaign } = await store.campaigns.create(campaignInput());
        expect(await store.campaigns.update(campaign.id, { status: 'paused' }, ['processing'])).toBeNull();
        expect((await store.campaigns.get(campaign.id))?.status).toBe('pending');

        const started = new Date('2025-01-02T03:04:05.678Z');
        const racers = await Promise.all(
          Array.from({ length: 5 }, () =>
            store.campaigns.update(campaign.id, { status: 'processing', startedAt: started }, ['pending']),
          ),
        );
        expect(racers.filter((r) => r !== null)).toHaveLength(1);
        const processing = await store.campaigns.get(campaign.id);
        expect(processing?.status).toBe('processing');
        expect(processing?.startedAt?.getTime()).toBe(started.getTime());

        const paused = await store.campaigns.update(campaign.id, {
          status: 'paused',
          statusReason: 'whatsapp_disconnected',
        });
        expect(paused).toMatchObject({ status: 'paused', statusReason: 'whatsapp_disconnected' });
        const resumed = await store.campaigns.update(campaign.id, { status: 'processing', statusReason: null }, [
          'paused',
          'pending',
        ]);
        expect(resumed).toMatchObject({ status: 'processing', statusReason: null });
        expect(resumed?.startedAt?.getTime()).toBe(started.getTime());
        expect(await store.campaigns.update('nope2345', { status: 'paused' })).toBeNull();
      });

      it('sets only the given counters with a counts patch', async () => {
        const campaign = await campaignWith(3);
        const updated = await store.campaigns.update(campaign.id, { counts: { sent: 2, failed: 1 } });
        expect(updated?.counts).toEqual({
          total: 3,
          sent: 2,
          failed: 1,
          skipped: 0,
          unknown: 0,
          delivered: 0,
          read: 0,
          replied: 0,
        });
        const sentAt = new Date('2025-05-05T05:05:05.005Z');
        const done = await store.campaigns.update(campaign.id, {
          status: 'completed',
          sentAt,
          counts: { delivered: 1 },
        });
        expect(done?.counts).toEqual({ total: 3, sent: 2, failed: 1, skipped: 0, unknown: 0, delivered: 1, read: 0, replied: 0 });
        expect(done?.sentAt?.getTime()).toBe(sentAt.getTime());
        const cleared = await store.campaigns.update(campaign.id, { sentAt: null });
        expect(cleared?.sentAt).toBeNull();
        expect(cleared?.status).toBe('completed');
      });

      it('attaches progress messages once each', async () => {
        const { campaign } = await store.campaigns.create(campaignInput());
        const tg = { surface: 'telegram' as const, chatId: '42', messageId: '100' };
        const slack = { surface: 'slack' as const, chatId: 'C123', messageId: '1700000000.000100' };
        await store.campaigns.addProgressMessage(campaign.id, tg);
        await store.campaigns.addProgressMessage(campaign.id, slack);
        await store.campaigns.addProgressMessage(campaign.id, tg);
        expect((await store.campaigns.get(campaign.id))?.progressMessages).toEqual([tg, slack]);
      });

      it('deletes a campaign with its recipients', async () => {
        const campaign = await campaignWith(5);
        const keep = await campaignWith(2);
        await store.campaigns.delete(campaign.id);
        expect(await store.campaigns.get(campaign.id)).toBeNull();
        expect(await store.recipients.list(campaign.id)).toEqual([]);
        expect(await store.recipients.list(keep.id)).toHaveLength(2);
      });
    });

    describe('recipients', () => {
      it('inserts recipients as pending, adds to the total and lists them in insertion order', async () => {
        const campaign = await campaignWith(3);
        await store.recipients.insertMany(campaign.id, recipients(2, 3));
        await store.recipients.insertMany(campaign.id, []);
        expect((await counts(campaign.id)).total).toBe(5);
        const all = await store.recipients.list(campaign.id);
        expect(all.map((r) => r.phone)).toEqual([0, 1, 2, 3, 4].map(phone));
        expect(all[0]).toMatchObject({
          campaignId: campaign.id,
          customerId: null,
          phone: phone(0),
          variables: { name: 'Customer 0', phone: phone(0) },
          status: 'pending',
          attempts: 0,
          errorCode: null,
          errorText: null,
          messageId: null,
          nextAttemptAt: null,
          sentAt: null,
          deliveredAt: null,
          readAt: null,
        });
        expect(typeof all[0]?.id).toBe('string');
        expect(all[0]?.updatedAt).toBeInstanceOf(Date);
        expect(await store.recipients.first(campaign.id)).toEqual(all[0]);
        const empty = await campaignWith(0);
        expect(await store.recipients.first(empty.id)).toBeNull();
      });

      it('keeps the customer reference of a recipient', async () => {
        await store.customers.upsertMany([{ phone: phone(1), name: 'Ani' }]);
        const ani = await store.customers.findByPhone(phone(1));
        const { campaign } = await store.campaigns.create(campaignInput());
        await store.recipients.insertMany(campaign.id, [
          { customerId: ani?.id ?? null, phone: phone(1), variables: { name: 'Ani' } },
        ]);
        expect((await store.recipients.first(campaign.id))?.customerId).toBe(ani?.id);
      });

      it('sendHistory: the phones ever sent to (any campaign) and the ones sent to since a time; failed or pending do not count', async () => {
        const old = await campaignWith(3);
        const newer = await campaignWith(2, { title: 'Newer' });
        const oldClaim = await store.recipients.claimBatch(old.id, 'a', 3, new Date());
        const longAgo = new Date(Date.now() - 3 * 86_400_000);
        await store.recipients.recordResults(old.id, 'a', [
          { recipientId: oldClaim[0]!.id, status: 'sent', messageId: 'h0', at: longAgo },
          { recipientId: oldClaim[1]!.id, status: 'sent', messageId: 'h1', at: longAgo },
          { recipientId: oldClaim[2]!.id, status: 'failed', errorCode: 'invalid', errorText: 'bad', at: longAgo },
        ]);
        const newClaim = await store.recipients.claimBatch(newer.id, 'b', 1, new Date());
        await store.recipients.recordResults(newer.id, 'b', [
          { recipientId: newClaim[0]!.id, status: 'sent', messageId: 'h2', at: new Date() },
        ]);
        const since = new Date(Date.now() - 86_400_000);
        const history = await store.recipients.sendHistory([phone(0), phone(1), phone(2), phone(9)], since);
        // phone(0) was sent long ago and again just now (the newer campaign's first recipient); phone(1) only long ago.
        expect([...history.contacted].sort()).toEqual([phone(0), phone(1)]);
        expect([...history.recent]).toEqual([phone(0)]);
        const none = await store.recipients.sendHistory([], since);
        expect(none.contacted.size + none.recent.size).toBe(0);
      });

      it('refuses recipients for a campaign that does not exist', async () => {
        await expect(store.recipients.insertMany('nope2345', recipients(1))).rejects.toThrow();
      });

      it('pages the list by afterId over more than two pages, optionally by status', async () => {
        const campaign = await campaignWith(25);
        const phones: string[] = [];
        let afterId: string | undefined;
        let pageCount = 0;
        for (;;) {
          const page = await store.recipients.list(campaign.id, { limit: 10, afterId });
          if (page.length === 0) break;
          pageCount++;
          phones.push(...page.map((r) => r.phone));
          afterId = page.at(-1)?.id;
        }
        expect(pageCount).toBe(3);
        expect(phones).toEqual(Array.from({ length: 25 }, (_, i) => phone(i)));

        const claimed = await store.recipients.claimBatch(campaign.id, 't1', 3, new Date());
        await store.recipients.recordResults(campaign.id, 't1', [
          { recipientId: claimed[0]!.id, status: 'sent', messageId: 'm1', at: new Date() },
          { recipientId: claimed[2]!.id, status: 'failed', errorCode: 'invalid', errorText: 'bad', at: new Date() },
        ]);
        expect((await store.recipients.list(campaign.id, { status: ['sent', 'failed'] })).map((r) => r.phone)).toEqual([
          phone(0),
          phone(2),
        ]);
        expect(await store.recipients.list(campaign.id, { status: ['pending'], limit: 5 })).toHaveLength(5);
        expect(await store.recipients.list(campaign.id, { status: ['pending'] })).toHaveLength(23);
      });

      it('claims unclaimed pending recipients in id order, up to the limit', async () => {
        const campaign = await campaignWith(5);
        const now = new Date();
        const a = await store.recipients.claimBatch(campaign.id, 'lane-a', 2, now);
        const b = await store.recipients.claimBatch(campaign.id, 'lane-b', 10, now);
        const c = await store.recipients.claimBatch(campaign.id, 'lane-c', 10, now);
        expect(a.map((r) => r.phone)).toEqual([phone(0), phone(1)]);
        expect(b.map((r) => r.phone)).toEqual([phone(2), phone(3), phone(4)]);
        expect(c).toEqual([]);
        expect(a.every((r) => r.status === 'pending' && r.campaignId === campaign.id)).toBe(true);
        const status = await store.recipients.countByStatus(campaign.id);
        expect(status).toEqual({ pending: 5, sent: 0, failed: 0, skipped: 0, unknown: 0, claimed: 5, inFlight: 0 });
      });

      it('never gives the same recipient to two lanes claiming at once', async () => {
        const campaign = await campaignWith(200);
        const other = await campaignWith(10);
        const batches = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.recipients.claimBatch(campaign.id, `lane-${i}`, 30, new Date())),
        );
        const ids = batches.flat().map((r) => r.id);
        expect(ids).toHaveLength(200);
        expect(new Set(ids).size).toBe(200);
        for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(30);
        expect((await store.recipients.countByStatus(other.id)).claimed).toBe(0);
      });

      it('marks a claimed recipient in flight once, and never after its claim was released', async () => {
        const campaign = await campaignWith(3);
        const [r0, r1] = await store.recipients.claimBatch(campaign.id, 'lane', 3, new Date());
        expect(await store.recipients.markInFlight(r0!.id, 'other')).toBe(false);
        expect(await store.recipients.markInFlight(r0!.id, 'lane')).toBe(true);
        expect(await store.recipients.markInFlight(r0!.id, 'lane')).toBe(false);
        expect((await store.recipients.countByStatus(campaign.id)).inFlight).toBe(1);

        expect(await store.recipients.releaseClaims(campaign.id, '*', 'resend')).toEqual({ released: 3, unknown: 0 });
        expect(await store.recipients.markInFlight(r1!.id, 'lane')).toBe(false);
        const status = await store.recipients.countByStatus(campaign.id);
        expect(status).toMatchObject({ pending: 3, claimed: 0, inFlight: 0 });
      });

      it('marks several claimed recipients in flight at once, only those this token still holds', async () => {
        const campaign = await campaignWith(4);
        const [r0, r1, r2] = await store.recipients.claimBatch(campaign.id, 'lane', 3, new Date());
        const [r3] = await store.recipients.claimBatch(campaign.id, 'other', 1, new Date());
        expect(await store.recipients.markInFlight(r1!.id, 'lane')).toBe(true);
        const marked = await store.recipients.markInFlightMany([r0!.id, r1!.id, r2!.id, r3!.id], 'lane');
        expect([...marked].sort()).toEqual([r0!.id, r2!.id].sort());
        expect((await store.recipients.countByStatus(campaign.id)).inFlight).toBe(3);
        expect(await store.recipients.markInFlightMany([], 'lane')).toEqual(new Set());
      });

      it('records results in one go: statuses, counters, claims cleared, attempts counted', async () => {
        const campaign = await campaignWith(5);
        const claimed = await store.recipients.claimBatch(campaign.id, 'lane', 5, new Date());
        for (const r of claimed) expect(await store.recipients.markInFlight(r.id, 'lane')).toBe(true);
        const at = new Date('2025-02-02T02:02:02.222Z');
        const [r0, r1, r2, r3, r4] = claimed as [
          CampaignRecipient,
          CampaignRecipient,
          CampaignRecipient,
          CampaignRecipient,
          CampaignRecipient,
        ];
        await store.recipients.recordResults(campaign.id, 'lane', [
          { recipientId: r0.id, status: 'sent', messageId: 'wamid.0', at },
          { recipientId: r1.id, status: 'sent', messageId: 'wamid.1', at },
          { recipientId: r2.id, status: 'failed', errorCode: 'invalid_number', errorText: 'not a number', at },
          { recipientId: r3.id, status: 'skipped', errorCode: 'not_on_whatsapp', errorText: 'no account', at },
          { recipientId: r4.id, status: 'unknown', errorCode: 'timeout', errorText: 'no answer', at },
        ]);
        expect(await counts(campaign.id)).toEqual({
          total: 5,
          sent: 2,
          failed: 1,
          skipped: 1,
          unknown: 1,
          delivered: 0,
          read: 0,
          replied: 0,
        });
        expect(await store.recipients.countByStatus(campaign.id)).toEqual({
          pending: 0,
          sent: 2,
          failed: 1,
          skipped: 1,
          unknown: 1,
          claimed: 0,
          inFlight: 0,
        });
        const [s0, , s2] = await store.recipients.list(campaign.id);
        expect(s0).toMatchObject({ status: 'sent', messageId: 'wamid.0', attempts: 1, errorCode: null });
        expect(s0?.sentAt?.getTime()).toBe(at.getTime());
        expect(s2).toMatchObject({
          status: 'failed',
          errorCode: 'invalid_number',
          errorText: 'not a number',
          attempts: 1,
          sentAt: null,
        });
      });

      it('ignores results whose claim is not the token, and results already recorded', async () => {
        const campaign = await campaignWith(3);
        const mine = await store.recipients.claimBatch(campaign.id, 'lane-a', 2, new Date());
        const theirs = await store.recipients.claimBatch(campaign.id, 'lane-b', 1, new Date());
        const at = new Date();
        await store.recipients.recordResults(campaign.id, 'lane-a', [
          { recipientId: mine[0]!.id, status: 'sent', messageId: 'm0', at },
          { recipientId: theirs[0]!.id, status: 'failed', errorCode: 'x', errorText: 'stale', at },
        ]);
        // A second delivery of the same results (at-least-once jobs) changes nothing.
        await store.recipients.recordResults(campaign.id, 'lane-a', [
          { recipientId: mine[0]!.id, status: 'sent', messageId: 'm0-again', at },
        ]);
        expect(await counts(campaign.id)).toMatchObject({ sent: 1, failed: 0 });
        const list = await store.recipients.list(campaign.id);
        expect(list[0]).toMatchObject({ status: 'sent', messageId: 'm0', attempts: 1 });
        expect(list[2]).toMatchObject({ status: 'pending', attempts: 0, errorCode: null });
        expect(await store.recipients.countByStatus(campaign.id)).toMatchObject({ pending: 2, claimed: 2 });

        await store.recipients.releaseClaims(campaign.id, 'lane-a', 'unknown');
        await store.recipients.recordResults(campaign.id, 'lane-a', [
          { recipientId: mine[1]!.id, status: 'sent', messageId: 'late', at },
        ]);
        expect((await counts(campaign.id)).sent).toBe(1);
      });

      it('puts a retry back to pending, not claimable before nextAttemptAt', async () => {
        const campaign = await campaignWith(2);
        const t0 = new Date('2025-01-01T00:00:00.000Z');
        const [r0] = await store.recipients.claimBatch(campaign.id, 'lane', 1, t0);
        await store.recipients.markInFlight(r0!.id, 'lane');
        const retryAt = new Date(t0.getTime() + 60_000);
        const retry: RecipientResult = {
          recipientId: r0!.id,
          status: 'retry',
          errorCode: 'timeout',
          errorText: 'no answer in 30 s',
          nextAttemptAt: retryAt,
          at: t0,
        };
        await store.recipients.recordResults(campaign.id, 'lane', [retry]);
        expect(await counts(campaign.id)).toMatchObject({ sent: 0, failed: 0, skipped: 0, unknown: 0 });
        const stored = (await store.recipients.list(campaign.id))[0];
        expect(stored).toMatchObject({
          status: 'pending',
          attempts: 1,
          errorCode: 'timeout',
          errorText: 'no answer in 30 s',
        });
        expect(stored?.nextAttemptAt?.getTime()).toBe(retryAt.getTime());
        expect(await store.recipients.countByStatus(campaign.id)).toMatchObject({
          pending: 2,
          claimed: 0,
          inFlight: 0,
        });
        expect((await store.recipients.nextRetryAt(campaign.id))?.getTime()).toBe(retryAt.getTime());

        const early = await store.recipients.claimBatch(campaign.id, 'lane2', 10, new Date(t0.getTime() + 1000));
        expect(early.map((r) => r.phone)).toEqual([phone(1)]);
        expect(await store.recipients.claimBatch(campaign.id, 'lane3', 10, new Date(retryAt.getTime() - 1))).toEqual(
          [],
        );
        const due = await store.recipients.claimBatch(campaign.id, 'lane3', 10, retryAt);
        expect(due.map((r) => r.id)).toEqual([r0!.id]);
        expect(await store.recipients.nextRetryAt(campaign.id)).toBeNull();

        await store.recipients.recordResults(campaign.id, 'lane3', [
          { recipientId: r0!.id, status: 'sent', messageId: 'ok', at: retryAt },
        ]);
        expect((await store.recipients.list(campaign.id))[0]).toMatchObject({
          status: 'sent',
          attempts: 2,
          nextAttemptAt: null,
        });
      });

      it("releases a token's claims, recording in-flight sends as unknown", async () => {
        const campaign = await campaignWith(6);
        const a = await store.recipients.claimBatch(campaign.id, 'lane-a', 3, new Date());
        const b = await store.recipients.claimBatch(campaign.id, 'lane-b', 3, new Date());
        await store.recipients.markInFlight(a[0]!.id, 'lane-a');
        await store.recipients.markInFlight(b[0]!.id, 'lane-b');

        expect(await store.recipients.releaseClaims(campaign.id, 'lane-a', 'unknown')).toEqual({
          released: 2,
          unknown: 1,
        });
        expect(await counts(campaign.id)).toMatchObject({ unknown: 1 });
        expect(await store.recipients.countByStatus(campaign.id)).toMatchObject({
          pending: 5,
          unknown: 1,
          claimed: 3,
          inFlight: 1,
        });
        expect((await store.recipients.list(campaign.id))[0]).toMatchObject({ status: 'unknown' });
        // lane-b was untouched: it still holds its claims and its in-flight send.
        expect(await store.recipients.markInFlight(b[1]!.id, 'lane-b')).toBe(true);

        const again = await store.recipients.claimBatch(campaign.id, 'lane-c', 10, new Date());
        expect(again.map((r) => r.id).sort()).toEqual([a[1]!.id, a[2]!.id].sort());
        expect(await store.recipients.releaseClaims(campaign.id, 'nobody', 'unknown')).toEqual({
          released: 0,
          unknown: 0,
        });
      });

      it('releases every claim with *, resending in-flight ones under the resend policy', async () => {
        const campaign = await campaignWith(4);
        const a = await store.recipients.claimBatch(campaign.id, 'lane-a', 2, new Date());
        const b = await store.recipients.claimBatch(campaign.id, 'lane-b', 2, new Date());
        await store.recipients.markInFlight(a[0]!.id, 'lane-a');
        await store.recipients.markInFlight(b[0]!.id, 'lane-b');
        expect(await store.recipients.releaseClaims(campaign.id, '*', 'resend')).toEqual({ released: 4, unknown: 0 });
        expect(await counts(campaign.id)).toMatchObject({ unknown: 0 });
        expect(await store.recipients.countByStatus(campaign.id)).toMatchObject({
          pending: 4,
          claimed: 0,
          inFlight: 0,
        });
        expect(await store.recipients.claimBatch(campaign.id, 'lane-c', 10, new Date())).toHaveLength(4);

        await store.recipients.markInFlight(a[0]!.id, 'lane-c');
        expect(await store.recipients.releaseClaims(campaign.id, '*', 'unknown')).toEqual({ released: 3, unknown: 1 });
        expect(await counts(campaign.id)).toMatchObject({ unknown: 1 });
      });

      it('counts every status and the claimed and in-flight subsets', async () => {
        const campaign = await campaignWith(4);
        expect(await store.recipients.countByStatus(campaign.id)).toEqual({
          pending: 4,
          sent: 0,
          failed: 0,
          skipped: 0,
          unknown: 0,
          claimed: 0,
          inFlight: 0,
        });
        expect(await store.recipients.countByStatus('nope2345')).toEqual({
          pending: 0,
          sent: 0,
          failed: 0,
          skipped: 0,
          unknown: 0,
          claimed: 0,
          inFlight: 0,
        });
      });

      it('records delivery and read receipts once per recipient', async () => {
        const campaign = await campaignWith(3);
        const claimed = await store.recipients.claimBatch(campaign.id, 'lane', 3, new Date());
        await store.recipients.recordResults(
          campaign.id,
          'lane',
          claimed.map((r, i) => ({
            recipientId: r.id,
            status: 'sent' as const,
            messageId: `wamid.${i}`,
            at: new Date(),
          })),
        );
        const t1 = new Date('2025-04-04T04:04:04.004Z');
        const t2 = new Date('2025-04-04T04:05:00.000Z');
        const receipt = (messageId: string, n: number, kind: 'delivered' | 'read', at: Date) =>
          store.recipients.recordReceipt({ messageId, phone: phone(n), kind, at });
        expect(await receipt('wamid.0', 0, 'delivered', t1)).toEqual({ campaignId: campaign.id });
        await receipt('wamid.0', 0, 'delivered', t2);
        await receipt('wamid.0', 0, 'read', t2);
        await receipt('wamid.0', 0, 'read', t2);
        // A read receipt that arrives without a delivery receipt counts as both.
        await receipt('wamid.1', 1, 'read', t2);
        expect(await receipt('wamid.none', 0, 'read', t2)).toBeNull();
        // The message id of another number's message: not this recipient's receipt.
        expect(await receipt('wamid.2', 0, 'read', t2)).toBeNull();

        expect(await counts(campaign.id)).toMatchObject({ sent: 3, delivered: 2, read: 2 });
        const [r0, r1, r2] = await store.recipients.list(campaign.id);
        expect(r0?.deliveredAt?.getTime()).toBe(t1.getTime());
        expect(r0?.readAt?.getTime()).toBe(t2.getTime());
        expect(r1?.deliveredAt?.getTime()).toBe(t2.getTime());
        expect(r1?.readAt?.getTime()).toBe(t2.getTime());
        expect(r2).toMatchObject({ deliveredAt: null, readAt: null });
      });

      it('finds receipts by the number of the customer among their campaigns, also for a number that became a customer', async () => {
        await store.customers.upsertMany([{ phone: phone(0), name: 'Ani' }, { phone: phone(1), name: 'Budi' }]);
        const [ani, budi] = await store.customers.findByPhones([phone(0), phone(1)]).then((found) =>
          [phone(0), phone(1)].map((p) => found.find((c) => c.phone === p)!),
        );
        const send = async (people: NewRecipient[], prefix: string) => {
          const { campaign } = await store.campaigns.create(campaignInput());
          await store.recipients.insertMany(campaign.id, people);
          const claimed = await store.recipients.claimBatch(campaign.id, 'lane', people.length, new Date());
          await store.recipients.recordResults(campaign.id, 'lane', claimed.map((r) => ({
            recipientId: r.id, status: 'sent' as const, messageId: `${prefix}-${r.phone}`, at: new Date(),
          })));
          return campaign;
        };
        const asCustomer = (c: { id: string; phone: string }): NewRecipient => ({ customerId: c.id, phone: c.phone, variables: {} });
        const first = await send([asCustomer(ani!), asCustomer(budi!)], 'one');
        const second = await send([asCustomer(ani!), asCustomer(budi!)], 'two');
        // A pasted number that was no customer when its campaign was made (customerId null).
        const pasted = await send([{ customerId: null, phone: phone(2), variables: {} }], 'list');
        await store.customers.upsertMany([{ phone: phone(2) }]);
        const at = new Date('2025-05-05T05:05:05.005Z');

        expect(await store.recipients.recordReceipt({ messageId: `one-${phone(0)}`, phone: phone(0), kind: 'read', at })).toEqual({ campaignId: first.id });
        expect(await store.recipients.recordReceipt({ messageId: `two-${phone(1)}`, phone: phone(1), kind: 'delivered', at })).toEqual({ campaignId: second.id });
        expect(await store.recipients.recordReceipt({ messageId: `list-${phone(2)}`, phone: phone(2), kind: 'delivered', at })).toEqual({ campaignId: pasted.id });
        // Budi's message id with Ani's number, and a number nobody was sent to: nothing.
        expect(await store.recipients.recordReceipt({ messageId: `two-${phone(1)}`, phone: phone(0), kind: 'read', at })).toBeNull();
        expect(await store.recipients.recordReceipt({ messageId: `two-${phone(1)}`, phone: phone(9), kind: 'read', at })).toBeNull();

        expect(await counts(first.id)).toMatchObject({ sent: 2, delivered: 1, read: 1 });
        expect(await counts(second.id)).toMatchObject({ sent: 2, delivered: 1, read: 0 });
        expect(await counts(pasted.id)).toMatchObject({ sent: 1, delivered: 1, read: 0 });
        const [aniFirst] = await store.recipients.list(first.id);
        expect(aniFirst).toMatchObject({ phone: phone(0) });
        expect(aniFirst?.readAt?.getTime()).toBe(at.getTime());
      });

      it("finds a phone's most recent sent message since a time, in any campaign", async () => {
        const older = await campaignWith(2);
        const newer = await campaignWith(3);
        const t1 = new Date('2025-06-01T10:00:00.000Z');
        const t2 = new Date('2025-06-05T10:00:00.000Z');
        for (const [campaign, at] of [[older, t1], [newer, t2]] as const) {
          const claimed = await store.recipients.claimBatch(campaign.id, 'lane', 10, new Date());
          // Only the first recipient is sent; the others stay failed or pending and never count as "received".
          await store.recipients.recordResults(campaign.id, 'lane', [
            { recipientId: claimed[0]!.id, status: 'sent', messageId: `m-${campaign.id}`, at },
            { recipientId: claimed[1]!.id, status: 'failed', errorCode: 'x', errorText: 'x', at },
          ]);
        }
        const found = await store.recipients.lastSentTo(phone(0), new Date('2025-05-01T00:00:00.000Z'));
        expect(found).toMatchObject({ campaignId: newer.id, phone: phone(0), status: 'sent' });
        expect(found?.sentAt?.getTime()).toBe(t2.getTime());
        // A window that starts after the newer send finds nothing; the older one is found when it is the only one inside.
        expect(await store.recipients.lastSentTo(phone(0), new Date('2025-06-06T00:00:00.000Z'))).toBeNull();
        expect(await store.recipients.lastSentTo(phone(1), new Date('2025-05-01T00:00:00.000Z'))).toBeNull();
        expect(await store.recipients.lastSentTo('+6281299999999', new Date(0))).toBeNull();
      });

      it("finds a phone's most recent sent message from one sender account (the number the customer wrote to)", async () => {
        const fromDefault = await campaignWith(1);
        const fromB = await campaignWith(1, { account: 'toko-b' });
        const t1 = new Date('2025-06-01T10:00:00.000Z');
        const t2 = new Date('2025-06-05T10:00:00.000Z');
        for (const [campaign, at] of [[fromDefault, t1], [fromB, t2]] as const) {
          const claimed = await store.recipients.claimBatch(campaign.id, 'lane', 10, new Date());
          await store.recipients.recordResults(campaign.id, 'lane', [{ recipientId: claimed[0]!.id, status: 'sent', messageId: `m-${campaign.id}`, at }]);
        }
        const since = new Date('2025-05-01T00:00:00.000Z');
        expect(await store.recipients.lastSentTo(phone(0), since)).toMatchObject({ campaignId: fromB.id });
        expect(await store.recipients.lastSentTo(phone(0), since, 'default')).toMatchObject({ campaignId: fromDefault.id });
        expect(await store.recipients.lastSentTo(phone(0), since, 'toko-b')).toMatchObject({ campaignId: fromB.id });
        expect(await store.recipients.lastSentTo(phone(0), since, 'toko-c')).toBeNull();
      });

      it('records a reply once per recipient and counts it on the campaign', async () => {
        const campaign = await campaignWith(2);
        const [r0, r1] = await store.recipients.list(campaign.id);
        const t1 = new Date('2025-07-07T07:07:07.007Z');
        expect(await store.recipients.recordReply(r0!.id, t1)).toBe(true);
        expect(await store.recipients.recordReply(r0!.id, new Date())).toBe(false);
        expect(await store.recipients.recordReply('nope', new Date())).toBe(false);
        expect((await counts(campaign.id)).replied).toBe(1);
        const [a, b] = await store.recipients.list(campaign.id);
        expect(a?.repliedAt?.getTime()).toBe(t1.getTime());
        expect(b?.repliedAt ?? null).toBeNull();
        expect(await store.recipients.recordReply(r1!.id, t1)).toBe(true);
        expect((await counts(campaign.id)).replied).toBe(2);
      });

      it('records a late failure of a sent message once, moving it from sent to failed, also after the campaign ended', async () => {
        const campaign = await campaignWith(2);
        const claimed = await store.recipients.claimBatch(campaign.id, 'lane', 2, new Date());
        await store.recipients.recordResults(
          campaign.id,
          'lane',
          claimed.map((r, i) => ({ recipientId: r.id, status: 'sent' as const, messageId: `wamid.late${i}`, at: new Date() })),
        );
        await store.campaigns.update(campaign.id, { status: 'completed', sentAt: new Date() });
        const at = new Date();
        expect(await store.recipients.recordLateFailure({ messageId: 'wamid.late0', phone: phone(0), kind: 'failed', at }, '131026', 'undeliverable')).toEqual({ campaignId: campaign.id });
        await store.recipients.recordLateFailure({ messageId: 'wamid.late0', phone: phone(0), kind: 'failed', at }, '131026', 'undeliverable');
        expect(await store.recipients.recordLateFailure({ messageId: 'wamid.nobody', phone: phone(0), kind: 'failed', at }, '131026', 'undeliverable')).toBeNull();
        expect(await counts(campaign.id)).toMatchObject({ sent: 1, failed: 1 });
        const [r0, r1] = await store.recipients.list(campaign.id);
        expect(r0).toMatchObject({ status: 'failed', errorCode: '131026', errorText: 'undeliverable', messageId: 'wamid.late0' });
        expect(r1).toMatchObject({ status: 'sent' });
        // The counters agree with the recipients.
        expect((await store.recipients.countByStatus(campaign.id))).toMatchObject({ sent: 1, failed: 1 });
        expect((await store.campaigns.recomputeCounts(campaign.id))?.counts).toMatchObject({ sent: 1, failed: 1 });
      });

      it('skips pending recipients by phone before their turn, counting them once', async () => {
        const campaign = await campaignWith(5);
        const [c0, c1] = await store.recipients.claimBatch(campaign.id, 'lane', 2, new Date());
        await store.recipients.markInFlight(c0!.id, 'lane');
        await store.recipients.recordResults(campaign.id, 'lane', [
          { recipientId: c0!.id, status: 'sent', messageId: 'm', at: new Date() },
        ]);
        const [c2] = await store.recipients.claimBatch(campaign.id, 'lane', 1, new Date());
        await store.recipients.markInFlight(c2!.id, 'lane');

        // phone(0) is sent and phone(2) is in flight: both are left alone; phone(1) is claimed but not yet in flight.
        const skipped = await store.recipients.skipPhones(
          campaign.id,
          [phone(0), phone(1), phone(2), phone(3), '+10000000000'],
          'not_on_whatsapp',
          'The number has no WhatsApp account',
        );
        expect(skipped).toBe(2);
        expect(await store.recipients.skipPhones(campaign.id, [phone(3)], 'not_on_whatsapp', 'again')).toBe(0);
        expect(await counts(campaign.id)).toMatchObject({ sent: 1, skipped: 2 });
        expect(await store.recipients.markInFlight(c1!.id, 'lane')).toBe(false);
        const list = await store.recipients.list(campaign.id);
        expect(list.map((r) => r.status)).toEqual(['sent', 'skipped', 'pending', 'skipped', 'pending']);
        expect(list[3]).toMatchObject({
          errorCode: 'not_on_whatsapp',
          errorText: 'The number has no WhatsApp account',
        });
        expect(await store.recipients.claimBatch(campaign.id, 'lane-2', 10, new Date())).toHaveLength(1);
      });
    });

    describe('audit', () => {
      it('records events and lists them most recent first, by action and outcome', async () => {
        const base = Date.parse('2025-01-01T00:00:00.000Z');
        const first = await store.audit.record({
          actor,
          action: 'campaign.create',
          target: 'abc',
          outcome: 'ok',
          detail: null,
          at: new Date(base),
        });
        await store.audit.record({
          actor,
          action: 'campaign.pause',
          target: 'abc',
          outcome: 'refused',
          detail: 'not running',
          at: new Date(base + 1000),
        });
        await store.audit.record({
          actor: { surface: 'telegram', userId: '7' },
          action: 'campaign.create',
          target: null,
          outcome: 'error',
          detail: 'boom',
          at: new Date(base + 2000),
        });
        const now = await store.audit.record({
          actor,
          action: 'customers.import',
          target: 'file.csv',
          outcome: 'ok',
          detail: null,
        });

        expect(typeof first.id).toBe('string');
        expect(first).toMatchObject({ actor, action: 'campaign.create', target: 'abc', outcome: 'ok', detail: null });
        expect(first.at.getTime()).toBe(base);
        expect(Math.abs(now.at.getTime() - Date.now())).toBeLessThan(60_000);

        expect((await store.audit.list()).map((e) => e.action)).toEqual([
          'customers.import',
          'campaign.create',
          'campaign.pause',
          'campaign.create',
        ]);
        expect((await store.audit.list({ action: 'campaign.create' })).map((e) => e.outcome)).toEqual(['error', 'ok']);
        expect((await store.audit.list({ outcome: 'refused' })).map((e) => e.detail)).toEqual(['not running']);
        expect(await store.audit.list({ limit: 2 })).toHaveLength(2);
        expect((await store.audit.list({ action: 'campaign.create' }))[0]?.actor).toEqual({
          surface: 'telegram',
          userId: '7',
        });
      });
    });

    describe('notifications', () => {
      it('stores notifications and lists them most recent first, by campaign', async () => {
        const base = Date.parse('2025-01-01T00:00:00.000Z');
        const a = await store.notifications.add({ campaignId: 'c1', kind: 'summary', text: 'one', at: new Date(base) });
        await store.notifications.add({ campaignId: 'c2', kind: 'summary', text: 'two', at: new Date(base + 1) });
        await store.notifications.add({
          campaignId: null,
          kind: 'whatsapp_logged_out',
          text: 'three',
          at: new Date(base + 2),
        });
        await store.notifications.add({ campaignId: 'c1', kind: 'campaign_paused', text: 'four' });
        expect(a).toMatchObject({ campaignId: 'c1', kind: 'summary', text: 'one' });
        expect(typeof a.id).toBe('string');
        expect(a.at.getTime()).toBe(base);
        expect((await store.notifications.list()).map((n) => n.text)).toEqual(['four', 'three', 'two', 'one']);
        expect((await store.notifications.list({ campaignId: 'c1' })).map((n) => n.text)).toEqual(['four', 'one']);
        expect((await store.notifications.list({ limit: 1 })).map((n) => n.text)).toEqual(['four']);
        expect((await store.notifications.list())[1]?.campaignId).toBeNull();
      });
    });

    describe('key-value', () => {
      it('sets, gets, overwrites and deletes values per namespace', async () => {
        expect(await store.kv.get('wizard', 'u1')).toBeNull();
        await store.kv.set('wizard', 'u1', '{"step":1}');
        await store.kv.set('other', 'u1', 'x');
        expect(await store.kv.get('wizard', 'u1')).toBe('{"step":1}');
        await store.kv.set('wizard', 'u1', '{"step":2}');
        expect(await store.kv.get('wizard', 'u1')).toBe('{"step":2}');
        await store.kv.delete('wizard', 'u1');
        expect(await store.kv.get('wizard', 'u1')).toBeNull();
        expect(await store.kv.get('other', 'u1')).toBe('x');
      });

      it('reads and writes many keys, deleting the ones set to null', async () => {
        await store.kv.setMany('auth', [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
          { key: 'c', value: '3' },
        ]);
        await store.kv.setMany('auth', [
          { key: 'b', value: null },
          { key: 'c', value: '33' },
        ]);
        const many = await store.kv.getMany('auth', ['a', 'b', 'c', 'd']);
        expect([...many.entries()].sort()).toEqual([
          ['a', '1'],
          ['c', '33'],
        ]);
        expect((await store.kv.getMany('auth', [])).size).toBe(0);
        await store.kv.set('keep', 'a', 'kept');
        await store.kv.clearNamespace('auth');
        expect((await store.kv.getMany('auth', ['a', 'c'])).size).toBe(0);
        expect(await store.kv.get('keep', 'a')).toBe('kept');
      });

      it('expires values after their ttl, and a later set without ttl keeps them', async () => {
        await store.kv.set('cache', 'short', 'v', 40);
        await store.kv.setMany('cache', [{ key: 'batch', value: 'v' }], 40);
        await store.kv.set('cache', 'renewed', 'v', 40);
        await store.kv.set('cache', 'renewed', 'v2');
        await store.kv.set('cache', 'long', 'v', 60_000);
        expect(await store.kv.get('cache', 'short')).toBe('v');
        await sleep(80);
        expect(await store.kv.get('cache', 'short')).toBeNull();
        expect((await store.kv.getMany('cache', ['short', 'batch', 'renewed', 'long'])).size).toBe(2);
        expect(await store.kv.get('cache', 'renewed')).toBe('v2');
        expect(await store.kv.get('cache', 'long')).toBe('v');
        await store.kv.set('cache', 'short', 'back');
        expect(await store.kv.get('cache', 'short')).toBe('back');
      });
    });

    describe('schedules', () => {
      const scheduleInput = (overrides: Partial<NewSchedule> = {}): NewSchedule => ({
        name: 'Weekly promo',
        draft: { title: 'Promo', template: 'Halo {{name}}', media: null, audience: { kind: 'tags', tags: ['vip'] } },
        kind: 'cron',
        at: null,
        cron: '0 9 * * 1',
        timezone: 'Asia/Jakarta',
        enabled: true,
        createdBy: actor,
        lastRunAt: null,
        lastCampaignId: null,
        lastOutcome: null,
        nextRunAt: new Date('2025-01-06T02:00:00.000Z'),
        ...overrides,
      });

      it('creates, reads, lists, updates and deletes schedules', async () => {
        const weekly = await store.schedules.create(scheduleInput());
        expect(weekly.id).toMatch(SHORT_ID_PATTERN);
        expect(weekly).toMatchObject({ ...scheduleInput(), id: weekly.id });
        expect(weekly.createdAt).toBeInstanceOf(Date);
        expect(await store.schedules.get(weekly.id)).toEqual(weekly);
        const once = await store.schedules.create(
          scheduleInput({
            name: 'Launch',
            kind: 'once',
            cron: null,
            at: new Date('2025-02-01T01:00:00.000Z'),
            enabled: false,
          }),
        );
        expect(once.at?.getTime()).toBe(Date.parse('2025-02-01T01:00:00.000Z'));

        expect((await store.schedules.list()).map((s) => s.id).sort()).toEqual([weekly.id, once.id].sort());
        expect((await store.schedules.list({ enabled: true })).map((s) => s.id)).toEqual([weekly.id]);
        expect((await store.schedules.list({ enabled: false })).map((s) => s.id)).toEqual([once.id]);

        const ran = new Date('2025-01-06T02:00:01.000Z');
        const updated = await store.schedules.update(weekly.id, {
          lastRunAt: ran,
          lastCampaignId: 'abcd2345',
          lastOutcome: 'started',
          nextRunAt: null,
          enabled: false,
        });
        expect(updated).toMatchObject({
          lastCampaignId: 'abcd2345',
          lastOutcome: 'started',
          nextRunAt: null,
          enabled: false,
          name: 'Weekly promo',
        });
        expect(updated?.lastRunAt?.getTime()).toBe(ran.getTime());
        expect(updated?.createdAt.getTime()).toBe(weekly.createdAt.getTime());
        expect(await store.schedules.get(weekly.id)).toEqual(updated);
        expect(await store.schedules.update('nope2345', { enabled: true })).toBeNull();

        expect(await store.schedules.delete(weekly.id)).toBe(true);
        expect(await store.schedules.delete(weekly.id)).toBe(false);
        expect(await store.schedules.get(weekly.id)).toBeNull();
      });
    });

    // Sender accounts (issue 16): several WhatsApp numbers; campaigns and schedules name the one they send from.
    describe('accounts', () => {
      it('creates, lists, reads and removes accounts; a taken name is refused', async () => {
        expect(await store.accounts.list()).toEqual([]);
        expect(await store.accounts.create({ name: 'toko-b', driver: 'dry-run', phoneNumberId: null, wabaId: null })).toBe(true);
        expect(await store.accounts.create({ name: 'cloud-a', driver: 'cloud', phoneNumberId: '1055', wabaId: '2077' })).toBe(true);
        expect(await store.accounts.create({ name: 'toko-b', driver: 'baileys', phoneNumberId: null, wabaId: null })).toBe(false);
        const listed = await store.accounts.list();
        expect(listed.map((a) => a.name)).toEqual(['cloud-a', 'toko-b']);
        expect(listed[0]).toMatchObject({ driver: 'cloud', phoneNumberId: '1055', wabaId: '2077', status: 'active' });
        expect(listed[0]!.createdAt).toBeInstanceOf(Date);
        expect(await store.accounts.get('toko-b')).toMatchObject({ name: 'toko-b', driver: 'dry-run', phoneNumberId: null, wabaId: null });
        expect(await store.accounts.get('nope')).toBeNull();
        expect(await store.accounts.remove('toko-b')).toBe(true);
        expect(await store.accounts.remove('toko-b')).toBe(false);
        expect((await store.accounts.list()).map((a) => a.name)).toEqual(['cloud-a']);
      });

      it("stores an account's own pace and cap (null follows the configuration) and replaces them", async () => {
        await store.accounts.create({ name: 'toko-b', driver: 'dry-run', phoneNumberId: null, wabaId: null });
        await store.accounts.create({
          name: 'toko-c',
          driver: 'baileys',
          phoneNumberId: null,
          wabaId: null,
          pace: { ratePerMinute: 12, jitterMs: 0, dailyCap: 300 },
        });
        expect((await store.accounts.get('toko-b'))?.pace).toEqual({ ratePerMinute: null, jitterMs: null, dailyCap: null });
        expect((await store.accounts.get('toko-c'))?.pace).toEqual({ ratePerMinute: 12, jitterMs: 0, dailyCap: 300 });
        expect(await store.accounts.setPace('toko-b', { ratePerMinute: 30, jitterMs: 1500, dailyCap: 0 })).toBe(true);
        expect(await store.accounts.setPace('toko-c', { ratePerMinute: null, jitterMs: null, dailyCap: 300 })).toBe(true);
        expect(await store.accounts.setPace('nope', { ratePerMinute: 1, jitterMs: null, dailyCap: null })).toBe(false);
        const listed = await store.accounts.list();
        expect(listed.map((a) => [a.name, a.pace])).toEqual([
          ['toko-b', { ratePerMinute: 30, jitterMs: 1500, dailyCap: 0 }],
          ['toko-c', { ratePerMinute: null, jitterMs: null, dailyCap: 300 }],
        ]);
        expect(await store.accounts.get('nope')).toBeNull();
      });

      it('stores the account of a campaign (default when none is named) and lists by account', async () => {
        const plain = (await store.campaigns.create(campaignInput())).campaign;
        const other = (await store.campaigns.create(campaignInput({ account: 'toko-b' }))).campaign;
        expect(plain.account).toBe('default');
        expect(other.account).toBe('toko-b');
        expect((await store.campaigns.get(other.id))?.account).toBe('toko-b');
        expect((await store.campaigns.list({ account: 'default' })).map((c) => c.id)).toEqual([plain.id]);
        expect((await store.campaigns.list({ account: 'toko-b', status: ['pending'] })).map((c) => c.id)).toEqual([other.id]);
        expect(await store.campaigns.list({ account: 'nope' })).toEqual([]);
      });

      it('stores the account of a schedule with its draft (default when none is named)', async () => {
        const base = {
          name: 'Weekly',
          kind: 'cron' as const,
          at: null,
          cron: '0 9 * * 1',
          timezone: 'Asia/Jakarta',
          enabled: true,
          createdBy: actor,
          lastRunAt: null,
          lastCampaignId: null,
          lastOutcome: null,
          nextRunAt: null,
        };
        const draft = { title: 'Promo', template: 'Halo', media: null, audience: { kind: 'all' as const } };
        const plain = await store.schedules.create({ ...base, draft });
        const other = await store.schedules.create({ ...base, draft: { ...draft, account: 'toko-b' } });
        expect(plain.draft.account).toBe('default');
        expect((await store.schedules.get(other.id))?.draft.account).toBe('toko-b');
        const moved = await store.schedules.update(plain.id, { draft: { ...draft, account: 'cloud-a' } });
        expect(moved?.draft.account).toBe('cloud-a');
        expect((await store.schedules.get(plain.id))?.draft.account).toBe('cloud-a');
      });
    });

    // The customer service window (issue 16): when a customer last wrote to each number.
    describe('conversations', () => {
      it('keeps the latest time a customer wrote to each number, whatever order the messages are recorded in', async () => {
        const phone = '+628111000001';
        expect(await store.conversations.lastCustomerMessage('cloud-a', phone)).toBeNull();
        const early = new Date('2026-11-30T08:00:00.000Z');
        const late = new Date('2026-12-01T09:30:00.000Z');
        await store.conversations.recordCustomerMessage('cloud-a', phone, late);
        // A webhook delivered late (Meta retries) must not move the time back.
        await store.conversations.recordCustomerMessage('cloud-a', phone, early);
        expect((await store.conversations.lastCustomerMessage('cloud-a', phone))?.toISOString()).toBe(late.toISOString());
        const later = new Date('2026-12-01T10:00:00.000Z');
        await store.conversations.recordCustomerMessage('cloud-a', phone, later);
        expect((await store.conversations.lastCustomerMessage('cloud-a', phone))?.toISOString()).toBe(later.toISOString());
        // Per number and per customer.
        expect(await store.conversations.lastCustomerMessage('default', phone)).toBeNull();
        expect(await store.conversations.lastCustomerMessage('cloud-a', '+628111000002')).toBeNull();
        await store.conversations.recordCustomerMessage('default', phone, early);
        expect((await store.conversations.lastCustomerMessage('default', phone))?.toISOString()).toBe(early.toISOString());
        expect((await store.conversations.lastCustomerMessage('cloud-a', phone))?.toISOString()).toBe(later.toISOString());
      });
    });

    // Crash recovery with a send journal (issue 12): only the sends that started may end `unknown`.
    describe('recipients: journal-guided recovery and attempts', () => {
      it('with `handed`, only the sends that started follow the policy; the other marks go back with no attempt', async () => {
        const campaign = await campaignWith(4);
        const a = await store.recipients.claimBatch(campaign.id, 'lane-a', 4, new Date());
        const marked = await store.recipients.markInFlightMany(a.slice(0, 3).map((r) => r.id), 'lane-a');
        expect(marked.size).toBe(3);
        expect(await store.recipients.claimTokens(campaign.id)).toEqual(['lane-a']);
        expect(await store.recipients.releaseClaims(campaign.id, 'lane-a', 'unknown', [a[1]!.id])).toEqual({
          released: 3,
          unknown: 1,
        });
        const list = await store.recipients.list(campaign.id);
        expect(list.map((r) => [r.status, r.attempts])).toEqual([
          ['pending', 0],
          ['unknown', 1],
          ['pending', 0],
          ['pending', 0],
        ]);
        expect(await counts(campaign.id)).toMatchObject({ unknown: 1 });
        expect(await store.recipients.countByStatus(campaign.id)).toMatchObject({ claimed: 0, inFlight: 0 });
        expect(await store.recipients.claimTokens(campaign.id)).toEqual([]);
        // Released marks are claimable and markable again.
        const again = await store.recipients.claimBatch(campaign.id, 'lane-b', 10, new Date());
        expect(again).toHaveLength(3);
        expect((await store.recipients.markInFlightMany([again[0]!.id], 'lane-b')).size).toBe(1);
      });

      it('with an empty `handed` under the resend policy, nothing counts as an attempt', async () => {
        const campaign = await campaignWith(2);
        const a = await store.recipients.claimBatch(campaign.id, 'lane-a', 2, new Date());
        await store.recipients.markInFlightMany(a.map((r) => r.id), 'lane-a');
        expect(await store.recipients.releaseClaims(campaign.id, 'lane-a', 'resend', [])).toEqual({ released: 2, unknown: 0 });
        expect((await store.recipients.list(campaign.id)).map((r) => r.attempts)).toEqual([0, 0]);
      });

      it('lists the distinct claim tokens of pending recipients', async () => {
        const campaign = await campaignWith(5);
        await store.recipients.claimBatch(campaign.id, 'lane-a', 2, new Date());
        const b = await store.recipients.claimBatch(campaign.id, 'lane-b', 2, new Date());
        expect((await store.recipients.claimTokens(campaign.id)).sort()).toEqual(['lane-a', 'lane-b']);
        await store.recipients.recordResults(campaign.id, 'lane-b', b.map((r) => ({ recipientId: r.id, status: 'sent' as const, messageId: r.id, at: new Date() })));
        expect(await store.recipients.claimTokens(campaign.id)).toEqual(['lane-a']);
      });

      it('a retry with attempted: false (WhatsApp pushed back) does not count an attempt', async () => {
        const campaign = await campaignWith(2);
        const a = await store.recipients.claimBatch(campaign.id, 'lane', 2, new Date());
        const at = new Date();
        await store.recipients.recordResults(campaign.id, 'lane', [
          { recipientId: a[0]!.id, status: 'retry', errorCode: '429', errorText: 'rate limited', nextAttemptAt: at, at, attempted: false },
          { recipientId: a[1]!.id, status: 'retry', errorCode: 'timeout', errorText: 'timeout', nextAttemptAt: at, at },
        ]);
        expect((await store.recipients.list(campaign.id)).map((r) => [r.status, r.attempts])).toEqual([
          ['pending', 0],
          ['pending', 1],
        ]);
      });
    });
  });
}

// ---------------------------------------------------------------- issue 18: races, recovery, convergence

/**
 * The cases a review of the MongoDB store found untested, run against every store like the contract above.
 * Semantics pinned here: a patch member given as `undefined` leaves the stored value alone (only null clears);
 * an attribute named `__proto__` is an ordinary attribute; counters recomputed from the recipients replace
 * whatever increments a fault lost. SQLite has no "transactions off" mode (every write is an IMMEDIATE
 * transaction), so the run without transactions exists for MongoDB only (test/models/mongo.test.ts).
 */
export function describeStoreRaceContract(
  name: string,
  open: () => Promise<Store>,
  cleanup?: (store: Store) => Promise<void>,
): void {
  describe(`store contract, races and recovery: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.(store);
    });

    async function campaignWith(count: number, overrides: Partial<NewCampaign> = {}) {
      const { campaign } = await store.campaigns.create(campaignInput({ status: 'processing', ...overrides }));
      if (count > 0) await store.recipients.insertMany(campaign.id, recipients(count));
      return campaign;
    }

    const at = new Date('2025-03-01T08:00:00.000Z');

    it('creates one campaign from five parallel creates with the same idempotency key', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.campaigns.create(campaignInput({ idempotencyKey: 'schedule:s1:2025-03-01T08:00' }))),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.campaign.id)).size).toBe(1);
      expect(await store.campaigns.list()).toHaveLength(1);
    });

    it('counts concurrent duplicate receipts once', async () => {
      const campaign = await campaignWith(2);
      const claimed = await store.recipients.claimBatch(campaign.id, 'lane-a', 2, new Date());
      await store.recipients.recordResults(
        campaign.id,
        'lane-a',
        claimed.map((r, i) => ({ recipientId: r.id, status: 'sent', messageId: `wamid-${i}`, at })),
      );
      const receipts = [
        ...Array.from({ length: 5 }, () => store.recipients.recordReceipt({ messageId: 'wamid-0', phone: phone(0), kind: 'delivered', at })),
        ...Array.from({ length: 5 }, () => store.recipients.recordReceipt({ messageId: 'wamid-0', phone: phone(0), kind: 'read', at })),
        ...Array.from({ length: 3 }, () => store.recipients.recordReceipt({ messageId: 'wamid-1', phone: phone(1), kind: 'delivered', at })),
      ];
      const answers = await Promise.all(receipts);
      expect(answers.every((a) => a?.campaignId === campaign.id)).toBe(true);
      const stored = await store.campaigns.get(campaign.id);
      expect(stored?.counts).toMatchObject({ sent: 2, delivered: 2, read: 1 });
    });

    it('recovers the claims of a lane that gave up (the reconciler\'s store-only path), fencing its late results', async () => {
      const campaign = await campaignWith(5);
      const held = await store.recipients.claimBatch(campaign.id, 'lane-gave-up', 3, new Date());
      expect(await store.recipients.markInFlight(held[0]!.id, 'lane-gave-up')).toBe(true);

      // The in-flight one may have been sent: it becomes unknown (and counted), never sent again.
      expect(await store.recipients.releaseClaims(campaign.id, 'lane-gave-up', 'unknown')).toEqual({ released: 2, unknown: 1 });
      expect(await store.recipients.activity(campaign.id)).toEqual({ pending: true, claimed: false });
      const next = await store.recipients.claimBatch(campaign.id, 'lane-new', 10, new Date());
      expect(next.map((r) => r.id)).toEqual(held.slice(1).map((r) => r.id).concat((await store.recipients.list(campaign.id)).slice(3).map((r) => r.id)));
      // The old lane's late result is fenced off by its lost claim.
      await store.recipients.recordResults(campaign.id, 'lane-gave-up', [{ recipientId: held[1]!.id, status: 'sent', messageId: 'late', at }]);
      const byStatus = await store.recipients.countByStatus(campaign.id);
      expect(byStatus).toMatchObject({ pending: 4, unknown: 1, sent: 0, claimed: 4 });
      expect((await store.campaigns.get(campaign.id))?.counts).toMatchObject({ unknown: 1, sent: 0 });
    });

    it('answers whether anything is pending or claimed', async () => {
      const campaign = await campaignWith(2);
      expect(await store.recipients.activity(campaign.id)).toEqual({ pending: true, claimed: false });
      const [a, b] = await store.recipients.claimBatch(campaign.id, 'lane-a', 2, new Date());
      expect(await store.recipients.activity(campaign.id)).toEqual({ pending: true, claimed: true });
      await store.recipients.recordResults(campaign.id, 'lane-a', [
        { recipientId: a!.id, status: 'sent', messageId: 'm-a', at },
        { recipientId: b!.id, status: 'failed', errorCode: 'x', errorText: 'x', at },
      ]);
      expect(await store.recipients.activity(campaign.id)).toEqual({ pending: false, claimed: false });
      expect(await store.recipients.activity('nope2345')).toEqual({ pending: false, claimed: false });
    });

    it('recomputes the counters from the recipients, replacing whatever increments were lost', async () => {
      const campaign = await campaignWith(6);
      const claimed = await store.recipients.claimBatch(campaign.id, 'lane-a', 6, new Date());
      const [r0, r1, r2, r3, r4, r5] = claimed.map((r) => r.id) as [string, string, string, string, string, string];
      const error = { errorCode: 'e', errorText: 'e', at };
      await store.recipients.recordResults(campaign.id, 'lane-a', [
        { recipientId: r0, status: 'sent', messageId: 'm0', at },
        { recipientId: r1, status: 'sent', messageId: 'm1', at },
        { recipientId: r2, status: 'failed', ...error },
        { recipientId: r3, status: 'skipped', ...error },
        { recipientId: r4, status: 'unknown', ...error },
        { recipientId: r5, status: 'retry', ...error, nextAttemptAt: new Date(Date.now() + 60_000) },
      ]);
      await store.recipients.recordReceipt({ messageId: 'm0', phone: phone(0), kind: 'read', at });
      await store.recipients.recordReply(r0, at);
      // A fault that lost increments (or double-applied a stale write) leaves the counters wrong.
      await store.campaigns.update(campaign.id, { counts: { total: 2, sent: 0, failed: 5, skipped: 0, unknown: 3, delivered: 0, read: 0, replied: 4 } });
      const fixed = await store.campaigns.recomputeCounts(campaign.id);
      const truth = { total: 6, sent: 2, failed: 1, skipped: 1, unknown: 1, delivered: 1, read: 1, replied: 1 };
      expect(fixed?.counts).toEqual(truth);
      expect((await store.campaigns.get(campaign.id))?.counts).toEqual(truth);
      expect(fixed?.status).toBe('processing');
      expect(await store.campaigns.recomputeCounts('nope2345')).toBeNull();
      const empty = await campaignWith(0);
      expect((await store.campaigns.recomputeCounts(empty.id))?.counts).toEqual({ total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0, replied: 0 });
    });

    it('deletes a campaign and every recipient, leaving other campaigns alone', async () => {
      const doomed = await campaignWith(30);
      const kept = await campaignWith(3);
      await store.campaigns.delete(doomed.id);
      expect(await store.campaigns.get(doomed.id)).toBeNull();
      expect(await store.recipients.list(doomed.id)).toEqual([]);
      expect(await store.recipients.list(kept.id)).toHaveLength(3);
      await store.campaigns.delete(doomed.id);
    });

    it('leaves a field alone when a patch gives it as undefined; null clears it', async () => {
      const campaign = await campaignWith(0);
      const startedAt = new Date('2025-03-01T08:00:00.000Z');
      await store.campaigns.update(campaign.id, { statusReason: 'user', startedAt, sentAt: startedAt });
      const patched = await store.campaigns.update(campaign.id, {
        status: 'paused',
        statusReason: undefined,
        startedAt: undefined,
        sentAt: null,
        counts: { sent: undefined, total: 4 },
      });
      expect(patched).toMatchObject({ status: 'paused', statusReason: 'user', sentAt: null, counts: { total: 4, sent: 0 } });
      expect(patched?.startedAt?.getTime()).toBe(startedAt.getTime());
    });

    it('keeps an attribute named __proto__ as an ordinary attribute', async () => {
      const attributes = JSON.parse('{"__proto__":"polluted?","kota":"Bandung"}') as Record<string, string>;
      await store.customers.upsertMany([{ phone: phone(1), name: 'Ani', attributes }]);
      const customer = await store.customers.findByPhone(phone(1));
      expect(Object.hasOwn(customer!.attributes, '__proto__')).toBe(true);
      expect(customer!.attributes).toEqual(attributes);
      expect(Object.getPrototypeOf(customer!.attributes)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();

      const campaign = await campaignWith(0);
      await store.recipients.insertMany(campaign.id, [{ customerId: null, phone: phone(2), variables: attributes }]);
      const [recipient] = await store.recipients.list(campaign.id);
      expect(Object.hasOwn(recipient!.variables, '__proto__')).toBe(true);
      expect(recipient!.variables).toEqual(attributes);
    });

    it('keeps phone lists apart from the records that reference them, paged in order', async () => {
      const phones = Array.from({ length: 2500 }, (_, i) => phone(i));
      const list = await store.audienceLists.create(phones);
      expect(list.count).toBe(2500);
      const pages: string[][] = [];
      for await (const page of store.audienceLists.pages(list.listId, 1000)) pages.push(page);
      expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
      expect(pages.flat()).toEqual(phones);

      const { campaign } = await store.campaigns.create(campaignInput({ audience: { kind: 'list', listId: list.listId, count: list.count } }));
      expect((await store.campaigns.get(campaign.id))?.audience).toEqual({ kind: 'list', listId: list.listId, count: 2500 });

      const empty = await store.audienceLists.create([]);
      const none: string[][] = [];
      for await (const page of store.audienceLists.pages(empty.listId, 1000)) none.push(page);
      for await (const page of store.audienceLists.pages('no-such-list', 1000)) none.push(page);
      expect(none).toEqual([]);

      await store.audienceLists.delete(list.listId);
      const gone: string[][] = [];
      for await (const page of store.audienceLists.pages(list.listId, 1000)) gone.push(page);
      expect(gone).toEqual([]);
    });

    it('rejects calls on a closed store instead of hanging', async () => {
      const campaign = await campaignWith(1);
      await store.close();
      await expect(store.campaigns.get(campaign.id)).rejects.toThrow();
      await expect(store.recipients.claimBatch(campaign.id, 'lane-a', 1, new Date())).rejects.toThrow();
    });
  });
}
