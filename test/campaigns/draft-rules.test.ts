import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCompose } from '../../src/bots/slack/modal.js';
import { t } from '../../src/i18n/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({}, { withWorker: false });
  await seedCustomers(app.app, 2);
});
afterAll(async () => {
  await app.close();
});

describe('draft rules decided once (issue 11, defects 3 and 8)', () => {
  it('create refuses unknown variables naming all of them, in both languages', async () => {
    const draft = { title: 'T', template: 'Halo {{nama}} {{kotaa}}', audience: { kind: 'all' as const } };
    const error = await app.app.campaigns.create(draft, CLI_ACTOR).then(
      () => null,
      (e: unknown) => e as { code: string; messageKey: string; params: Record<string, string> },
    );
    expect(error?.code).toBe('unknown_variable');
    for (const locale of ['id', 'en'] as const) {
      const text = t(locale, error!.messageKey, error!.params);
      expect(text).toContain('{{nama}}, {{kotaa}}');
    }
    expect(await app.app.campaigns.list()).toEqual([]);
  });

  it('Slack: numbers pasted while "All customers" is selected are used as Custom numbers, not dropped', () => {
    const checked = checkCompose(
      { title: 'T', kind: 'all', tags: [], phones: '+6281234500001\n+6281234500002', message: 'Halo' },
      'id',
      'ID',
      false,
    );
    expect(checked).toEqual({ audience: { kind: 'phones', phones: ['+6281234500001', '+6281234500002'] } });
    const bad = checkCompose({ title: 'T', kind: 'all', tags: [], phones: 'bukan nomor', message: 'Halo' }, 'en', 'ID', false);
    expect('errors' in bad && bad.errors.phones).toBeTruthy();
    expect(checkCompose({ title: 'T', kind: 'all', tags: [], phones: '  ', message: 'Halo' }, 'en', 'ID', false)).toEqual({
      audience: { kind: 'all' },
    });
  });

  it('the preview counts recipients with an empty variable and suggests a fallback (defect 10)', async () => {
    await app.app.store.customers.upsertMany([{ phone: '+6281299900001', name: null, tags: ['noname'] }]);
    const audience = { kind: 'phones' as const, phones: ['+6281210000000', '+6281299900001'] };
    const preview = await app.app.campaigns.preview({ title: 'T', template: 'Halo {{name}}, promo!', audience });
    expect(preview.emptyVariables).toEqual([{ name: 'name', count: 1 }]);
    // With a fallback nothing is empty.
    const covered = await app.app.campaigns.preview({ title: 'T', template: 'Halo {{name|Kak}}', audience });
    expect(covered.emptyVariables).toEqual([]);
    expect(t('id', 'preview.emptyVariable', { name: 'name', count: 1, total: 2, fallback: t('id', 'preview.fallback.name') })).toBe(
      '⚠️ 1 dari 2 penerima tidak punya {{name}}; di pesan mereka bagian itu kosong. Saran: {{name|Pelanggan}}',
    );
  });
});
