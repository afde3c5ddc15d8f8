import type { Command } from 'commander';

/** What a plan covers: shared by `plan` and `apply` so both accept and mean the same flags. */
export interface ScopeOptions {
  prune?: boolean;
  allowLargePrune?: boolean;
  pruneGlobalParameters?: boolean;
  prunePrivateEndpoints?: boolean;
  target: string[];
}

/** Add --prune, --allow-large-prune, --prune-global-parameters, --prune-private-endpoints, --target. */
export function addScopeOptions(cmd: Command): Command {
  return cmd
    .option('--prune', 'also delete resources of the factory that the manifests do not declare')
    .option('--allow-large-prune', 'allow a prune that deletes more than half of the factory')
    .option('--prune-global-parameters', 'with --prune: also remove global parameters the manifests do not declare')
    .option(
      '--prune-private-endpoints',
      'with --prune: also delete managed private endpoints the manifests do not declare',
    )
    .option(
      '--target <address>',
      'only this resource (Kind/name) and what it depends on (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    );
}
