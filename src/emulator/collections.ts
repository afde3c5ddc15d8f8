import { KIND_INFO, KINDS, type Kind, type NameRule } from '../model/kinds.js';

/** How the emulator treats one collection of factory children (adf-rest-facts §1, §2, §4, §9). */
export interface Collection {
  /** Lower-cased REST segment: the store key. */
  key: string;
  kind?: Kind;
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
  /** Bytes per object (§9). */
  maxBytes?: number;
  /** Lives under a managed VNet. */
  nested?: boolean;
}

const WITH_304 = new Set<Kind>(['LinkedService', 'Dataset', 'Pipeline', 'Trigger', 'IntegrationRuntime']);
const MAX_BYTES: Partial<Record<Kind, number>> = {
  Pipeline: 200 * 1024,
  Dataset: 100 * 1024,
  LinkedService: 100 * 1024,
};

function fromKind(kind: Kind): Collection {
  const info = KIND_INFO[kind];
  const idSegment = info.armType.split('/').pop()!;
  return {
    key: info.segment.toLowerCase(),
    kind,
    idSegment,
    armType: info.armType,
    nameRule: info.nameRule,
    label: info.label,
    deletable: info.deletable,
    notModified: WITH_304.has(kind),
    propertiesRequired: kind !== 'ManagedVirtualNetwork' && kind !== 'ManagedPrivateEndpoint',
    maxBytes: MAX_BYTES[kind],
    nested: kind === 'ManagedPrivateEndpoint',
  };
}

export const GLOBAL_PARAMETERS: Collection = {
  key: 'globalparameters',
  idSegment: 'globalParameters',
  armType: 'Microsoft.DataFactory/factories/globalParameters',
  nameRule: KIND_INFO.Pipeline.nameRule,
  label: 'global parameter set',
  deletable: true,
  notModified: false,
  propertiesRequired: true,
};

const ALL: Collection[] = [...KINDS.map(fromKind), GLOBAL_PARAMETERS];
const BY_KEY = new Map(ALL.map((c) => [c.key, c]));

/** The collection for a lower-cased path segment (top-level ones only; private endpoints are nested). */
export function collectionOf(segment: string): Collection | undefined {
  const c = BY_KEY.get(segment);
  return c && !c.nested ? c : undefined;
}

export const PRIVATE_ENDPOINTS = BY_KEY.get('managedprivateendpoints')!;
export const VNETS = BY_KEY.get('managedvirtualnetworks')!;
export const TRIGGERS = BY_KEY.get('triggers')!;
export const INTEGRATION_RUNTIMES = BY_KEY.get('integrationruntimes')!;

/** The collection holding a kind (reference targets). */
export function collectionOfKind(kind: Kind): Collection {
  return BY_KEY.get(KIND_INFO[kind].segment.toLowerCase())!;
}
