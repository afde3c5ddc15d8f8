/**
 * The registry of resource kinds a manifest can declare: how each maps onto the ADF REST API
 * (api-version 2018-06-01) and which name rule applies (../shared/docs/adf-rest-facts.md §1, §4).
 */
export const KINDS = [
  'LinkedService',
  'Dataset',
  'Pipeline',
  'Trigger',
  'DataFlow',
  'IntegrationRuntime',
  'Credential',
  'ManagedVirtualNetwork',
  'ManagedPrivateEndpoint',
  'ChangeDataCapture',
] as const;

export type Kind = (typeof KINDS)[number];

export interface NameRule {
  pattern: RegExp;
  min: number;
  max: number;
  /** Human text for error messages. */
  describe: string;
}

export const FACTORY_NAME_RULE: NameRule = {
  pattern: /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/,
  min: 3,
  max: 63,
  describe: 'letters, digits and single dashes inside, 3 to 63 characters',
};

const CHILD_NAME_RULE: NameRule = {
  pattern: /^[A-Za-z0-9_][^<>*#.%&:\\+?/]*$/,
  min: 1,
  max: 260,
  describe: 'start with a letter, digit or _, none of < > * # . % & : \\ + ? /, 1 to 260 characters',
};

const IR_NAME_RULE: NameRule = {
  ...FACTORY_NAME_RULE,
  describe: 'letters, digits and single dashes inside, 3 to 63 characters',
};

const VNET_NAME_RULE: NameRule = {
  pattern: /^([_A-Za-z0-9]|([_A-Za-z0-9][-_A-Za-z0-9]{0,125}[_A-Za-z0-9]))$/,
  min: 1,
  max: 127,
  describe: 'letters, digits, _ and - (not at either end), 1 to 127 characters',
};

/**
 * Credentials: the newest spec revision and the ARM schema (`factories_credentials`) give `credentialName` the
 * managed network pattern (older revisions had the entity pattern with max 127); the emulator follows the same.
 */
const CREDENTIAL_NAME_RULE: NameRule = VNET_NAME_RULE;

export interface KindInfo {
  kind: Kind;
  /** Collection segment in the REST path under the factory (or under the managed VNet for private endpoints). */
  segment: string;
  /** The `type` the service returns on GET. */
  armType: string;
  /** The reference `type` that points at this kind, e.g. 'LinkedServiceReference'. */
  referenceType?: string;
  nameRule: NameRule;
  /** Folder name in the ADF Studio git layout. */
  studioFolder: string;
  /** Can the REST API delete it? (managed virtual networks cannot be deleted) */
  deletable: boolean;
  /** Human label, singular, for messages: 'linked service'. */
  label: string;
}

export const KIND_INFO: Record<Kind, KindInfo> = {
  LinkedService: {
    kind: 'LinkedService',
    segment: 'linkedservices',
    armType: 'Microsoft.DataFactory/factories/linkedservices',
    referenceType: 'LinkedServiceReference',
    nameRule: CHILD_NAME_RULE,
    studioFolder: 'linkedService',
    deletable: true,
    label: 'linked service',
  },
  Dataset: {
    kind: 'Dataset',
    segment: 'datasets',
    armType: 'Microsoft.DataFactory/factories/datasets',
    referenceType: 'DatasetReference',
    nameRule: CHILD_NAME_RULE,
    studioFolder: 'dataset',
    deletable: true,
    label: 'dataset',
  },
  Pipeline: {
    kind: 'Pipeline',
    segment: 'pipelines',
    armType: 'Microsoft.DataFactory/factories/pipelines',
    referenceType: 'PipelineReference',
    nameRule: CHILD_NAME_RULE,
    studioFolder: 'pipeline',
    deletable: true,
    label: 'pipeline',
  },
  Trigger: {
    kind: 'Trigger',
    segment: 'triggers',
    armType: 'Microsoft.DataFactory/factories/triggers',
    referenceType: 'TriggerReference',
    nameRule: CHILD_NAME_RULE,
    studioFolder: 'trigger',
    deletable: true,
    label: 'trigger',
  },
  DataFlow: {
    kind: 'DataFlow',
    segment: 'dataflows',
    armType: 'Microsoft.DataFactory/factories/dataflows',
    referenceType: 'DataFlowReference',
    nameRule: CHILD_NAME_RULE,
    studioFolder: 'dataflow',
    deletable: true,
    label: 'data flow',
  },
  IntegrationRuntime: {
    kind: 'IntegrationRuntime',
    segment: 'integrationRuntimes',
    armType: 'Microsoft.DataFactory/factories/integrationruntimes',
    referenceType: 'IntegrationRuntimeReference',
    nameRule: IR_NAME_RULE,
    studioFolder: 'integrationRuntime',
    deletable: true,
    label: 'integration runtime',
  },
  Credential: {
    kind: 'Credential',
    segment: 'credentials',
    armType: 'Microsoft.DataFactory/factories/credentials',
    referenceType: 'CredentialReference',
    nameRule: CREDENTIAL_NAME_RULE,
    studioFolder: 'credential',
    deletable: true,
    label: 'credential',
  },
  ManagedVirtualNetwork: {
    kind: 'ManagedVirtualNetwork',
    segment: 'managedVirtualNetworks',
    armType: 'Microsoft.DataFactory/factories/managedVirtualNetworks',
    referenceType: 'ManagedVirtualNetworkReference',
    nameRule: VNET_NAME_RULE,
    studioFolder: 'managedVirtualNetwork',
    deletable: false,
    label: 'managed virtual network',
  },
  ManagedPrivateEndpoint: {
    kind: 'ManagedPrivateEndpoint',
    segment: 'managedPrivateEndpoints',
    armType: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints',
    nameRule: VNET_NAME_RULE,
    studioFolder: 'managedPrivateEndpoint',
    deletable: true,
    label: 'managed private endpoint',
  },
  // Change data capture (the spec's `adfcdcs`): referenced by nothing; it references linked services.
  ChangeDataCapture: {
    kind: 'ChangeDataCapture',
    segment: 'adfcdcs',
    armType: 'Microsoft.DataFactory/factories/adfcdcs',
    nameRule: CHILD_NAME_RULE,
    studioFolder: 'adfcdc',
    deletable: true,
    label: 'change data capture',
  },
};

/** The built-in integration runtime every factory has; references to it need no declaration. */
export const AUTO_RESOLVE_IR = 'AutoResolveIntegrationRuntime';

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

/** Map a reference `type` ('LinkedServiceReference', case-insensitive) to the kind it points at. */
export function kindOfReferenceType(refType: string): Kind | undefined {
  const lower = refType.toLowerCase();
  for (const info of Object.values(KIND_INFO)) {
    if (info.referenceType && info.referenceType.toLowerCase() === lower) return info.kind;
  }
  return undefined;
}

/** Check a name against a rule; returns a message, or undefined when it is valid. */
export function checkName(name: string, rule: NameRule): string | undefined {
  if (name.length < rule.min || name.length > rule.max || !rule.pattern.test(name)) {
    return `invalid name '${name}': expected ${rule.describe}`;
  }
  return undefined;
}
