/**
 * The messaging limit as Meta reports it today and before: from Graph API v24.0 the tier is
 * `whatsapp_business_manager_messaging_limit` with `TIER_2K` (Meta's "Messaging limits" page); up to v23.0 it is
 * the deprecated `messaging_limit_tier`. Both are read, for the version GRAPH_API_URL pins.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/whatsapp/cloud/client.js';
import { phoneFieldsFor, readPhoneInfo, tierLimit } from '../../../src/whatsapp/cloud/limits.js';
import { FAKE_PHONE_NUMBER_ID, FAKE_TOKEN, FakeGraphApi } from '../../fakes/graph-api.js';

let fake: FakeGraphApi | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

describe('a Cloud number\'s messaging limit', () => {
  it('asks each pinned version for its own tier field (a root without a version gets the new one)', () => {
    expect(phoneFieldsFor('https://graph.facebook.com/v25.0')).toBe('display_phone_number,verified_name,quality_rating,whatsapp_business_manager_messaging_limit');
    expect(phoneFieldsFor('https://graph.facebook.com/v24.0')).toContain(',whatsapp_business_manager_messaging_limit');
    expect(phoneFieldsFor('https://graph.facebook.com/v23.0')).toContain(',messaging_limit_tier');
    expect(phoneFieldsFor('https://proxy.example/graph/v22.0/')).toContain(',messaging_limit_tier');
    expect(phoneFieldsFor('https://proxy.example/graph')).toContain(',whatsapp_business_manager_messaging_limit');
    // The tier names old and new; TIER_NOT_SET (never sent yet) and unknown names are no limit we know.
    expect([tierLimit('TIER_250'), tierLimit('TIER_2K'), tierLimit('TIER_1K'), tierLimit('tier_10k'), tierLimit('TIER_UNLIMITED')]).toEqual([250, 2000, 1000, 10_000, 0]);
    expect([tierLimit('TIER_NOT_SET'), tierLimit('TIER_5K'), tierLimit(null)]).toEqual([null, null, null]);
  });

  for (const version of ['v25.0', 'v23.0']) {
    it(`reads the tier from a Graph API ${version} number`, async () => {
      fake = await new FakeGraphApi().start();
      fake.version = version;
      fake.phone = { ...fake.phone, tier: 'TIER_2K' };
      const info = await readPhoneInfo(new GraphClient({ baseUrl: fake.url, token: FAKE_TOKEN }), FAKE_PHONE_NUMBER_ID);
      expect(info).toMatchObject({ tier: 'TIER_2K', dailyLimit: 2000, qualityRating: 'GREEN', verifiedName: 'Toko Contoh' });
      expect(fake.phoneReads).toHaveLength(1);
    });
  }
});
