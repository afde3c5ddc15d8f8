import type { Diagnostic } from '../core/diagnostic.js';
import { didYouMean } from '../core/did-you-mean.js';
import type { Project } from '../manifest/types.js';
import { resourceDiagnostic } from './context.js';

/**
 * The properties a managed private endpoint has: those of schemas/types/ManagedPrivateEndpoint.json (from the ARM
 * schema) plus the read-only ones the service returns (provisioningState, isReserved, isServerless; see the
 * `private-endpoint-server-fields` row of src/diff/normalise.ts). A test keeps the list in step with the schema.
 */
export const PRIVATE_ENDPOINT_PROPERTIES = [
  'connectionState',
  'fqdns',
  'groupId',
  'privateLinkResourceId',
  'provisioningState',
  'isReserved',
  'isServerless',
];

/**
 * A managed private endpoint can only be replaced, never updated (a change means delete, create and a new approval
 * on the target resource). A property the schema does not know may be dropped by the service, and then every plan
 * would see a difference and replace the endpoint again: a warning, at the property.
 */
export function checkPrivateEndpointProperties(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = new Map(PRIVATE_ENDPOINT_PROPERTIES.map((p) => [p.toLowerCase(), p]));
  for (const resource of project.resources) {
    if (resource.kind !== 'ManagedPrivateEndpoint') continue;
    for (const key of Object.keys(resource.properties)) {
      if (known.has(key.toLowerCase())) continue;
      const near = didYouMean(key, PRIVATE_ENDPOINT_PROPERTIES);
      out.push(
        resourceDiagnostic(
          project,
          resource,
          'warning',
          'private-endpoint.unknown-property',
          `managed private endpoint property '${key}' is not in the schema${near ? `: did you mean '${near}'?` : ''}`,
          ['properties', key],
          'the service may drop it, and since a private endpoint cannot be updated, every plan would then replace it (a new approval each time); remove it',
        ),
      );
    }
  }
  return out;
}
