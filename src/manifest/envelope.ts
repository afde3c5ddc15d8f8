import type { Diagnostic } from '../core/diagnostic.js';
import { didYouMean } from '../core/did-you-mean.js';
import { isKind, KINDS, type Kind } from '../model/kinds.js';
import type { Resource } from '../model/resource.js';
import { reportSubstitution } from './config.js';
import { describeType, ShapeChecker } from './shape.js';
import { substituteDeep, type SubstitutionContext, type SubstitutionProblem } from './substitute.js';
import type { ParsedDocument } from './yaml-file.js';

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
  const doc = substituteDeep(raw, ctx, problems) as Record<string, unknown>;
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
  return resource;
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
