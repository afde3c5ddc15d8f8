import type { ArmClient } from '../../src/arm/types.js';
import type { BuiltTemplate } from '../../src/build/arm-template.js';
import { loadProject } from '../../src/manifest/load.js';
import type { Project } from '../../src/manifest/types.js';
import { resourceKey } from '../../src/model/resource.js';
import { RG, SUB } from '../apply/helpers.js';

/** The API version az CLI uses for deployments today (any dated version is accepted by the emulator). */
export const DEPLOYMENTS_API = '2022-09-01';

/** The deployment parameters for a built template: factoryName and the secure values (in memory, as a CI would). */
export function deploymentParameters(
  built: BuiltTemplate,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of built.secrets) out[s.name] = { value: s.value };
  for (const [k, v] of Object.entries(extra)) out[k] = { value: v };
  return out;
}

export interface DeploymentAnswer {
  status: number;
  body: { properties: { provisioningState: string; error?: unknown; outputResources?: unknown[] } };
}

/** PUT a deployment, then GET it (the PUT only says Accepted), as `az deployment group create` does. */
export async function deploy(
  client: ArmClient,
  target: { subscriptionId: string; resourceGroup: string },
  name: string,
  properties: Record<string, unknown>,
): Promise<DeploymentAnswer> {
  const path = `/subscriptions/${target.subscriptionId}/resourcegroups/${target.resourceGroup}/providers/Microsoft.Resources/deployments/${name}`;
  const put = await client.request<DeploymentAnswer['body']>('PUT', path, {
    body: { properties: { mode: 'Incremental', ...properties } },
    query: { 'api-version': DEPLOYMENTS_API },
  });
  if (put.status !== 201) throw new Error(`deployment PUT answered ${put.status}`);
  const got = await client.request<DeploymentAnswer['body']>('GET', path, {
    query: { 'api-version': DEPLOYMENTS_API },
  });
  return { status: got.status, body: got.body };
}

/** Start the triggers the project declares Started (what ADF's post-deployment script does after ARM). */
export async function startDeclaredTriggers(
  client: ArmClient,
  project: Project,
  target: { subscriptionId: string; resourceGroup: string; factoryName: string },
): Promise<void> {
  for (const r of project.resources) {
    if (r.kind !== 'Trigger' || r.properties.runtimeState !== 'Started') continue;
    await client.request(
      'POST',
      `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.DataFactory/factories/${target.factoryName}/triggers/${encodeURIComponent(r.name)}/start`,
    );
  }
}

/** Load a project with these environment variables; fails the test on any load error. */
export async function loadWith(dir: string, environ: Record<string, string>): Promise<Project> {
  const { project, diagnostics } = await loadProject(dir, {
    target: { subscriptionId: SUB, resourceGroup: RG },
    environ,
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!project || errors.length) throw new Error(`cannot load ${dir}: ${errors.map((d) => d.message).join('; ')}`);
  return project;
}

/** What makes two projects equal: the factory's settings and every object (name, kind, properties), by key. */
export function comparableProject(project: Project): unknown {
  const objects = Object.fromEntries(
    project.resources
      .map((r) => {
        const properties = { ...r.properties };
        // An annotations list that only held the secrets marker comes back without the list.
        if (Array.isArray(properties.annotations) && properties.annotations.length === 0) delete properties.annotations;
        return [resourceKey(r), { kind: r.kind, name: r.name, parent: r.parent, properties }] as const;
      })
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const f = project.factory;
  return {
    factory: {
      name: f.name,
      location: f.location,
      identity: f.identity,
      tags: f.tags,
      globalParameters: f.globalParameters,
    },
    objects,
  };
}
