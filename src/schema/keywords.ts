/**
 * Our two ajv keywords. Both only record what they meet in the validation context (ajv `passContext`) and never
 * fail, so ajv's own errors stay about the schema; check.ts turns the records into findings.
 * - `adfPart: "<Definition>"` (written by the generator): a value to check against parts/<Definition>/<tag>.json.
 * - `adfKnown: [names]` (added at load time, see markKnownProperties): the property names an object may have,
 *   to catch misspelt optional properties, which the service would keep and ignore without a word.
 */
import type { Ajv } from 'ajv';
import { didYouMean } from '../core/did-you-mean.js';

export interface ValidationContext {
  parts: Array<{ part: string; data: unknown; instancePath: string; rootData: unknown }>;
  /** Keys that are near misses of a known property name of their object. */
  misspelt: Array<{ key: string; near: string; instancePath: string; rootData: unknown }>;
}

type DataCxt = { instancePath: string; rootData: unknown };

export function addAdfKeywords(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: 'adfPart',
    schemaType: 'string',
    errors: false,
    validate(this: ValidationContext | undefined, part: string, data: unknown, _schema?: unknown, cxt?: DataCxt) {
      this?.parts?.push({ part, data, instancePath: cxt?.instancePath ?? '', rootData: cxt?.rootData });
      return true;
    },
  });
  ajv.addKeyword({
    keyword: 'adfKnown',
    schemaType: 'array',
    errors: false,
    validate(this: ValidationContext | undefined, names: string[], data: unknown, _schema?: unknown, cxt?: DataCxt) {
      if (!this?.misspelt || !data || typeof data !== 'object' || Array.isArray(data)) return true;
      const lower = new Set(names.map((n) => n.toLowerCase()));
      for (const key of Object.keys(data)) {
        if (lower.has(key.toLowerCase())) continue; // known, maybe in another case: the service accepts it
        const near = didYouMean(key, names);
        if (near) this.misspelt.push({ key, near, instancePath: cxt?.instancePath ?? '', rootData: cxt?.rootData });
      }
      return true;
    },
  });
}

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
