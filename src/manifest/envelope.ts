import type { Diagnostic } from '../core/diagnostic.js';
import { didYouMean } from '../core/did-you-mean.js';
import { AUTO_RESOLVE_IR, isKind, KIND_INFO, KINDS, type Kind } from '../model/kinds.js';
import type { Resource } from '../model/resource.js';
import { reportSubstitution } from './config.js';
import { describeType, ShapeChecker } from './shape.js';
import { substituteShared, type SubstitutionContext, type SubstitutionProblem } from './substitute.js';
import { type ParsedDocument, withValue } from './yaml-file.js';

const COMMON_KEYS = ['kind', 'name', 'properties'] as const;
const PE_KEYS = [...COMMON_KEYS, 'managedVirtualNetwork'] as const;

/**
 * Turn one resource document into a Resource: check the envelope (kind, name, properties, and a private
 * endpoint's managedVirtualNetwork; nothing else, so typos are caught) and substitute variables.
 * Returns undefined when the document cannot become a resource; every problem is reported.
 */
export function readResourceDocument(
  pd: ParsedDocument,
  ctx: SubstitutionContext,
  diagnostics: Diagnostic[],
  /** What the document's text can hold (textFacts): no `${{`, nothing to substitute; no SecureString, none empty. */
  text: TextFacts = ANY_TEXT,
): Resource | undefined {
  const check = new ShapeChecker(pd, diagnostics);
  const raw = pd.value;
  if (!check.isMapping(raw)) {
    check.report(
      [],
      'manifest.type',
      `a resource document must be a mapping with kind, name, properties; found ${describeType(raw)}`,
    );
    return undefined;
  }
  const kind = readKind(check, raw);
  check.unknownKeys(
    raw,
    kind === 'ManagedPrivateEndpoint' ? PE_KEYS : COMMON_KEYS,
    [],
    kind ? `a ${kind} document` : 'a resource document',
  );

  const problems: SubstitutionProblem[] = [];
  const doc = (text.placeholders ? substituteShared(raw, ctx, problems) : raw) as Record<string, unknown>;
  reportSubstitution(pd, problems, [], diagnostics);

  let ok = kind !== undefined;
  if (doc.name === undefined || doc.name === null) {
    check.report([], 'manifest.missing-field', "missing 'name'", 'every document needs kind, name and properties');
    ok = false;
  } else if (typeof doc.name !== 'string') {
    check.report(
      ['name'],
      'manifest.type',
      `'name' must be a string, found ${describeType(doc.name)}`,
      'quote the name if YAML reads it as a number or boolean',
    );
    ok = false;
  }
  if (doc.properties === undefined || doc.properties === null) {
    check.report(
      [],
      'manifest.missing-field',
      "missing 'properties'",
      "'properties' is the ADF REST body's properties, as ADF Studio shows them in its JSON view",
    );
    ok = false;
  } else if (!check.isMapping(doc.properties)) {
    check.report(
      ['properties'],
      'manifest.type',
      `'properties' must be a mapping, found ${describeType(doc.properties)}`,
    );
    ok = false;
  }
  let parent: string | undefined;
  if (kind === 'ManagedPrivateEndpoint') {
    const vnet = doc.managedVirtualNetwork;
    if (vnet === undefined || vnet === null) {
      check.report(
        [],
        'manifest.missing-field',
        "missing 'managedVirtualNetwork' (the managed virtual network this endpoint belongs to)",
        "add 'managedVirtualNetwork: default'",
      );
      ok = false;
    } else if (typeof vnet !== 'string') {
      check.report(
        ['managedVirtualNetwork'],
        'manifest.type',
        `'managedVirtualNetwork' must be a string, found ${describeType(vnet)}`,
      );
      ok = false;
    } else {
      parent = vnet;
    }
  }
  if (!ok || !kind) return undefined;
  const resource: Resource = {
    kind,
    name: doc.name as string,
    properties: doc.properties as Record<string, unknown>,
    source: pd.start,
  };
  if (parent !== undefined) resource.parent = parent;
  if (text.secureStrings) reportEmptySecureStrings(check, resource.properties, ['properties']);
  return resource;
}

/** Keys an ADF Studio JSON file may hold besides name and properties (the service's, ignored). */
const STUDIO_KEYS = ['name', 'type', 'properties', 'etag', 'id'] as const;

/**
 * Whether a YAML text may give a string value holding `${{`: it holds `${{` itself, or a backslash (an escape in a
 * double-quoted scalar can make any character). Folding never joins `${` and `{` without a space, nor do aliases or
 * block scalars make characters the text lacks. A text for which this is false needs no substitution walk (about a
 * tenth of loading at 5,000 objects).
 */
export function mayHoldPlaceholders(text: string): boolean {
  return text.includes('${{') || text.includes('\\');
}

/** What a document's text can hold, for the walks readResourceDocument may skip. */
export interface TextFacts {
  /** mayHoldPlaceholders of the text. */
  placeholders: boolean;
  /** Whether a value may be `SecureString` in some case (a type reportEmptySecureStrings looks for). */
  secureStrings: boolean;
}

/** Facts that skip nothing (a document whose text was not looked at). */
const ANY_TEXT: TextFacts = { placeholders: true, secureStrings: true };

/**
 * The facts of a manifest's text. Without a placeholder or a backslash, every string value is spelled in the text
 * as it is (mayHoldPlaceholders), so a text that never spells `securestring` in any case has no SecureString to
 * find empty: its walk over every node (40 ms of a 5,000-object load) is skipped.
 */
export function textFacts(text: string): TextFacts {
  const placeholders = mayHoldPlaceholders(text);
  return { placeholders, secureStrings: placeholders || /securestring/i.test(text) };
}

/**
 * Turn one JSON file of the ADF Studio layout into a Resource: its kind (and a private endpoint's VNet) come
 * from the folder, `type` is checked against it. The built-in AutoResolveIntegrationRuntime is skipped
 * (undefined, no diagnostic): Studio keeps a file for it, but it is part of every factory.
 */
export function readStudioDocument(
  pd: ParsedDocument,
  place: { kind: Kind; parent?: string },
  ctx: SubstitutionContext,
  diagnostics: Diagnostic[],
): Resource | undefined {
  const check = new ShapeChecker(pd, diagnostics);
  const raw = pd.value;
  if (!check.isMapping(raw)) {
    check.report(
      [],
      'manifest.type',
      `an ADF Studio file must be a JSON object with name and properties; found ${describeType(raw)}`,
    );
    return undefined;
  }
  const { kind, parent } = place;
  check.unknownKeys(raw, STUDIO_KEYS, [], `an ADF Studio ${KIND_INFO[kind].label} file`);
  // Compare the last segment only: Synapse workspaces write 'Microsoft.Synapse/workspaces/pipelines'.
  const armType = KIND_INFO[kind].armType;
  const last = (t: string) => t.split('/').pop()?.toLowerCase();
  if (typeof raw.type === 'string' && last(raw.type) !== last(armType))
    check.report(
      ['type'],
      'studio.type-mismatch',
      `'type' is '${raw.type}' but the file is in the ${KIND_INFO[kind].studioFolder}/ folder (${armType}); read as a ${KIND_INFO[kind].label}`,
      'move the file to the folder of its type, or fix the type',
      'warning',
    );
  if (
    kind === 'IntegrationRuntime' &&
    typeof raw.name === 'string' &&
    raw.name.toLowerCase() === AUTO_RESOLVE_IR.toLowerCase()
  )
    return undefined;
  const properties = raw.properties ?? (kind === 'ManagedVirtualNetwork' ? {} : undefined);
  const envelope: Record<string, unknown> = { kind, name: raw.name, properties };
  if (parent !== undefined) envelope.managedVirtualNetwork = parent;
  return readResourceDocument(withValue(pd, envelope), ctx, diagnostics);
}

/**
 * `{type: SecureString, value: ""}`: in CI an unset secret expands to "", and an ARM export's parameters file
 * holds "" for every secure parameter; deploying it would blank the credential in the factory.
 */
function reportEmptySecureStrings(check: ShapeChecker, value: unknown, path: (string | number)[]): void {
  // One walk per resource of every document: the path is a stack, copied only for a report (docs/performance.md).
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      reportEmptySecureStrings(check, value[i], path);
      path.pop();
    }
    return;
  }
  if (!check.isMapping(value)) return;
  let type: unknown;
  let secretKey: string | undefined;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const lower = k.length === 4 || k.length === 5 ? k.toLowerCase() : '';
    if (lower === 'type' && type === undefined) type = value[k];
    else if (lower === 'value' && secretKey === undefined) secretKey = k;
  }
  if (
    typeof type === 'string' &&
    type.toLowerCase() === 'securestring' &&
    secretKey !== undefined &&
    value[secretKey] === ''
  ) {
    check.report(
      [...path, secretKey],
      'secret.empty',
      'this SecureString is empty: deploying it would blank the secret in the factory',
      'set it from the environment (${{ env.NAME }}, declared in adf-deploy.yaml), or remove the property',
    );
    return;
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    path.push(k);
    reportEmptySecureStrings(check, value[k], path);
    path.pop();
  }
}

function readKind(check: ShapeChecker, raw: Record<string, unknown>): Kind | undefined {
  const kind = raw.kind;
  if (kind === undefined || kind === null) {
    check.report([], 'manifest.missing-field', "missing 'kind'", `kind is one of ${KINDS.join(', ')}`);
    return undefined;
  }
  if (typeof kind !== 'string') {
    check.report(
      ['kind'],
      'manifest.type',
      `'kind' must be a string, found ${describeType(kind)}`,
      `kind is one of ${KINDS.join(', ')}`,
    );
    return undefined;
  }
  if (!isKind(kind)) {
    const near = didYouMean(kind, KINDS);
    check.report(
      ['kind'],
      'manifest.unknown-kind',
      `unknown kind '${kind}'${near ? `, did you mean '${near}'?` : ''}`,
      `kind is one of ${KINDS.join(', ')}`,
    );
    return undefined;
  }
  return kind;
}
