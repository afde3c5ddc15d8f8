import { describe, expect, it } from 'vitest';
import { F, seedFactory, useEmulator } from './helpers.js';

const trigger = (pipeline = 'p1') => ({
  properties: {
    type: 'ScheduleTrigger',
    pipelines: [{ pipelineReference: { referenceName: pipeline, type: 'PipelineReference' } }],
  },
});

describe('triggers and integration runtimes', () => {
  const t = useEmulator();

  async function seed() {
    await seedFactory(t.call);
    await t.call('PUT', `${F()}/pipelines/p1`, { properties: {} });
  }

  it('start and stop', async () => {
    await seed();
    const put = await t.call('PUT', `${F()}/triggers/t1`, trigger());
    expect(put.body.properties.runtimeState).toBe('Stopped');
    const start = await t.call('POST', `${F()}/triggers/T1/start`);
    expect(start.status).toBe(200);
    expect(start.text).toBe('');
    const started = await t.call('GET', `${F()}/triggers/t1`);
    expect(started.body.properties.runtimeState).toBe('Started');
    expect(started.body.etag).toBe(put.body.etag);
    expect((await t.call('GET', `${F()}/triggers`)).body.value[0].properties.runtimeState).toBe('Started');
    // The pipeline a started trigger runs cannot go away underneath it.
    expect((await t.call('DELETE', `${F()}/pipelines/p1`)).status).toBe(400);
    expect((await t.call('POST', `${F()}/triggers/t1/stop`)).status).toBe(200);
    expect((await t.call('GET', `${F()}/triggers/t1`)).body.properties.runtimeState).toBe('Stopped');
  });

  it('started trigger cannot be updated or deleted', async () => {
    await seed();
    await t.call('PUT', `${F()}/triggers/t1`, trigger());
    await t.call('POST', `${F()}/triggers/t1/start`);
    for (const [method, body] of [
      ['PUT', trigger()],
      ['DELETE', undefined],
    ] as const) {
      const r = await t.call(method, `${F()}/triggers/t1`, body);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({
        error: {
          code: 'TriggerEnabledCannotUpdate',
          message: 'Cannot update enabled Trigger; the trigger needs to be disabled first. ',
          target: null,
          details: null,
        },
      });
    }
    await t.call('POST', `${F()}/triggers/t1/stop`);
    expect((await t.call('PUT', `${F()}/triggers/t1`, trigger())).status).toBe(200);
    expect((await t.call('DELETE', `${F()}/triggers/t1`)).status).toBe(200);
  });

  it('event subscriptions', async () => {
    await seed();
    await t.call('PUT', `${F()}/triggers/blob`, { properties: { type: 'BlobEventsTrigger', pipelines: [] } });
    const status = async () => (await t.call('POST', `${F()}/triggers/blob/getEventSubscriptionStatus`)).body;
    expect(await status()).toEqual({ triggerName: 'blob', status: 'Disabled' });
    const sub = await t.call('POST', `${F()}/triggers/BLOB/subscribeToEvents`);
    // EX:Triggers_SubscribeToEvents: 202, Location on getEventSubscriptionStatus (polled with GET).
    expect([sub.status, sub.text]).toEqual([202, '']);
    const location = sub.headers.get('location')!;
    expect(location).toBe(`${t.emulator.url}${F()}/triggers/blob/getEventSubscriptionStatus?api-version=2018-06-01`);
    expect(sub.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await t.call('GET', location)).body).toEqual({ triggerName: 'blob', status: 'Enabled' });
    expect(await status()).toEqual({ triggerName: 'blob', status: 'Enabled' });
    expect((await t.call('POST', `${F()}/triggers/blob/unsubscribeFromEvents`)).status).toBe(202);
    expect(await status()).toEqual({ triggerName: 'blob', status: 'Disabled' });
    expect((await t.call('POST', `${F()}/integrationRuntimes/x/subscribeToEvents`)).status).toBe(404);
  });

  it('start of a missing trigger', async () => {
    await seed();
    const r = await t.call('POST', `${F()}/triggers/ghost/start`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NotFound');
  });

  it('integration runtime state', async () => {
    await seed();
    const put = await t.call('PUT', `${F()}/integrationRuntimes/ir-one`, {
      properties: { type: 'Managed', typeProperties: {} },
    });
    expect(put.body.properties.state).toBe('Initial');
    // EX:IntegrationRuntimes_Start: 202 + Location (+ Retry-After); the Location answers 202 while pending, then 200.
    const start = await t.call('POST', `${F()}/integrationRuntimes/ir-one/start`);
    expect([start.status, start.text]).toEqual([202, '']);
    const location = start.headers.get('location')!;
    expect(location).toMatch(
      new RegExp(
        `^${t.emulator.url}${F()}/integrationRuntimes/ir-one/start/operationresults/[0-9a-f]{32}\\?api-version=2018-06-01$`,
      ),
    );
    expect((await t.call('GET', location)).status).toBe(202);
    const done = await t.call('GET', location);
    expect([done.status, done.body]).toEqual([
      200,
      { name: 'ir-one', properties: { dataFactoryName: 'df-test', state: 'Started', type: 'Managed' } },
    ]);
    const patch = await t.call('PATCH', `${F()}/integrationRuntimes/ir-one`, { autoUpdate: 'Off' });
    expect(patch.status).toBe(200);
    expect(patch.body.properties).toEqual({ type: 'Managed', typeProperties: {}, autoUpdate: 'Off', state: 'Started' });
    await t.call('POST', `${F()}/integrationRuntimes/ir-one/stop`);
    expect((await t.call('GET', `${F()}/integrationRuntimes/ir-one`)).body.properties.state).toBe('Stopped');
    expect((await t.call('PATCH', `${F()}/pipelines/p1`, {})).status).toBe(405);
  });
});
