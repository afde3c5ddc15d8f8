import { AdfDeployError } from '../core/errors.js';
import { KIND_INFO, type Kind } from '../model/kinds.js';
import type { ResourceId } from '../model/resource.js';
import type { FactoryTarget } from './types.js';

/**
 * ARM paths of a factory and its children. Every name segment goes through encodeURIComponent: child names may
 * hold spaces and non-ASCII letters ('Copy Données'), and a resource group may hold parentheses.
 */
export function factoryPath(target: FactoryTarget): string {
  return (
    `/subscriptions/${encodeURIComponent(target.subscriptionId)}` +
    `/resourceGroups/${encodeURIComponent(target.resourceGroup)}` +
    `/providers/Microsoft.DataFactory/factories/${encodeURIComponent(target.factoryName)}`
  );
}

/** The list path of a kind. Managed private endpoints live under their managed VNet: `parent` is required. */
export function collectionPath(target: FactoryTarget, kind: Kind, parent?: string): string {
  const segment = KIND_INFO[kind].segment;
  if (kind === 'ManagedPrivateEndpoint') {
    if (!parent)
      throw new AdfDeployError('arm.path', 'a managed private endpoint path needs its managed virtual network', {
        fault: 'program',
      });
    return `${factoryPath(target)}/${KIND_INFO.ManagedVirtualNetwork.segment}/${encodeURIComponent(parent)}/${segment}`;
  }
  return `${factoryPath(target)}/${segment}`;
}

/** The path of one resource: PUT, GET, DELETE; append '/start' etc. for actions. */
export function resourcePath(target: FactoryTarget, id: ResourceId): string {
  return `${collectionPath(target, id.kind, id.parent)}/${encodeURIComponent(id.name)}`;
}
