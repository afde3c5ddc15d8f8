import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.js';
import { isComplete } from '../../src/apply/types.js';
import type { ArmClient } from '../../src/arm/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { Project } from '../../src/manifest/types.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import { runCli } from '../helpers/cli.js';
import {
  clientOf,
  dyingClient,
  factoryTags,
  load,
  planNow,
  refusedRequests,
  RG,
  startedTrigger,
  SUB,
  targetOf,
  unstatedTrigger,
  writeSyntheticProject,
} from './helpers.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const MARKER = 'adf-deploy-restart:t_0';
const options = { concurrency: 8, sleep: async () => {} };

/**
 * A deployed factory whose trigger t_0 is Started, then manifests in which t_0 no longer states runtimeState and
 * every resource (t_0 included, so it must be stopped and started again) changes.
 */
async function setUp(): Promise<{ emu: RunningEmulator; dir: string; project: Project; client: ArmClient }> {
  emulator = await startEmulator({ port: 0, throttle: 'off', sleep: async () => {} });
  const emu = emulator;
  const dir = writeSyntheticProject({ width: 2, depth: 4, extra: [startedTrigger('t_0', 'p_0_3')] });
  const client = clientOf(emu);
  await applyPlan(client, await planNow(client, await load(dir), emu), options);
  writeSyntheticProject({ dir, width: 2, depth: 4, version: 1, extra: [unstatedTrigger('t_0', 'p_0_3', 2)] });
  return { emu, dir, project: await load(dir), client };
}

async function triggerState(client: ArmClient, project: Project, emu: RunningEmulator): Promise<unknown> {
  const live = await fetchLiveState(client, targetOf(project, emu));
  return (live.resources.find((r) => r.name === 't_0')!.body.properties as Record<string, unknown>).runtimeState;
}

/** Writes (and GETs of the factory itself) from log entry `mark` on, as 'METHOD path-under-the-factory'. */
function callsSince(emu: RunningEmulator, mark: number): string[] {
  return emu
    .requestLog()
    .slice(mark)
    .map((e) => `${e.method} ${decodeURIComponent(e.path).split('/factories/')[1]}`)
    .filter((c) => !c.startsWith('GET ') || !c.slice(4).includes('/'));
}

describe('restart markers: a trigger stopped by a run that dies is started by the next one', () => {
  it('a run killed right after the stop leaves the marker; plan shows the start; apply restarts it and clears the marker', async () => {
    const { emu, dir, project, client } = await setUp();
    const conn = ['--endpoint', emu.url, '--subscription', SUB, '--resource-group', RG];
    const crash = dyingClient(client, (method, path) => method === 'POST' && path.endsWith('/t_0/stop'));
    const first = await applyPlan(crash.client, await planNow(client, project, emu), options);
    expect(crash.dead()).toBe(true);
    expect(isComplete(first)).toBe(false);
    expect(await triggerState(client, project, emu)).toBe('Stopped');
    expect(await factoryTags(client, project, emu)).toEqual({ [MARKER]: 'stopped-by-adf-deploy' });

    // A fresh checkout: nothing but the factory says the trigger was running.
    const plan = await runCli(['plan', dir, ...conn]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('start Trigger/t_0: stopped by an interrupted apply: start it again');
    expect(plan.stdout).toContain(`remove the restart marker ${MARKER} from Factory/synthetic-factory`);
    expect(plan.stdout).not.toMatch(/Factory\/synthetic-factory will be updated/);

    const again = await runCli(['apply', dir, ...conn, '--auto-approve']);
    expect(again.code, again.stderr).toBe(0);
    expect(await triggerState(client, project, emu)).toBe('Started');
    expect(await factoryTags(client, project, emu)).toEqual({});
    const after = await runCli(['plan', dir, ...conn, '--detailed-exitcode']);
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain('No changes');
  });

  it('the factory PUT carries the markers: a run killed after it and the stop still leaves them, beside the declared tags', async () => {
    const { emu, project, client } = await setUp();
    project.factory.tags = { team: 'data' };
    const answered = new Set<string>();
    const crash = dyingClient(client, (method, path) => {
      if (method === 'POST' && path.endsWith('/stop')) answered.add('stop');
      if (method === 'PUT' && path.endsWith('/factories/synthetic-factory')) answered.add('factory');
      return answered.size === 2;
    });
    await applyPlan(crash.client, await planNow(client, project, emu), options);
    expect(crash.dead()).toBe(true);
    expect(await factoryTags(client, project, emu)).toEqual({ team: 'data', [MARKER]: 'stopped-by-adf-deploy' });
    expect(refusedRequests(emu)).toEqual([]); // the PUT's If-Match followed the markers' PATCH

    const plan = await planNow(client, project, emu);
    expect(plan.plan.factory.action).toBe('no-op');
    expect(plan.plan.triggers.map((t) => [t.address, t.start, t.reason])).toEqual([
      ['Trigger/t_0', true, 'stopped by an interrupted apply: start it again'],
    ]);
    expect(isComplete(await applyPlan(client, plan, options))).toBe(true);
    expect(await factoryTags(client, project, emu)).toEqual({ team: 'data' });
    expect(await triggerState(client, project, emu)).toBe('Started');
    expect((await planNow(client, project, emu)).plan.hasChanges).toBe(false);
  });

  it('a start that fails keeps its marker, so the next plan starts the trigger again', async () => {
    const { emu, project, client } = await setUp();
    const refusing: ArmClient = {
      ...client,
      request: (method, path, opts) =>
        method === 'POST' && path.endsWith('/start')
          ? Promise.reject(new Error('start refused'))
          : client.request(method, path, opts),
    };
    const summary = await applyPlan(refusing, await planNow(client, project, emu), options);
    expect(summary.failed.map((f) => f.step.id)).toEqual(['start-trigger:Trigger/t_0']);
    expect(await triggerState(client, project, emu)).toBe('Stopped');
    expect(await factoryTags(client, project, emu)).toEqual({ [MARKER]: 'stopped-by-adf-deploy' });

    const plan = await planNow(client, project, emu);
    expect(plan.plan.changes).toEqual([]);
    expect(plan.plan.triggers.map((t) => t.reason)).toEqual(['stopped by an interrupted apply: start it again']);
    expect(isComplete(await applyPlan(client, plan, options))).toBe(true);
    expect(await triggerState(client, project, emu)).toBe('Started');
    expect(await factoryTags(client, project, emu)).toEqual({});
  });

  it('stops nothing when the marker cannot be written', async () => {
    const { emu, project, client } = await setUp();
    const refusing: ArmClient = {
      ...client,
      request: (method, path, opts) =>
        method === 'PATCH' ? Promise.reject(new Error('tags refused')) : client.request(method, path, opts),
    };
    const mark = emu.requestLog().length;
    const summary = await applyPlan(refusing, await planNow(client, project, emu), options);
    expect(summary.failed.map((f) => [f.step.id, f.message])).toContainEqual([
      'stop-trigger:Trigger/t_0',
      'not stopped: the restart marker could not be written on the factory first: tags refused',
    ]);
    expect(summary.succeeded.filter((s) => s.operation !== 'start-trigger')).toEqual([]);
    expect(callsSince(emu, mark).filter((c) => !c.startsWith('GET ') && !c.endsWith('/start'))).toEqual([]);
    expect(await triggerState(client, project, emu)).toBe('Started');
  });

  it('a restart costs four requests: GET and PATCH of the tags before the stop, GET and PATCH after the start', async () => {
    const { emu, project, client } = await setUp();
    project.factory.tags = { team: 'data' };
    const plan = await planNow(client, project, emu);
    const mark = emu.requestLog().length;
    expect(isComplete(await applyPlan(client, plan, { ...options, concurrency: 1 }))).toBe(true);
    const calls = callsSince(emu, mark);
    const f = 'synthetic-factory';
    expect(calls.slice(0, 3)).toEqual([`GET ${f}`, `PATCH ${f}`, `POST ${f}/triggers/t_0/stop`]);
    expect(calls.slice(-3)).toEqual([`POST ${f}/triggers/t_0/start`, `GET ${f}`, `PATCH ${f}`]);
    expect(calls).toContain(`PUT ${f}`);
    expect(calls.length).toBe(plan.plan.changes.length + 1 /* factory */ + 2 /* stop, start */ + 4);
    expect(refusedRequests(emu)).toEqual([]);
    expect(await factoryTags(client, project, emu)).toEqual({ team: 'data' });
    // The tag PATCHes kept the rest of the factory (location, properties) as the PUT left it.
    expect((await planNow(client, project, emu)).plan.hasChanges).toBe(false);
  });

  it('writes no tag when no trigger is stopped: the common case costs no extra request', async () => {
    const { emu, project, client } = await setUp();
    // The trigger keeps its definition; only pipelines and the rest change (a pipeline update needs no stop).
    project.resources.find((r) => r.name === 't_0')!.properties = (
      await load(writeSyntheticProject({ width: 1, depth: 1, extra: [startedTrigger('t_0', 'p_0_3')] }))
    ).resources.find((r) => r.name === 't_0')!.properties;
    delete (project.resources.find((r) => r.name === 't_0')!.properties as Record<string, unknown>).runtimeState;
    const plan = await planNow(client, project, emu);
    expect(plan.plan.triggers).toEqual([]);
    expect(plan.plan.changes.length).toBeGreaterThan(0);
    const mark = emu.requestLog().length;
    expect(isComplete(await applyPlan(client, plan, options))).toBe(true);
    const log = emu.requestLog().slice(mark);
    expect(log.map((e) => e.method)).toEqual(plan.plan.changes.map(() => 'PUT'));
    expect(await triggerState(client, project, emu)).toBe('Started');
  });
});
