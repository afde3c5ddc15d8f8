import type { Diagnostic } from '../core/diagnostic.js';
import { didYouMean } from '../core/did-you-mean.js';
import type { Project } from '../manifest/types.js';
import { buildGraph } from '../graph/build.js';
import { KIND_INFO, type Kind } from '../model/kinds.js';
import { dependenciesOf } from '../model/references.js';
import { resourceAddress, resourceKey } from '../model/resource.js';
import { resourceDiagnostic } from './context.js';

/**
 * Every reference resolves, case-insensitively as ADF does, to a project resource, an `external` entry or the
 * built-in AutoResolveIntegrationRuntime (dependenciesOf leaves that one out). Reported at the referenceName.
 */
export function checkReferences(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = new Set<string>([...project.resources, ...project.external].map(resourceKey));
  const namesByKind = new Map<Kind, string[]>();
  for (const r of project.resources) {
    const names = namesByKind.get(r.kind);
    if (names) names.push(r.name);
    else namesByKind.set(r.kind, [r.name]);
  }
  for (const r of project.resources) {
    for (const dep of dependenciesOf(r)) {
      if (known.has(resourceKey(dep))) continue;
      const label = KIND_INFO[dep.kind].label;
      const near = didYouMean(dep.name, namesByKind.get(dep.kind) ?? []);
      const isVnet =
        r.kind === 'ManagedPrivateEndpoint' && dep.kind === 'ManagedVirtualNetwork' && dep.path.length === 0;
      const docPath = isVnet
        ? ['managedVirtualNetwork']
        : ['properties', ...dep.path, referenceNameKey(r.properties, dep.path)];
      // A managed virtual network is a factory-level setting that is often created outside the manifests
      // (Terraform's managed_virtual_network_enabled, the Studio's IR dialog) and can never be deleted, so a
      // missing one only warns: the corpus factory adsgofast references 'default' without defining it.
      const severity = dep.kind === 'ManagedVirtualNetwork' ? 'warning' : 'error';
      out.push(
        resourceDiagnostic(
          project,
          r,
          severity,
          'ref.missing',
          `${label} '${dep.name}' is not defined in this project${near ? `, did you mean '${near}'?` : ''}`,
          docPath,
          near
            ? undefined
            : `declare it in a manifest, or list '${dep.kind}/${dep.name}' under 'external:' in adf-deploy.yaml if it lives outside the project`,
        ),
      );
    }
  }
  return out;
}

/** The actual spelling of the referenceName key at `path` (the service matches property names case-insensitively). */
function referenceNameKey(properties: unknown, path: (string | number)[]): string {
  let node: unknown = properties;
  for (const seg of path) node = (node as Record<string | number, unknown> | undefined)?.[seg];
  if (node && typeof node === 'object') {
    const key = Object.keys(node).find((k) => k.toLowerCase() === 'referencename');
    if (key) return key;
  }
  return 'referenceName';
}

/** Dependency cycles, each reported once at its first member with every member named. */
export function checkCycles(project: Project): Diagnostic[] {
  const dag = buildGraph(project);
  return dag.cycles().map((members) => {
    const resources = members.map((k) => dag.get(k)!);
    const chain = [...resources, resources[0]].map(resourceAddress).join(' -> ');
    return resourceDiagnostic(
      project,
      resources[0],
      'error',
      'graph.cycle',
      `dependency cycle: ${chain}`,
      ['name'],
      'ADF cannot create objects that refer to each other in a circle; break one of the references',
    );
  });
}
