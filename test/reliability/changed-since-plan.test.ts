import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { generateFactory, writeProject, writeResource } from '../../bench/generate.js';
import { KIND_INFO } from '../../src/model/kinds.js';
import { buildGraph, type GenFactory, type GenResource } from '../../bench/model.js';
import { resourceKey } from '../../src/model/resource.js';
import { runCli } from '../helpers/cli.js';
import { arm, factoryPath } from './helpers.js';

// Someone changes an object between our plan and our apply. Whether the plan was saved (`apply plan.json`) or
// made by apply itself a moment before, their change must survive: a 412 (or a refusal up front), exit 1,
// nothing overwritten, nothing deleted. Every case runs twice: against an emulator that enforces the conditional
// headers the spec does not declare (If-None-Match on PUT, If-Match on DELETE), and against one that ignores
// them, as Azure may (docs/apply-safety.md). A change landing between apply's own read and a prune's DELETE is
// refused by the etag read just before the DELETE: test/apply/apply.test.ts covers that window.
const LATENCY = 300;
let emulator: RunningEmulator;
let work: string;
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
});
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'adf-changed-'));
});

describe.each(['honour', 'ignore'] as const)('conditional headers: %s', (mode) => {
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, throttle: 'off', latencyMs: LATENCY, conditionalHeaders: mode });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  async function deployed(name: string): Promise<{ dir: string; factory: GenFactory }> {
    const dir = path.join(work, name);
    const factory = generateFactory({ entities: 30, seed: 5, factoryName: name });
    writeProject(dir, factory);
    const r = await runCli(['apply', dir, '--auto-approve', '--endpoint', emulator.url], {
      cwd: dir,
      env: factory.env,
    });
    expect(r.code, r.stderr).toBe(0);
    return { dir, factory };
  }

  /** A pipeline that uses a dataset directly: updating both makes the pipeline's PUT wait for the dataset's. */
  function pipelineOnDataset(factory: GenFactory): { pipeline: GenResource; dataset: GenResource } {
    const dag = buildGraph(factory.resources);
    for (const r of factory.resources.filter((x) => x.kind === 'Pipeline')) {
      const ds = dag
        .dependenciesOf(resourceKey(r))
        .map((k) => dag.get(k)!)
        .find((d) => d.kind === 'Dataset');
      if (ds) return { pipeline: r, dataset: ds };
    }
    throw new Error('no pipeline on a dataset');
  }

  /** Remove from the manifests one resource nothing references (not a trigger: a started one cannot be changed). */
  function removeFree(dir: string, factory: GenFactory): GenResource {
    const dag = buildGraph(factory.resources);
    const gone = factory.resources.find((r) => r.kind !== 'Trigger' && dag.dependentsOf(resourceKey(r)).length === 0)!;
    factory.resources = factory.resources.filter((r) => r !== gone);
    rmSync(path.join(dir, gone.file));
    return gone;
  }

  function edit(dir: string, r: GenResource, description: string): void {
    r.properties = { ...r.properties, description };
    writeResource(dir, r);
  }

  const pathOf = (f: GenFactory, segment: string, name: string): string =>
    `${factoryPath(f)}/${segment}/${encodeURIComponent(name)}`;
  const theirs = async (f: GenFactory, segment: string, r: GenResource): Promise<void> => {
    const res = await arm(emulator.url, 'PUT', pathOf(f, segment, r.name), {
      properties: { ...r.properties, description: 'changed by someone else' },
    });
    expect(res.status).toBe(200);
  };
  const descriptionOf = async (f: GenFactory, segment: string, name: string): Promise<string | number> => {
    const r = await arm(emulator.url, 'GET', pathOf(f, segment, name));
    return r.status === 200 ? r.json.properties.description : r.status;
  };

  /** Resolve when the emulator has answered a list of `segment` after `mark`. */
  async function listed(mark: number, segment: string): Promise<void> {
    for (;;) {
      if (
        emulator
          .requestLog()
          .slice(mark)
          .some((e) => e.method === 'GET' && e.path.toLowerCase().endsWith(`/${segment}`))
      )
        return;
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /** A pipeline a trigger starts: destroy deletes (and first stops) the trigger before it, so their PUT lands first. */
  function triggeredPipeline(factory: GenFactory): GenResource {
    const dag = buildGraph(factory.resources);
    const found = factory.resources.find(
      (r) => r.kind === 'Pipeline' && dag.dependentsOf(resourceKey(r)).some((k) => dag.get(k)?.kind === 'Trigger'),
    );
    if (!found) throw new Error('no pipeline started by a trigger');
    return found;
  }

  describe('a change made while destroy runs', () => {
    it('destroy: an object changed after destroy read the factory is not deleted; exit 1', async () => {
      const { dir, factory } = await deployed(`adf-changed-destroy-${mode}`);
      const pipeline = triggeredPipeline(factory);
      const mark = emulator.requestLog().length;
      const destroying = runCli(['destroy', dir, '--auto-approve', '--endpoint', emulator.url], {
        cwd: dir,
        env: factory.env,
      });
      await listed(mark, 'pipelines');
      await theirs(factory, 'pipelines', pipeline);
      const r = await destroying;
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/changed since plan/i);
      expect(await descriptionOf(factory, 'pipelines', pipeline.name)).toBe('changed by someone else');
    });
  });

  describe('a change made between plan and apply', () => {
    it('apply DIR: the update meets a 412, fails that resource only, and the other change lands', async () => {
      const { dir, factory } = await deployed(`adf-changed-race-${mode}`);
      const { pipeline, dataset } = pipelineOnDataset(factory);
      edit(dir, dataset, 'ours');
      edit(dir, pipeline, 'ours');
      const mark = emulator.requestLog().length;
      const applying = runCli(['apply', dir, '--auto-approve', '--endpoint', emulator.url], {
        cwd: dir,
        env: factory.env,
      });
      await listed(mark, 'pipelines');
      await theirs(factory, 'pipelines', pipeline);
      const r = await applying;
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/changed since plan/i);
      const puts = emulator
        .requestLog()
        .slice(mark)
        .filter((e) => e.method === 'PUT' && e.path.endsWith(`/pipelines/${encodeURIComponent(pipeline.name)}`));
      expect(puts.map((e) => e.status)).toContain(412);
      expect(await descriptionOf(factory, 'pipelines', pipeline.name)).toBe('changed by someone else');
      expect(await descriptionOf(factory, 'datasets', dataset.name)).toBe('ours');
    });

    it('apply plan.json: refused before any write, their change kept', async () => {
      const { dir, factory } = await deployed(`adf-changed-saved-${mode}`);
      const { pipeline } = pipelineOnDataset(factory);
      edit(dir, pipeline, 'ours');
      const planFile = path.join(work, `saved-${mode}.plan.json`);
      const plan = await runCli(['plan', dir, '--endpoint', emulator.url, '--out', planFile], {
        cwd: dir,
        env: factory.env,
      });
      expect(plan.code, plan.stderr).toBe(0);
      await theirs(factory, 'pipelines', pipeline);
      const mark = emulator.requestLog().length;
      const r = await runCli(['apply', planFile, '--auto-approve', '--endpoint', emulator.url], {
        cwd: dir,
        env: factory.env,
      });
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/plan again/i);
      expect(
        emulator
          .requestLog()
          .slice(mark)
          .filter((e) => e.method !== 'GET'),
      ).toEqual([]);
      expect(await descriptionOf(factory, 'pipelines', pipeline.name)).toBe('changed by someone else');
    });

    it('apply plan.json with --prune: refused, the changed object is not deleted', async () => {
      const { dir, factory } = await deployed(`adf-changed-prune-${mode}`);
      const gone = removeFree(dir, factory);
      const segment = KIND_INFO[gone.kind].segment;
      const planFile = path.join(work, `prune-${mode}.plan.json`);
      const plan = await runCli(['plan', dir, '--prune', '--endpoint', emulator.url, '--out', planFile], {
        cwd: dir,
        env: factory.env,
      });
      expect(plan.code, plan.stderr).toBe(0);
      await theirs(factory, segment, gone);
      const mark = emulator.requestLog().length;
      const r = await runCli(['apply', planFile, '--auto-approve', '--endpoint', emulator.url], {
        cwd: dir,
        env: factory.env,
      });
      expect(r.code).toBe(1);
      expect(
        emulator
          .requestLog()
          .slice(mark)
          .filter((e) => e.method !== 'GET'),
      ).toEqual([]);
      expect(await descriptionOf(factory, segment, gone.name)).toBe('changed by someone else');
    });

    it('apply DIR: an object created by someone else after apply read the factory is not overwritten', async () => {
      const { dir, factory } = await deployed(`adf-changed-create-${mode}`);
      const { pipeline, dataset } = pipelineOnDataset(factory);
      edit(dir, dataset, 'ours');
      // A new pipeline on the same dataset: its create waits for the dataset's update, after their PUT lands.
      const added: GenResource = {
        ...pipeline,
        name: `${pipeline.name}_added`,
        file: pipeline.file.replace(/\.ya?ml$/, '_added.yaml'),
      };
      added.properties = { ...pipeline.properties, description: 'ours' };
      factory.resources.push(added);
      writeResource(dir, added);
      const mark = emulator.requestLog().length;
      const applying = runCli(['apply', dir, '--auto-approve', '--endpoint', emulator.url], {
        cwd: dir,
        env: factory.env,
      });
      await listed(mark, 'pipelines');
      await theirs(factory, 'pipelines', added);
      const r = await applying;
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/changed since plan/i);
      const ourPuts = emulator
        .requestLog()
        .slice(mark)
        .filter((e) => e.method === 'PUT' && e.path.endsWith(`/pipelines/${encodeURIComponent(added.name)}`));
      expect(ourPuts).toHaveLength(1); // theirs only: apply's read before the create saw it and sent nothing
      expect(await descriptionOf(factory, 'pipelines', added.name)).toBe('changed by someone else');
      expect(await descriptionOf(factory, 'datasets', dataset.name)).toBe('ours');
    });
  });
});
