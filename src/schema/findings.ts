/**
 * Turn ajv's errors into one clear finding per problem: what was found, what was expected, a hint. Paths are
 * relative to the validated object and use the keys as written (not the respelled copy ajv saw).
 */
import type { ErrorObject } from 'ajv';
import type { Severity } from '../core/diagnostic.js';
import { didYouMean } from '../core/did-you-mean.js';
import { findDemotion } from './demotions.js';
import type { Normalized } from './normalize.js';
import type { CompiledSchema } from './registry.js';
import { isPlainObject } from '../core/json.js';

export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  hint?: string;
  path: (string | number)[];
}

/** What was validated: the schema family and type, for demotions. */
export interface Unit {
  family: string;
  type?: string;
  /** True for text that holds (or is a piece of) a secret: never quoted (src/validate/secret-text.ts). */
  hide?: (text: string) => boolean;
}

const MAX_LISTED = 12;

export function quoteList(values: unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map((v) => `'${String(v)}'`);
  const more = values.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function isExpression(data: unknown): boolean {
  if (typeof data === 'string') return data.startsWith('@');
  if (!isPlainObject(data)) return false;
  const type = data.type;
  return typeof type === 'string' && type.toLowerCase() === 'expression';
}

/** Property names whose values may be secrets: their text never goes into a message. */
const SECRET_PATH = /password|secret|key|token|credential|connectionstring|sas|pfx|pwd/i;
/** Text that looks like a connection string or SAS URL with a secret in it. */
const SECRET_TEXT = /(accountkey|password|pwd|sig|sharedaccesskey)\s*=/i;

/**
 * A short description of a value, for "found ...". String content is shown only when `path` (where the value
 * sits) and the text itself do not look secret, since diagnostics are printed; type errors pass no path and
 * never show it (knowing it is a string is enough there).
 */
export function describeValue(data: unknown, path?: (string | number)[], hide?: (text: string) => boolean): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'an array';
  if (typeof data === 'object') return isExpression(data) ? 'an expression object' : 'an object';
  if (typeof data === 'string') {
    if (hide?.(data)) return 'a secret value (not shown)';
    const hidden =
      !path || path.some((seg) => typeof seg === 'string' && SECRET_PATH.test(seg)) || SECRET_TEXT.test(data);
    if (hidden) return data.startsWith('@') ? 'an expression string' : 'a string';
    return `'${data.length > 60 ? `${data.slice(0, 57)}...` : data}'`;
  }
  if (hide?.(String(data))) return `a secret ${typeof data} (not shown)`;
  return `${typeof data} ${String(data)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** JSON pointer of ajv -> path segments (numbers for array indexes), walking the data to tell them apart. */
export function segmentsOf(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(node) && /^\d+$/.test(seg) ? Number(seg) : seg;
    out.push(key);
    node = childAt(node, key);
  }
  return out;
}

/** The value under one path segment (an index of an array, a key of an object), or undefined. */
function childAt(node: unknown, seg: string | number): unknown {
  if (Array.isArray(node)) return typeof seg === 'number' ? node[seg] : undefined;
  return isPlainObject(node) ? node[seg] : undefined;
}

function descriptionOf(schema: unknown, property: string): string | undefined {
  const props = isPlainObject(schema) ? schema.properties : undefined;
  const prop = isPlainObject(props) ? props[property] : undefined;
  const text = isPlainObject(prop) ? prop.description : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** Tag values of a discriminated oneOf, in schema order. */
function tagValues(parentSchema: unknown, tag: string): string[] {
  const branches = isPlainObject(parentSchema) && Array.isArray(parentSchema.oneOf) ? parentSchema.oneOf : [];
  return branches.flatMap((b) => {
    const prop = isPlainObject(b) ? childAt(b.properties, tag) : undefined;
    const values = isPlainObject(prop) && Array.isArray(prop.enum) ? prop.enum : [];
    return values.filter((v): v is string => typeof v === 'string');
  });
}

type Draft = Omit<Finding, 'path' | 'severity'> & { severity?: Severity; path?: (string | number)[] };

function describeError(e: ErrorObject, at: (string | number)[], compiled: CompiledSchema, unit: Unit): Draft {
  const p: Record<string, unknown> = e.params;
  const data = e.data;
  const show = (value: unknown, path?: (string | number)[]): string => describeValue(value, path, unit.hide);
  switch (e.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      const present = data && typeof data === 'object' ? Object.keys(data) : [];
      const desc = descriptionOf(e.parentSchema, missing);
      return {
        code: 'schema.required',
        message: `missing required property '${missing}'${present.length ? ` (found ${quoteList(present)})` : ''}`,
        hint: desc ? `${missing}: ${desc}` : undefined,
      };
    }
    case 'type': {
      const expected = String(p.type).split(',').map(article).join(' or ');
      return {
        code: 'schema.type',
        message: `found ${show(data)}, expected ${expected}`,
        hint: isExpression(data) ? `this property takes a literal value, not an expression` : undefined,
      };
    }
    case 'enum': {
      const allowed: unknown[] = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      const near = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : undefined;
      return {
        code: 'schema.enum',
        message: `found ${show(data, at)}, expected one of ${quoteList(allowed)}`,
        hint: near ? `did you mean '${near}'?` : undefined,
      };
    }
    case 'discriminator': {
      const tag = String(p.tag);
      const candidates = tagValues(e.parentSchema, tag);
      const what = compiled.definitionName(e.parentSchema) ?? 'object';
      const value = p.tagValue;
      if (p.error === 'tag') {
        if (value === undefined)
          return {
            code: 'schema.required',
            message: `missing required property '${tag}' of ${what}`,
            hint: `one of ${quoteList(candidates)}`,
            path: [...at],
          };
        return {
          code: 'schema.type',
          message: `found ${show(value)} for '${tag}', expected a string`,
          path: [...at, tag],
        };
      }
      return { ...unknownType(`${what} ${tag}`, String(value), candidates, unit.hide), path: [...at, tag] };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        code: 'schema.range',
        message: `found ${show(data, at)}, expected ${String(p.comparison)} ${String(p.limit)}`,
      };
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems': {
      const size = Array.isArray(data)
        ? `${data.length} items`
        : typeof data === 'string'
          ? `${data.length} characters`
          : show(data, at);
      const bound = e.keyword.startsWith('min') ? 'at least' : 'at most';
      return { code: 'schema.length', message: `found ${size}, expected ${bound} ${String(p.limit)}` };
    }
    case 'pattern':
      return {
        code: 'schema.pattern',
        message: `found ${show(data, at)}, expected a value matching ${String(p.pattern)}`,
      };
    case 'format':
      return {
        code: 'schema.format',
        message: `found ${show(data, at)}, expected ${article(String(p.format))} value`,
      };
    default:
      return {
        code: `schema.${e.keyword}`,
        message: `found ${show(data, at)}: ${e.message ?? 'does not match the schema'}`,
      };
  }
}

/**
 * An unknown `type` (or other tag): an error with did-you-mean when it is a near miss of a known value, else a
 * warning, because the service knows types newer than the schema (GitHub, EventHubs, SapOdpDataset, Airflow...).
 */
export function unknownType(
  label: string,
  value: string,
  known: string[],
  hide?: (text: string) => boolean,
): Omit<Finding, 'path'> {
  if (hide?.(value))
    return {
      severity: 'warning',
      code: 'schema.unknown-type',
      message: `unknown ${label}: its value holds a secret (not shown)`,
      hint: 'a type is never secret; check what this property holds',
    };
  const near = didYouMean(value, known);
  if (near)
    return {
      severity: 'error',
      code: 'schema.unknown-type',
      message: `unknown ${label} '${value}', did you mean '${near}'?`,
      hint: `names of types match case-insensitively; ${known.length} values are known (schemas/types/index.json)`,
    };
  return {
    severity: 'warning',
    code: 'schema.unknown-type',
    message: `unknown ${label} '${value}': not in the ADF 2018-06-01 schema, so its properties are not checked`,
    hint: 'types newer than the schema are accepted by the service; check the spelling if this is not one of them',
  };
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const seg of path) node = childAt(node, seg);
  return node;
}

/** Findings for ajv's errors of one validation, with demotions applied and duplicates removed. */
export function findingsFrom(
  errors: ErrorObject[],
  normalized: Normalized,
  compiled: CompiledSchema,
  unit: Unit,
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const at = segmentsOf(e.instancePath, normalized.value);
    const draft = describeError(e, at, compiled, unit);
    const path = normalized.originalPath(draft.path ?? at);
    let severity: Severity = draft.severity ?? 'error';
    let hint = draft.hint;
    const value = e.keyword === 'required' ? e.params.missingProperty : e.data;
    const holder = e.keyword === 'required' ? e.data : valueAt(normalized.value, at.slice(0, -1));
    const demotion =
      severity === 'error'
        ? findDemotion({ keyword: e.keyword, family: unit.family, type: unit.type, path: at, value, holder })
        : undefined;
    if (demotion?.silent) continue;
    if (demotion) {
      severity = 'warning';
      hint = `${demotion.reason} (--strict makes this an error)`;
    }
    const key = `${draft.code}|${path.join('/')}|${draft.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ severity, code: draft.code, message: draft.message, hint, path });
  }
  return out;
}
