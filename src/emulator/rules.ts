/**
 * The emulator's own naming and reference rules, written from the ARM schema (datafactory.json 2018-06-01,
 * `x-ms-parameter-location` name patterns and the `*Reference` definitions) and SPEC.md sections D and E.
 * Deliberately NOT imported from src/model/: the emulator is a witness, and a mistake in the client's tables
 * must fail an end-to-end test instead of passing on both sides (`test/emulator/witness.test.ts` compares them).
 */

/** Resource kinds the emulator stores, as the service names them in ids and reference types. */
export type ResourceKind =
  | 'LinkedService'
  | 'Dataset'
  | 'Pipeline'
  | 'Trigger'
  | 'DataFlow'
  | 'IntegrationRuntime'
  | 'Credential'
  | 'ManagedVirtualNetwork'
  | 'ManagedPrivateEndpoint'
  | 'ChangeDataCapture';

export interface NameRule {
  pattern: RegExp;
  min: number;
  max: number;
  /** Human text for error messages. */
  describe: string;
}

/** `factoryName`: ^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$, 3..63 (also `integrationRuntimeName`). */
export const FACTORY_NAME: NameRule = {
  pattern: /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/,
  min: 3,
  max: 63,
  describe: 'letters, digits and single dashes inside, 3 to 63 characters',
};

/** `linkedServiceName`, `datasetName`, `pipelineName`, `triggerName`, `dataFlowName`, `changeDataCaptureName`, `globalParameterName`. */
export const ENTITY_NAME: NameRule = {
  pattern: /^[A-Za-z0-9_][^<>*#.%&:\\+?/]*$/,
  min: 1,
  max: 260,
  describe: 'start with a letter, digit or _, none of < > * # . % & : \\ + ? /, 1 to 260 characters',
};

/**
 * `managedVirtualNetworkName`, `managedPrivateEndpointName`, and `credentialName` in the newest spec revision
 * (older revisions gave credentials the entity pattern with max 127).
 */
export const NETWORK_NAME: NameRule = {
  pattern: /^([_A-Za-z0-9]|([_A-Za-z0-9][-_A-Za-z0-9]{0,125}[_A-Za-z0-9]))$/,
  min: 1,
  max: 127,
  describe: 'letters, digits, _ and - (not at either end), 1 to 127 characters',
};

/** A message when `name` breaks `rule`, else undefined. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  if (name.length < rule.min || name.length > rule.max || !rule.pattern.test(name))
    return `invalid name '${name}': expected ${rule.describe}`;
  return undefined;
}

/** The integration runtime every factory has; a reference to it always resolves. */
export const BUILT_IN_RUNTIME = 'autoresolveintegrationruntime';

/**
 * The `type` enum of each reference definition in the ARM schema, lower-cased, and the kind it points at.
 * `TumblingWindowTriggerDependencyReference` carries a nested `referenceTrigger` of type TriggerReference.
 */
const REFERENCE_TYPES = new Map<string, ResourceKind>([
  ['linkedservicereference', 'LinkedService'],
  ['datasetreference', 'Dataset'],
  ['pipelinereference', 'Pipeline'],
  ['triggerreference', 'Trigger'],
  ['dataflowreference', 'DataFlow'],
  ['integrationruntimereference', 'IntegrationRuntime'],
  ['credentialreference', 'Credential'],
  ['managedvirtualnetworkreference', 'ManagedVirtualNetwork'],
]);

/** One reference found in a stored document. */
export interface FoundReference {
  kind: ResourceKind;
  name: string;
}

function propertyCI(obj: Record<string, unknown>, lowerKey: string): unknown {
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lowerKey) return v;
  return undefined;
}

/**
 * Every reference in a document: an object whose `type` is a reference type and whose `referenceName` is a plain
 * string, at any depth (the service deserialises property names case-insensitively). A name starting with `@` is
 * an expression, resolved at run time, never checked here.
 */
export function referencesIn(node: unknown, out: FoundReference[] = []): FoundReference[] {
  if (Array.isArray(node)) {
    for (const item of node) referencesIn(item, out);
    return out;
  }
  if (node === null || typeof node !== 'object') return out;
  const obj = node as Record<string, unknown>;
  const type = propertyCI(obj, 'type');
  const name = propertyCI(obj, 'referencename');
  if (typeof type === 'string' && typeof name === 'string' && !name.startsWith('@')) {
    const kind = REFERENCE_TYPES.get(type.toLowerCase());
    if (kind) out.push({ kind, name });
  }
  for (const v of Object.values(obj)) referencesIn(v, out);
  return out;
}
