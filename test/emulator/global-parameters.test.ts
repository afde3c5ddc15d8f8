import { describe, expect, it } from 'vitest';
import { F, useEmulator } from './helpers.js';

describe('global parameters', () => {
  const t = useEmulator();

  it('default child mirrors the factory', async () => {
    await t.call('PUT', F(), {
      location: 'x',
      properties: { globalParameters: { env: { type: 'string', value: 'dev' } } },
    });
    const child = await t.call('GET', `${F()}/globalParameters/default`);
    expect(child.status).toBe(200);
    expect(child.body).toMatchObject({
      name: 'default',
      type: 'Microsoft.DataFactory/factories/globalParameters',
      properties: { env: { type: 'String', value: 'dev' } },
    });

    const put = await t.call('PUT', `${F()}/globalParameters/default`, {
      properties: { retries: { type: 'int', value: 3 } },
    });
    expect(put.status).toBe(200);
    expect(put.body.properties).toEqual({ retries: { type: 'Int', value: 3 } });
    expect((await t.call('GET', F())).body.properties.globalParameters).toEqual({ retries: { type: 'int', value: 3 } });
    expect((await t.call('GET', `${F()}/globalParameters`)).body.value.map((g: { name: string }) => g.name)).toEqual([
      'default',
    ]);

    expect((await t.call('DELETE', `${F()}/globalParameters/default`)).status).toBe(200);
    expect((await t.call('GET', F())).body.properties.globalParameters).toBeUndefined();
    expect((await t.call('GET', `${F()}/globalParameters/default`)).status).toBe(404);

    // A factory PUT replaces the map: without globalParameters, none are left.
    await t.call('PUT', `${F()}/globalParameters/default`, { properties: { x: { type: 'Bool', value: true } } });
    const replaced = await t.call('PUT', F(), { location: 'x', properties: {} });
    expect(replaced.body.properties.globalParameters).toBeUndefined();
    expect((await t.call('GET', `${F()}/globalParameters/default`)).status).toBe(404);
  });
});
