import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createArmClient } from '../../src/arm/client.js';
import { resourcePath } from '../../src/arm/paths.js';
import type { ArmClient, FactoryTarget } from '../../src/arm/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { loadProject } from '../../src/manifest/load.js';
import type { Project } from '../../src/manifest/types.js';
import { dependenciesOf } from '../../src/model/references.js';
import { resourceAddress, resourceKey } from '../../src/model/resource.js';
import { computePlan, type PlanResult } from '../../src/plan/planner.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import { tempDir } from '../helpers/temp-dir.js';

export const SUB = '00000000-0000-0000-0000-0000000000aa';
export const RG = 'rg-apply';

/** A client on the emulator whose retry waits take no real time. */
export function clientOf(emulator: RunningEmulator, options: { maxInFlight?: number } = {}): ArmClient {
  return createArmClient({
    endpoint: emulator.url,
    token: 'test-token',
    sleep: async () => {},
    maxInFlight: options.maxInFlight ?? 16,
    pacing: false,
  });
}

export function targetOf(project: Project, emulator: RunningEmulator): FactoryTarget & { endpoint: string } {
  return { subscriptionId: SUB, resourceGroup: RG, factoryName: project.factory.name, endpoint: emulator.url };
}

/** Load a project folder; fails the test on any load error (validation is not what these tests exercise). */
export async function load(dir: string): Promise<Project> {
  const { project, diagnostics } = await loadProject(dir, {
    target: { subscriptionId: SUB, resourceGroup: RG },
    environ: {},
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!project || errors.length) throw new Error(`cannot load ${dir}: ${errors.map((d) => d.message).join('; ')}`);
  return project;
}

/** Plan the project against what the emulator holds now. */
export async function planNow(
  client: ArmClient,
  project: Project,
  emulator: RunningEmulator,
  extra: { prune?: boolean } = {},
): Promise<PlanResult> {
  const target = targetOf(project, emulator);
  const live = await fetchLiveState(client, target);
  return computePlan({ project, live, target, allowLargePrune: true, ...extra });
}

/**
 * PUT a stand-in for everything the project references but does not declare (an IR of a sibling factory, a
 * managed VNet the Studio export left out): the corpus is real, and real factories have such neighbours.
 */
export async function createOutsideReferences(
  client: ArmClient,
  project: Project,
  emulator: RunningEmulator,
): Promise<string[]> {
  const declared = new Set(project.resources.map(resourceKey));
  const missing = new Map<string, { kind: string; name: string }>();
  for (const r of project.resources) {
    for (const d of dependenciesOf(r)) if (!declared.has(resourceKey(d))) missing.set(resourceKey(d), d);
  }
  const target = targetOf(project, emulator);
  const stubs: Record<string, Record<string, unknown>> = {
    IntegrationRuntime: { properties: { type: 'SelfHosted' } },
    ManagedVirtualNetwork: { properties: {} },
    LinkedService: { properties: { type: 'AzureBlobStorage', typeProperties: {} } },
    Credential: { properties: { type: 'ManagedIdentity' } },
  };
  const made: string[] = [];
  for (const d of missing.values()) {
    const body = stubs[d.kind];
    if (!body) throw new Error(`no stand-in for ${d.kind}/${d.name}`);
    await client.request('PUT', resourcePath(target, d as never), { body });
    made.push(resourceAddress(d as never));
  }
  return made;
}

/** Requests the emulator refused, other than the GET of a factory that does not exist yet. */
export function refusedRequests(emulator: RunningEmulator): string[] {
  return emulator
    .requestLog()
    .filter((e) => e.status >= 400 && !(e.method === 'GET' && e.status === 404))
    .map((e) => `${e.method} ${decodeURIComponent(e.path)} -> ${e.status}`);
}

/**
 * Write a synthetic project: `width` independent chains of `depth` resources each (linked service <- dataset
 * <- pipeline <- pipeline ...), plus extra documents. Returns its folder.
 */
export function writeSyntheticProject(options: {
  factory?: string;
  width: number;
  depth: number;
  extra?: string[];
  version?: number;
  trigger?: boolean | 'unstated';
  dir?: string;
}): string {
  const dir = options.dir ?? tempDir('adf-apply-');
  const v = options.version === undefined ? '' : `  description: v${options.version}\n`;
  writeFileSync(
    path.join(dir, 'adf-deploy.yaml'),
    `factory:\n  name: ${options.factory ?? 'synthetic-factory'}\n  location: eastus\n`,
  );
  const docs: string[] = [];
  for (let w = 0; w < options.width; w++) {
    docs.push(
      `kind: LinkedService\nname: ls_${w}\nproperties:\n${v}  type: AzureBlobStorage\n  typeProperties:\n    serviceEndpoint: https://acct${w}.blob.core.windows.net\n`,
    );
    if (options.depth >= 2)
      docs.push(
        `kind: Dataset\nname: ds_${w}\nproperties:\n${v}  type: Binary\n  linkedServiceName: { referenceName: ls_${w}, type: LinkedServiceReference }\n  typeProperties:\n    location: { type: AzureBlobStorageLocation, container: c${w} }\n`,
      );
    for (let d = 2; d < options.depth; d++) {
      const inner =
        d === 2
          ? `    - name: copy\n      type: Copy\n      inputs: [{ referenceName: ds_${w}, type: DatasetReference }]\n      outputs: [{ referenceName: ds_${w}, type: DatasetReference }]\n      typeProperties: { source: { type: BinarySource }, sink: { type: BinarySink } }\n`
          : `    - name: run\n      type: ExecutePipeline\n      typeProperties: { pipeline: { referenceName: p_${w}_${d - 1}, type: PipelineReference }, waitOnCompletion: true }\n`;
      docs.push(`kind: Pipeline\nname: p_${w}_${d}\nproperties:\n${v}  activities:\n${inner}`);
    }
  }
  if (options.trigger)
    docs.push(
      (options.trigger === 'unstated' ? unstatedTrigger : startedTrigger)(
        'hourly',
        `p_0_${options.depth - 1}`,
        options.version ?? 1,
      ),
    );
  writeFileSync(path.join(dir, 'resources.yaml'), [...docs, ...(options.extra ?? [])].join('---\n'));
  return dir;
}

/** A schedule trigger the manifest wants Started, on `pipeline`. */
export function startedTrigger(name: string, pipeline: string, interval = 1): string {
  return `kind: Trigger\nname: ${name}\nproperties:\n  runtimeState: Started\n  type: ScheduleTrigger\n  typeProperties:\n    recurrence: { frequency: Hour, interval: ${interval}, startTime: '2026-01-01T00:00:00Z' }\n  pipelines:\n    - pipelineReference: { referenceName: ${pipeline}, type: PipelineReference }\n`;
}

/** A schedule trigger whose manifest does not state runtimeState (started by hand, or by an earlier manifest). */
export function unstatedTrigger(name: string, pipeline: string, interval = 1): string {
  return startedTrigger(name, pipeline, interval).replace('  runtimeState: Started\n', '');
}

/**
 * A client that "dies" (as the process would under kill -9) once `diesAfter` has held for an answered request:
 * every later call fails without reaching the service. Calls already in flight still land, as they would.
 */
export function dyingClient(
  inner: ArmClient,
  diesAfter: (method: string, path: string) => boolean,
): { client: ArmClient; dead: () => boolean } {
  let dead = false;
  const gone = () => new Error('the process is gone');
  const client: ArmClient = {
    async request(method, path, options) {
      if (dead) throw gone();
      const res = await inner.request(method, path, options);
      if (diesAfter(method, path)) dead = true;
      return res as never;
    },
    async list(path, options) {
      if (dead) throw gone();
      return inner.list(path, options);
    },
    stats: () => inner.stats(),
  };
  return { client, dead: () => dead };
}

/** The factory's tags as they are now. */
export async function factoryTags(
  client: ArmClient,
  project: Project,
  emulator: RunningEmulator,
): Promise<Record<string, string>> {
  const t = targetOf(project, emulator);
  const path = `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.DataFactory/factories/${t.factoryName}`;
  return (await client.request<{ tags?: Record<string, string> }>('GET', path)).body.tags ?? {};
}
