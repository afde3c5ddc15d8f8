import { ENTITY_NAME, FACTORY_NAME, NETWORK_NAME, type NameRule, type ResourceKind } from './rules.js';

/** How the emulator treats one collection of factory children (adf-rest-facts §1, §2, §4, §9). */
export interface Collection {
  /** Lower-cased REST segment: the store key. */
  key: string;
  /** The kind stored here, when other documents can reference it (or it references others). */
  kind?: ResourceKind;
  /** Segment used in returned ids (the IR id is lower-case: §5). */
  idSegment: string;
  armType: string;
  nameRule: NameRule;
  label: string;
  deletable: boolean;
  /** GET declares 304 for If-None-Match (§2). */
  notModified: boolean;
  /** A PUT body must carry a `properties` object. */
  propertiesRequired: boolean;
  /** Bytes per object (§9); 'object': the dataset / linked service limit of the emulator's options (default 100 KB). */
  maxBytes?: number | 'object';
  /** Lives under a managed VNet. */
  nested?: boolean;
}

const T = 'Microsoft.DataFactory/factories';
const ANY_NAME: NameRule = { pattern: /^[^/]+$/, min: 1, max: 260, describe: '1 to 260 characters' };

/** One row per collection of the 2018-06-01 spec, written from its paths (not from src/model/). */
function row(
  key: string,
  idSegment: string,
  label: string,
  nameRule: NameRule,
  extra: Partial<Collection> = {},
): Collection {
  return {
    key,
    idSegment,
    armType: `${T}/${idSegment}`,
    nameRule,
    label,
    deletable: true,
    notModified: false,
    propertiesRequired: true,
    ...extra,
  };
}

const ALL: Collection[] = [
  row('linkedservices', 'linkedservices', 'linked service', ENTITY_NAME, {
    kind: 'LinkedService',
    notModified: true,
    maxBytes: 'object',
  }),
  row('datasets', 'datasets', 'dataset', ENTITY_NAME, { kind: 'Dataset', notModified: true, maxBytes: 'object' }),
  row('pipelines', 'pipelines', 'pipeline', ENTITY_NAME, {
    kind: 'Pipeline',
    notModified: true,
    maxBytes: 200 * 1024,
  }),
  row('triggers', 'triggers', 'trigger', ENTITY_NAME, { kind: 'Trigger', notModified: true }),
  row('dataflows', 'dataflows', 'data flow', ENTITY_NAME, { kind: 'DataFlow' }),
  row('integrationruntimes', 'integrationruntimes', 'integration runtime', FACTORY_NAME, {
    kind: 'IntegrationRuntime',
    notModified: true,
  }),
  // The newest revision declares 304 on the credential GET and the network name pattern (adf-rest-facts §4).
  row('credentials', 'credentials', 'credential', NETWORK_NAME, { kind: 'Credential', notModified: true }),
  row('managedvirtualnetworks', 'managedVirtualNetworks', 'managed virtual network', NETWORK_NAME, {
    kind: 'ManagedVirtualNetwork',
    notModified: true, // EX:ManagedVirtualNetworks_Get answers 304
    deletable: false,
    propertiesRequired: false,
  }),
  {
    ...row('managedprivateendpoints', 'managedPrivateEndpoints', 'managed private endpoint', NETWORK_NAME, {
      kind: 'ManagedPrivateEndpoint',
      propertiesRequired: false,
      nested: true,
    }),
    armType: `${T}/managedVirtualNetworks/managedPrivateEndpoints`,
  },
  row('adfcdcs', 'adfcdcs', 'change data capture', ENTITY_NAME, { kind: 'ChangeDataCapture' }),
  row('globalparameters', 'globalParameters', 'global parameter set', ENTITY_NAME),
  // Connection names are made by the service ('<factory>.<guid>'): no pattern is declared, any segment is taken.
  row('privateendpointconnections', 'privateEndpointConnections', 'private endpoint connection', ANY_NAME),
];
const BY_KEY = new Map(ALL.map((c) => [c.key, c]));

function get(key: string): Collection {
  const c = BY_KEY.get(key);
  if (!c) throw new Error(`no collection ${key}`);
  return c;
}

/** The collection for a lower-cased path segment (top-level ones only; private endpoints are nested). */
export function collectionOf(segment: string): Collection | undefined {
  const c = BY_KEY.get(segment);
  return c && !c.nested ? c : undefined;
}

export const PRIVATE_ENDPOINTS = get('managedprivateendpoints');
export const VNETS = get('managedvirtualnetworks');
export const TRIGGERS = get('triggers');
export const INTEGRATION_RUNTIMES = get('integrationruntimes');
export const GLOBAL_PARAMETERS = get('globalparameters');
export const CHANGE_DATA_CAPTURES = get('adfcdcs');
export const PRIVATE_ENDPOINT_CONNECTIONS = get('privateendpointconnections');

const BY_KIND = new Map(ALL.filter((c) => c.kind).map((c) => [c.kind, c]));

/** The collection holding a kind (reference targets). */
export function collectionOfKind(kind: ResourceKind): Collection {
  const c = BY_KIND.get(kind);
  if (!c) throw new Error(`no collection for ${kind}`);
  return c;
}
