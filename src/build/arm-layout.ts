import type { Kind } from '../model/kinds.js';
import type { ResourceId } from '../model/resource.js';

/** The names and types of ADF's published ARM template (what its "Export ARM template" writes). */

export const DEPLOYMENT_SCHEMA = 'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#';
export const PARAMETERS_SCHEMA = 'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#';
export const FACTORY_TYPE = 'Microsoft.DataFactory/factories';
export const TEMPLATE_FILE = 'ARMTemplateForFactory.json';
export const PARAMETERS_FILE = 'ARMTemplateParametersForFactory.json';
export const LINKED_FOLDER = 'linkedTemplates';

/** dependsOn of every child on the factory of the same template (the factory is created first). */
export const FACTORY_DEPENDENCY = "[variables('factoryId')]";

/** The type segment ADF's export writes for each kind (ARM compares types case-insensitively). */
const SEGMENT: Record<Kind, string> = {
  LinkedService: 'linkedServices',
  Dataset: 'datasets',
  Pipeline: 'pipelines',
  Trigger: 'triggers',
  DataFlow: 'dataflows',
  IntegrationRuntime: 'integrationRuntimes',
  Credential: 'credentials',
  ManagedVirtualNetwork: 'managedVirtualNetworks',
  ManagedPrivateEndpoint: 'managedPrivateEndpoints',
  ChangeDataCapture: 'adfcdcs',
};

/** `Microsoft.DataFactory/factories/linkedServices`, `.../managedVirtualNetworks/managedPrivateEndpoints`. */
export function armChildType(kind: Kind): string {
  return kind === 'ManagedPrivateEndpoint'
    ? `${FACTORY_TYPE}/${SEGMENT.ManagedVirtualNetwork}/${SEGMENT.ManagedPrivateEndpoint}`
    : `${FACTORY_TYPE}/${SEGMENT[kind]}`;
}

/** The path under the factory: `linkedServices/LS1`, `managedVirtualNetworks/default/managedPrivateEndpoints/pe`. */
export function armChildPath(r: ResourceId): string {
  return r.kind === 'ManagedPrivateEndpoint'
    ? `${SEGMENT.ManagedVirtualNetwork}/${r.parent ?? 'default'}/${SEGMENT.ManagedPrivateEndpoint}/${r.name}`
    : `${SEGMENT[r.kind]}/${r.name}`;
}
