import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.js';
import { isComplete, type ApplyEvent } from '../../src/apply/types.js';
import { resourcePath } from '../../src/arm/paths.js';
import type { ArmClient } from '../../src/arm/types.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { Project } from '../../src/manifest/types.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import {
  clientOf,
  load,
  planNow,
  refusedRequests,
  startedTrigger,
  targetOf,
  writeSyntheticProject,
} from './helpers.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setUp(options: EmulatorOptions = {}, extra: string[] = []) {
  emulator = await startEmulator({ port: 0, throttle: 'off', sleep: async () => {}, ...options });
  const project = await load(writeSyntheticProject({ width: 3, depth: 4, extra }));
  // Seeded faults are drawn in request order: one request in flight at a time makes that order, and so the test,
  // the same on every run (with several in flight it depends on the machine's timing).
  const maxInFlight = options.faultRate ? 1 : undefined;
  return { emu: emulator, project, client: clientOf(emulator, { maxInFlight }) };
}

const trigger = startedTrigger;

function props(project: Project, address: string): Record<string, any> {
  const r = project.resources.find((x) => `${x.kind}/${x.name}` === address);
  if (!r) throw new Error(`no ${address}`);
  return r.properties as Record<string, any>;
}

async function applyUntilDone(
  client: ArmClient,
  project: Project,
  emu: RunningEmulator,
  runs: number,
): Promise<number> {
  for (let run = 1; run <= runs; run++) {
    const summary = await applyPlan(client, await planNow(client, project, emu), {
      concurrency: 8,
      sleep: async () => {},
    });
    if (isComplete(summary)) return run;
  }
  throw new Error(`not converged after ${runs} runs`);
}

describe('applyPlan over the emulator', () => {
  it('refuses a resource changed between plan and apply (412), keeps the other change, skips its dependents', async () => {
    const { emu, project, client } = await setUp();
    await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    props(project, 'Dataset/ds_0').typeProperties.location.container = 'planned';
    props(project, 'Pipeline/p_0_2').description = 'planned';
    props(project, 'Dataset/ds_1').typeProperties.location.container = 'planned';
    const plan = await planNow(client, project, emu);
    // Someone changes ds_0 after the plan.
    const path = resourcePath(targetOf(project, emu), { kind: 'Dataset', name: 'ds_0' });
    const outOfBand = {
      properties: {
        ...props(project, 'Dataset/ds_0'),
        typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'someone-else' } },
      },
    };
    await client.request('PUT', path, { body: outOfBand });

    const summary = await applyPlan(client, plan, { concurrency: 8 });
    expect(summary.failed.map((f) => [f.step.address, f.message])).toEqual([
      ['Dataset/ds_0', 'Dataset/ds_0 changed since plan, run plan again'],
    ]);
    expect(summary.skipped.map((s) => [s.step.address, s.because])).toEqual([['Pipeline/p_0_2', 'Dataset/ds_0']]);
    expect(summary.succeeded.map((s) => s.address)).toEqual(['Dataset/ds_1']);
    expect(emu.requestLog().filter((e) => e.status === 412)).toHaveLength(1);
    const live = await client.request<any>('GET', path);
    expect(live.body.properties.typeProperties.location.container).toBe('someone-else');
  });

  it('does not overwrite an object someone else created after the plan (If-None-Match: *)', async () => {
    const { emu, project, client } = await setUp();
    const plan = await planNow(client, project, emu);
    await applyPlan(
      client,
      {
        plan: { ...plan.plan, changes: plan.plan.changes.filter((c) => c.address !== 'Pipeline/p_2_3') },
        bodies: plan.bodies,
      },
      { concurrency: 8 },
    );
    const path = resourcePath(targetOf(project, emu), { kind: 'Pipeline', name: 'p_2_3' });
    await client.request('PUT', path, { body: { properties: { description: 'theirs', activities: [] } } });
    const summary = await applyPlan(
      client,
      {
        plan: {
          ...plan.plan,
          factory: { ...plan.plan.factory, action: 'no-op' },
          changes: plan.plan.changes.filter((c) => c.address === 'Pipeline/p_2_3'),
        },
        bodies: plan.bodies,
      },
      { concurrency: 8 },
    );
    expect(summary.failed.map((f) => f.message)).toEqual(['Pipeline/p_2_3 changed since plan, run plan again']);
    expect((await client.request<any>('GET', path)).body.properties.description).toBe('theirs');
  });

  it('stops and restarts only a started trigger that is updated; an unrelated started trigger is untouched', async () => {
    const { emu, project, client } = await setUp({}, [trigger('t_0', 'p_0_3'), trigger('t_1', 'p_1_3')]);
    await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    const mark = emu.requestLog().length;
    props(project, 'Trigger/t_0').typeProperties.recurrence.interval = 2;
    props(project, 'Pipeline/p_1_3').description = 'pipeline updates need no trigger stop';
    const summary = await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    expect(isComplete(summary)).toBe(true);
    const calls = emu
      .requestLog()
      .slice(mark)
      .filter((e) => e.method !== 'GET')
      .map((e) => `${e.method} ${e.path.split('/factories/')[1]}`);
    expect(calls.filter((c) => c.includes('triggers'))).toEqual([
      'POST synthetic-factory/triggers/t_0/stop',
      'PUT synthetic-factory/triggers/t_0',
      'POST synthetic-factory/triggers/t_0/start',
    ]);
    const live = await fetchLiveState(client, targetOf(project, emu));
    expect(
      live.resources.filter((r) => r.kind === 'Trigger').map((r) => (r.body.properties as any).runtimeState),
    ).toEqual(['Started', 'Started']);
    expect(refusedRequests(emu)).toEqual([]);
  });

  it('deletes (prune) after the update that stops referencing, dependents first, with no refused request', async () => {
    const { emu, project, client } = await setUp();
    await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    // p_1_3 stops calling p_1_2; p_1_2 and the chain's dataset users go.
    props(project, 'Pipeline/p_1_3').activities = [
      { name: 'wait', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } },
    ];
    project.resources = project.resources.filter((r) => !['p_1_2', 'p_0_3', 'p_0_2'].includes(r.name));
    const plan = await planNow(client, project, emu, { prune: true });
    expect(plan.plan.changes.filter((c) => c.action === 'delete')).toHaveLength(3);
    const summary = await applyPlan(client, plan, { concurrency: 8 });
    expect(isComplete(summary)).toBe(true);
    expect(refusedRequests(emu)).toEqual([]);
    expect((await planNow(client, project, emu, { prune: true })).plan.hasChanges).toBe(false);
  });

  it('refuses a prune DELETE of a resource changed after the plan (412): their object survives', async () => {
    const { emu, project, client } = await setUp();
    await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    // p_0_3 heads a chain: nothing references it, so the prune plans exactly its delete.
    project.resources = project.resources.filter((r) => r.name !== 'p_0_3');
    const plan = await planNow(client, project, emu, { prune: true });
    expect(plan.plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['delete Pipeline/p_0_3']);
    // Someone edits it in the window between our read and our DELETE.
    const path = resourcePath(targetOf(project, emu), { kind: 'Pipeline', name: 'p_0_3' });
    const current = await client.request<any>('GET', path);
    await client.request('PUT', path, { body: { properties: { ...current.body.properties, description: 'theirs' } } });

    const summary = await applyPlan(client, plan, { concurrency: 8 });
    expect(summary.failed.map((f) => [f.step.address, f.message])).toEqual([
      ['Pipeline/p_0_3', 'Pipeline/p_0_3 changed since plan, run plan again'],
    ]);
    expect((await client.request<any>('GET', path)).body.properties.description).toBe('theirs');
  });

  it('converges under 10% injected faults (429, 503, 500, resets), with no duplicates and no change left', async () => {
    const { emu, project, client } = await setUp({ faultRate: 0.1, seed: 7 }, [trigger('t_0', 'p_0_3')]);
    const runs = await applyUntilDone(client, project, emu, 4);
    expect(runs).toBeLessThanOrEqual(4);
    expect(emu.requestLog().some((e) => e.status === 503 || e.status === 429 || e.status === 0)).toBe(true);
    const live = await fetchLiveState(client, targetOf(project, emu));
    expect(live.resources.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(
      project.resources.map((r) => `${r.kind}/${r.name}`).sort(),
    );
    expect((await planNow(client, project, emu)).plan.hasChanges).toBe(false);
  });

  it('counts a retried write whose first attempt landed (reset after commit) as done, not as a 412 conflict', async () => {
    const { emu, project, client } = await setUp({ faultRate: 0.5, seed: 3, faultKinds: ['reset-after-commit'] });
    const events: ApplyEvent[] = [];
    const first = await applyPlan(client, await planNow(client, project, emu), {
      concurrency: 8,
      onEvent: (e) => events.push(e),
    });
    for (const r of project.resources) (r.properties as Record<string, unknown>).description = 'second version';
    const second = await applyPlan(client, await planNow(client, project, emu), {
      concurrency: 8,
      onEvent: (e) => events.push(e),
    });
    expect(first.failed).toEqual([]);
    expect(second.failed).toEqual([]);
    expect(emu.requestLog().filter((e) => e.status === 412).length).toBeGreaterThan(0);
    expect(
      events.filter((e) => e.type === 'step-done' && e.note === 'an earlier attempt had landed').length,
    ).toBeGreaterThan(0);
    expect((await planNow(client, project, emu)).plan.hasChanges).toBe(false);
  });

  it('on abort starts nothing new, reports what is left, and a second run converges', async () => {
    const { emu, project, client } = await setUp();
    const controller = new AbortController();
    let done = 0;
    const summary = await applyPlan(client, await planNow(client, project, emu), {
      concurrency: 2,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'step-done' && ++done === 3) controller.abort();
      },
    });
    expect(summary.aborted).toBe(true);
    expect(summary.failed).toEqual([]);
    expect(summary.succeeded.length).toBeGreaterThanOrEqual(3);
    expect(summary.succeeded.length).toBeLessThanOrEqual(4); // 3 plus at most the one in flight
    expect(summary.notStarted.length).toBe(13 - summary.succeeded.length);
    await applyUntilDone(client, project, emu, 1);
    expect((await planNow(client, project, emu)).plan.hasChanges).toBe(false);
  });
});

describe('applyPlan: the factory', () => {
  it('updates the factory with If-Match; a factory changed since the plan fails and nothing under it is written', async () => {
    const { emu, project, client } = await setUp();
    await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    project.factory.tags = { team: 'data' };
    props(project, 'Dataset/ds_0').description = 'planned';
    const plan = await planNow(client, project, emu);
    expect(plan.plan.factory.action).toBe('update');
    const factoryPath = `/subscriptions/${targetOf(project, emu).subscriptionId}/resourceGroups/${targetOf(project, emu).resourceGroup}/providers/Microsoft.DataFactory/factories/${project.factory.name}`;
    await client.request('PUT', factoryPath, { body: { location: 'eastus', tags: { owner: 'someone else' } } });
    const mark = emu.requestLog().length;
    const summary = await applyPlan(client, plan, { concurrency: 8 });
    expect(summary.failed.map((f) => f.message)).toEqual([
      `Factory/${project.factory.name} changed since plan, run plan again`,
    ]);
    expect(summary.skipped.map((s) => s.step.address)).toEqual(['Dataset/ds_0']);
    expect(
      emu
        .requestLog()
        .slice(mark)
        .map((e) => `${e.method} ${e.status}`),
    ).toEqual(['PUT 412']);

    const again = await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    expect(isComplete(again)).toBe(true);
    expect((await client.request<any>('GET', factoryPath)).body.tags).toEqual({ team: 'data' });
  });
});

describe('applyPlan: replace', () => {
  it('replaces what cannot change in place (an integration runtime type) by DELETE then PUT', async () => {
    const ir = (type: string) =>
      `kind: IntegrationRuntime\nname: ir-one\nproperties:\n  type: ${type}\n${type === 'Managed' ? '  typeProperties:\n    computeProperties: { location: AutoResolve }\n' : ''}`;
    const { emu, project, client } = await setUp({}, [ir('SelfHosted')]);
    await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    const r = project.resources.find((x) => x.name === 'ir-one')!;
    r.properties = { type: 'Managed', typeProperties: { computeProperties: { location: 'AutoResolve' } } };
    const plan = await planNow(client, project, emu);
    expect(plan.plan.changes.map((c) => [c.address, c.action])).toEqual([['IntegrationRuntime/ir-one', 'replace']]);
    const mark = emu.requestLog().length;
    const summary = await applyPlan(client, plan, { concurrency: 8 });
    expect(isComplete(summary)).toBe(true);
    expect(
      emu
        .requestLog()
        .slice(mark)
        .map((e) => `${e.method} ${e.status}`),
    ).toEqual(['GET 200', 'DELETE 200', 'PUT 200']); // the GET: the delete's etag check (docs/apply-safety.md)
    expect((await planNow(client, project, emu)).plan.hasChanges).toBe(false);
  });
});

describe('applyPlan: triggers are not left stopped', () => {
  it('restarts a trigger it stopped even when the trigger update itself fails', async () => {
    const { emu, project, client } = await setUp({}, [trigger('t_0', 'p_0_3')]);
    await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    props(project, 'Trigger/t_0').typeProperties.recurrence.interval = 2;
    const plan = await planNow(client, project, emu);
    // Someone else changes the trigger after the plan (stop, update, start again).
    const path = resourcePath(targetOf(project, emu), { kind: 'Trigger', name: 't_0' });
    const live = (await client.request<any>('GET', path)).body;
    await client.request('POST', `${path}/stop`);
    await client.request('PUT', path, {
      body: {
        properties: {
          ...live.properties,
          runtimeState: undefined,
          typeProperties: { recurrence: { frequency: 'Hour', interval: 7, startTime: '2026-01-01T00:00:00Z' } },
        },
      },
    });
    await client.request('POST', `${path}/start`);

    const summary = await applyPlan(client, plan, { concurrency: 8 });
    expect(summary.failed.map((f) => f.step.id)).toEqual(['update:Trigger/t_0']);
    expect(summary.succeeded.map((s) => s.id)).toEqual(['stop-trigger:Trigger/t_0', 'start-trigger:Trigger/t_0']);
    const after = (await client.request<any>('GET', path)).body.properties;
    expect([after.runtimeState, after.typeProperties.recurrence.interval]).toEqual(['Started', 7]);
  });

  it('after Ctrl-C, starts again the triggers this run stopped, and nothing else', async () => {
    const { emu, project, client } = await setUp({}, [trigger('t_0', 'p_0_3')]);
    await applyPlan(client, await planNow(client, project, emu), { concurrency: 8 });
    props(project, 'Trigger/t_0').typeProperties.recurrence.interval = 2;
    for (const r of project.resources)
      if (r.kind !== 'Trigger') (r.properties as Record<string, unknown>).description = 'v2';
    const controller = new AbortController();
    const summary = await applyPlan(client, await planNow(client, project, emu), {
      concurrency: 1,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.operation === 'stop-trigger') controller.abort();
      },
    });
    expect(summary.aborted).toBe(true);
    expect(summary.succeeded.map((s) => s.id)).toEqual(['stop-trigger:Trigger/t_0', 'start-trigger:Trigger/t_0']);
    expect(summary.notStarted.map((s) => s.id)).toContain('update:Trigger/t_0');
    const path = resourcePath(targetOf(project, emu), { kind: 'Trigger', name: 't_0' });
    expect((await client.request<any>('GET', path)).body.properties.runtimeState).toBe('Started');
  });
});
