/**
 * Check a value against a compiled schema, then each part it contains (copy sources and sinks, store settings...,
 * see generate.ts point 5) against the schema of that part's own type. Findings come back with paths relative
 * to the value, in the keys as written.
 */
import { isPlainObject as isObject } from '../core/json.js';
import { findKeyIgnoringCase } from '../diff/canonical.js';
import {
  describeValue,
  findingsFrom,
  quoteList,
  segmentsOf,
  unknownType,
  type Finding,
  type Unit,
} from './findings.js';
import { normalizeCase } from './normalize.js';
import type { ValidationContext } from './keywords.js';
import { partInfo, partSchema, resolvePartType, type CompiledSchema } from './registry.js';

type Obj = Record<string, unknown>;

/** The key of `obj` matching `key` case-insensitively (exact spelling first), as the service matches names. */
export function keyOf(obj: Obj, key: string): string | undefined {
  return key in obj ? key : findKeyIgnoringCase(obj, key);
}

/** Validate `value` against `compiled`, parts included. */
export function checkValue(compiled: CompiledSchema, value: unknown, unit: Unit): Finding[] {
  const normalized = normalizeCase(value, compiled.vocabulary);
  const context: ValidationContext = { parts: [], misspelt: [], mistyped: [] };
  const valid = compiled.validate.call(context, normalized.value);
  const findings = valid ? [] : findingsFrom(compiled.validate.errors ?? [], normalized, compiled, unit);
  for (const m of context.misspelt) {
    const path = normalized.originalPath([...segmentsOf(m.instancePath, m.rootData), m.key]);
    findings.push({
      severity: 'warning',
      code: 'schema.additional',
      message: `unknown property '${String(path[path.length - 1])}', did you mean '${m.near}'?`,
      hint: 'the service keeps properties it does not know and ignores them; if this one is newer than the 2018-06-01 schema, ignore this warning',
      path,
    });
  }
  for (const m of context.mistyped ?? []) {
    findings.push({
      severity: 'warning',
      code: 'schema.described-type',
      message: `found ${describeValue(m.data, undefined, unit.hide)}, expected ${m.expected === 'integer' ? 'an integer' : m.expected === 'array' ? 'an array' : m.expected === 'object' ? 'an object' : `a ${m.expected}`} (the schema describes it as "Type: ${m.expected}")`,
      hint: `write ${m.expected === 'string' ? 'a string' : `a JSON ${m.expected}`}, or an expression ('@...' or { type: Expression, value: '@...' }); the service may refuse the value or the run fail (--strict makes this an error)`,
      path: normalized.originalPath(segmentsOf(m.instancePath, m.rootData)),
    });
  }
  for (const met of context.parts) {
    const at = segmentsOf(met.instancePath, met.rootData);
    // Part findings use the keys as this validation saw them; map the whole path back to the keys as written.
    for (const f of checkPart(met.part, met.data, unit.hide))
      findings.push({ ...f, path: normalized.originalPath([...at, ...f.path]) });
  }
  return findings;
}

/** A part: pick its branch by tag (case-insensitively), then check against that branch. */
function checkPart(part: string, data: unknown, hide: Unit['hide']): Finding[] {
  if (!isObject(data)) return []; // the stub's `type: object` already reported it
  const { tag, types } = partInfo(part);
  const checked = checkTag(`${part} ${tag}`, tag, types, data, (value) => resolvePartType(part, value), hide);
  if (!checked.type) return checked.findings;
  return checkValue(partSchema(part, checked.type), data, { family: part, type: checked.type, hide });
}

/**
 * Read and resolve the tag of a polymorphic object. Returns the tag value as the schema spells it, or the
 * finding that explains why there is none (missing, not a string, unknown).
 */
export function checkTag(
  label: string,
  tag: string,
  known: string[],
  value: Obj,
  resolve: (v: string) => string | undefined,
  hide?: Unit['hide'],
): { type?: string; findings: Finding[] } {
  const key = keyOf(value, tag);
  const found = key === undefined ? undefined : value[key];
  if (found === undefined) {
    return {
      findings: [
        {
          severity: 'error',
          code: 'schema.required',
          message: `missing required property '${tag}' (the ${label})`,
          hint: `one of ${quoteList(known)}`,
          path: [],
        },
      ],
    };
  }
  if (typeof found !== 'string') {
    return {
      findings: [
        {
          severity: 'error',
          code: 'schema.type',
          message: `found ${describeValue(found)} for the ${label}, expected a string`,
          path: [key!],
        },
      ],
    };
  }
  const type = resolve(found);
  if (!type) return { findings: [{ ...unknownType(label, found, known, hide), path: [key!] }] };
  return { type, findings: [] };
}
