import { didYouMean } from '../core/did-you-mean.js';
import { AdfDeployError } from '../core/errors.js';
import { Dag, DependencyCycleError } from '../graph/dag.js';
import { parseAddress, resourceAddress, resourceKey, type Resource } from '../model/resource.js';

/** Keys in dependency order (or reversed), turning a cycle into a user error. */
export function orderKeys(dag: Dag<Resource>, reversed = false): string[] {
  try {
    return dag.order({ reversed });
  } catch (err) {
    if (err instanceof DependencyCycleError) {
      throw new AdfDeployError('plan.cycle', err.message, {
        hint: 'run `adf-deploy validate` to see where the cycle is',
        cause: err,
      });
    }
    throw err;
  }
}

/** The direct dependencies of `key` in the graph, as addresses. */
export function dependsOnAddresses(dag: Dag<Resource>, key: string): string[] {
  return dag
    .dependenciesOf(key)
    .map((k) => resourceAddress(dag.get(k)!))
    .sort();
}

/**
 * Resolve --target addresses against the desired and live resources. Returns the keys in scope: each target
 * plus, for desired ones, everything it depends on transitively. Unknown addresses are a user error.
 */
export function resolveTargets(targets: string[], desired: Dag<Resource>, liveKeys: Map<string, string>): Set<string> {
  const scope = new Set<string>();
  for (const address of targets) {
    const id = parseAddress(address);
    const key = id ? resourceKey(id) : undefined;
    if (key && desired.has(key)) {
      scope.add(key);
      for (const dep of desired.transitiveDependencies(key)) scope.add(dep);
    } else if (key && liveKeys.has(key)) {
      scope.add(key);
    } else {
      const known = [...desired.keys().map((k) => resourceAddress(desired.get(k)!)), ...liveKeys.values()];
      const near = didYouMean(address, known);
      throw new AdfDeployError(
        'plan.unknown-target',
        `--target ${address}: no such resource in the manifests or the factory`,
        {
          hint: near
            ? `did you mean ${near}?`
            : 'addresses look like Pipeline/MyPipeline or ManagedPrivateEndpoint/default/pe1',
        },
      );
    }
  }
  return scope;
}
