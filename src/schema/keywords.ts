/**
 * Our two ajv keywords. Both only record what they meet in the validation context (ajv `passContext`) and never
 * fail, so ajv's own errors stay about the schema; check.ts turns the records into findings.
 * - `adfPart: "<Definition>"` (written by the generator): a value to check against parts/<Definition>/<tag>.json.
 * - `adfKnown: [names]` (added at load time, see markKnownProperties): the property names an object may have,
 *   to catch misspelt optional properties, which the service would keep and ignore without a word.
 * - `adfType: "integer"` (written by the generator from the property's description, see generate.ts point 6):
 *   the JSON type a value must have unless it is an ADF expression.
 */
import { didYouMean } from '../core/did-you-mean.js';

export interface ValidationContext {
  parts: Array<{ part: string; data: unknown; instancePath: string; rootData: unknown }>;
  /** Keys that are near misses of a known property name of their object. */
  misspelt: Array<{ key: string; near: string; instancePath: string; rootData: unknown }>;
  /** Values whose JSON type differs from the one their description states (and that are not expressions). */
  mistyped?: Array<{ expected: string; data: unknown; instancePath: string; rootData: unknown }>;
}

const SECRET_TYPES = new Set(['securestring', 'azurekeyvaultsecret']);

/**
 * Forms the service takes although the description states another type, each seen in deployed corpus factories:
 * not flagged. [property name (lower case), described type, JSON type written, where seen].
 */
const TOLERATED: Array<[string, string, string, string]> = [
  // ADF Studio writes a JSON dataset's schema as a JSON Schema object (adf2 DS_Json, parking_sensors, adsgofast...).
  ['schema', 'array', 'object', 'JSON datasets'],
  // A Web activity's body as a JSON object, sent as JSON (yesg Process PBI Dataset, irkanwal Webactivity).
  ['body', 'string', 'object', 'Web activities'],
  // A REST source's pagination rules as a map of rules (rturnage FinOps GetPriceSheet and others).
  ['paginationrules', 'string', 'object', 'REST sources'],
];

function jsonType(data: unknown): string {
  return Array.isArray(data) ? 'array' : typeof data;
}

/** The service takes this form for this property (TOLERATED). */
export function isToleratedForm(property: string, expected: string, data: unknown): boolean {
  const lower = property.toLowerCase();
  return TOLERATED.some(([p, e, t]) => p === lower && e === expected && t === jsonType(data));
}

/** Whether `data` has the JSON type a description states, or is an expression (which ADF evaluates first). */
export function matchesDescribedType(expected: string, data: unknown): boolean {
  if (data === null || data === undefined) return true;
  if (typeof data === 'string' && data.startsWith('@')) return true;
  const isObj = typeof data === 'object' && !Array.isArray(data);
  const tag = isObj ? (data as Record<string, unknown>).type : undefined;
  const tagged = typeof tag === 'string' ? tag.toLowerCase() : '';
  if (tagged === 'expression') return true;
  switch (expected) {
    case 'string':
      // A secret (SecureString, Key Vault reference) stands for a string.
      return typeof data === 'string' || SECRET_TYPES.has(tagged);
    case 'integer':
      return typeof data === 'number' && Number.isInteger(data);
    case 'number':
      return typeof data === 'number';
    case 'boolean':
      return typeof data === 'boolean';
    case 'array':
      return Array.isArray(data);
    case 'object':
      return isObj;
    default:
      return true;
  }
}

type DataCxt = { instancePath: string; rootData: unknown };

/**
 * The names of an `adfKnown` list as sets (as written, lower case), built once per list: generated validators pass the same array (a
 * constant of their schema) at every call, and building the set per object checked was a hot spot of validate.
 */
const knownNames = new WeakMap<string[], { exact: Set<string>; lower: Set<string> }>();

function knownNamesOf(names: string[]): { exact: Set<string>; lower: Set<string> } {
  let known = knownNames.get(names);
  if (!known) {
    known = { exact: new Set(names), lower: new Set(names.map((n) => n.toLowerCase())) };
    knownNames.set(names, known);
  }
  return known;
}
type KeywordFunction = (this: ValidationContext | undefined, schemaValue: never, data: unknown, cxt: DataCxt) => void;

/**
 * What each keyword does when validation meets it (ajv-instance.ts generates the calls). Plain functions, so the
 * validators generated at build time (scripts/gen-validators.ts) call them without loading ajv.
 */
export const KEYWORD_FUNCTIONS = {
  adfPart(this: ValidationContext | undefined, part: string, data: unknown, cxt: DataCxt): void {
    this?.parts?.push({ part, data, instancePath: cxt.instancePath, rootData: cxt.rootData });
  },
  adfType(this: ValidationContext | undefined, expected: string, data: unknown, cxt: DataCxt): void {
    if (!this?.mistyped || matchesDescribedType(expected, data)) return;
    // The property name only for values of the wrong type (rare): splitting every path was a hot spot.
    const property = cxt.instancePath.slice(cxt.instancePath.lastIndexOf('/') + 1);
    if (!isToleratedForm(property, expected, data))
      this.mistyped.push({ expected, data, instancePath: cxt.instancePath, rootData: cxt.rootData });
  },
  adfKnown(this: ValidationContext | undefined, names: string[], data: unknown, cxt: DataCxt): void {
    if (!this?.misspelt || !data || typeof data !== 'object' || Array.isArray(data)) return;
    const known = knownNamesOf(names);
    for (const key of Object.keys(data)) {
      // Known, maybe in another case: the service accepts it. The exact spelling first spares a toLowerCase.
      if (known.exact.has(key) || known.lower.has(key.toLowerCase())) continue;
      const near = didYouMean(key, names);
      if (near) this.misspelt.push({ key, near, instancePath: cxt.instancePath, rootData: cxt.rootData });
    }
  },
} satisfies Record<string, KeywordFunction>;

export type AdfKeyword = keyof typeof KEYWORD_FUNCTIONS;

/** The JSON type of each keyword's value in the schema. */
export const KEYWORD_SCHEMA_TYPES: Record<AdfKeyword, 'string' | 'array'> = {
  adfPart: 'string',
  adfType: 'string',
  adfKnown: 'array',
};

/**
 * Add `adfKnown` to every object schema that lists properties: the names it lists, plus those of its oneOf
 * branches (a polymorphic object may have any branch's properties). Branches themselves are not marked (their
 * holder is), nor free-form maps (no listed properties). Mutates `schema`.
 */
export function markKnownProperties(schema: unknown): void {
  const visit = (node: unknown, isBranch: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, false));
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const names = new Set(Object.keys((obj.properties as object | undefined) ?? {}));
    const branches = Array.isArray(obj.oneOf) ? (obj.oneOf as Array<{ properties?: object }>) : [];
    for (const b of branches) for (const k of Object.keys(b?.properties ?? {})) names.add(k);
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'properties' && v && typeof v === 'object') Object.values(v).forEach((p) => visit(p, false));
      else if (k === 'oneOf' && Array.isArray(v)) v.forEach((b) => visit(b, true));
      else if (k === 'definitions' && v && typeof v === 'object') Object.values(v).forEach((d) => visit(d, false));
      else if (k !== 'enum' && k !== 'required') visit(v, false);
    }
    if (!isBranch && names.size > 0) obj.adfKnown = [...names].sort();
  };
  visit(schema, false);
}
