import { describe, expect, it } from 'vitest';
import { F, seedFactory, useEmulator } from './helpers.js';

describe('paging', () => {
  const t = useEmulator({ pageSize: 3 });

  it('pages with nextLink', async () => {
    await seedFactory(t.call);
    const names = ['e', 'B', 'a', 'd', 'C', 'f', 'g'];
    for (const n of names) await t.call('PUT', `${F()}/pipelines/${n}`, { properties: {} });
    const first = await t.call('GET', `${F()}/pipelines`);
    expect(first.body.value.map((p: { name: string }) => p.name)).toEqual(['a', 'B', 'C']);
    const link = new URL(first.body.nextLink);
    expect(`${link.protocol}//${link.host}`).toBe(t.emulator.url);
    expect(link.searchParams.get('api-version')).toBe('2018-06-01');
    expect(link.searchParams.get('$skipToken')).toBe('c');
    // A write between pages neither repeats nor skips what was already listed.
    await t.call('DELETE', `${F()}/pipelines/a`);
    await t.call('PUT', `${F()}/pipelines/cc`, { properties: {} });
    const second = await t.call('GET', first.body.nextLink);
    expect(second.body.value.map((p: { name: string }) => p.name)).toEqual(['cc', 'd', 'e']);
    const third = await t.call('GET', second.body.nextLink);
    expect(third.body.value.map((p: { name: string }) => p.name)).toEqual(['f', 'g']);
    expect(third.body.nextLink).toBeUndefined();
    const exact = await t.call('GET', `${F()}/datasets`);
    expect(exact.body).toEqual({ value: [] });
  });

  it('pages with nextLink: default page size is 50', async () => {
    const { startEmulator } = await import('../../src/emulator/index.js');
    const { client } = await import('./helpers.js');
    const e = await startEmulator({ port: 0 });
    try {
      const call = client(() => e.url);
      await seedFactory(call);
      for (let i = 0; i < 51; i++)
        await call('PUT', `${F()}/pipelines/p${String(i).padStart(2, '0')}`, { properties: {} });
      const r = await call('GET', `${F()}/pipelines`);
      expect(r.body.value).toHaveLength(50);
      expect((await call('GET', r.body.nextLink)).body.value.map((p: { name: string }) => p.name)).toEqual(['p50']);
    } finally {
      await e.close();
    }
  });
});
