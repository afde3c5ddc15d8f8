/**
 * The fast path for a document that is JSON (ADF Studio's .json files; JSON is YAML): JSON.parse gives the same
 * value as yaml's core schema for valid JSON, except that JSON.parse keeps the last of duplicate keys where yaml
 * refuses them. So the keys written in the text are counted and compared with the keys of the value: a difference
 * (a duplicate) is declined, and yaml reports it as today.
 */
import { decline, MAX_DEPTH } from './fast-yaml-scalars.js';
import type { FastDocument } from './fast-yaml.js';

/** C1 controls, line/paragraph separators, a BOM inside the text, a lone CR: left to yaml. */
const DOUBTFUL = /[\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;
/** Every string of a JSON text, in order; group 1 is set when it is a key (`:` after it on the same line). */
const STRING = /"(?:[^"\\]|\\.)*"([ \t]*:)?/g;

export function parseJsonDocument(text: string, start: number): FastDocument[] | undefined {
  if (DOUBTFUL.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // not JSON: a YAML flow collection, or an error yaml will report
  }
  let written = 0;
  STRING.lastIndex = 0;
  for (let m = STRING.exec(text); m; m = STRING.exec(text)) if (m[1] !== undefined) written++;
  if (countKeys(value, 0) !== written) return undefined;
  return [{ value, start }];
}

function countKeys(value: unknown, depth: number): number {
  if (depth > MAX_DEPTH) decline();
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += countKeys(item, depth + 1);
    return n;
  }
  for (const key in value) n += 1 + countKeys((value as Record<string, unknown>)[key], depth + 1);
  return n;
}
