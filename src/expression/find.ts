import { splitTemplate } from './template.js';

export type JsonPath = (string | number)[];

/** An expression found in a document. */
export interface FoundExpression {
  /** JSON path of the string value holding it. */
  path: JsonPath;
  /** The expression text (without `@`, `@{` and `}`). */
  text: string;
  /** '@': the whole string is `@expr`; 'interpolation': `@{expr}` inside text; 'object': the `value` of a `{type: 'Expression'}` object. */
  kind: '@' | 'interpolation' | 'object';
  /** Offset of `text` inside the string value (to point into the source). */
  offset: number;
  /** Set when an `@{` is never closed: the expression text is the rest of the string. */
  unterminated?: boolean;
}

/** Keys of a resource's properties that hold free text, never evaluated. */
const ROOT_TEXT_KEYS = new Set(['description', 'annotations', 'folder']);

/** A data flow's typeProperties: its `script` is the data flow language, not a pipeline expression. */
function isDataFlowBody(obj: Record<string, unknown>): boolean {
  return ['sources', 'sinks', 'transformations', 'scriptLines'].some((k) => k in obj);
}

/**
 * Every expression inside `value` (a resource's properties, or any part of it), with its JSON path.
 * Data flow `script`/`scriptLines` (next to sources/sinks/transformations), the resource's
 * description, annotations and folder, and activity descriptions are left alone.
 */
export function findExpressions(value: unknown, path: JsonPath = []): FoundExpression[] {
  const out: FoundExpression[] = [];
  // Not core/json-walk's visitJson: which keys to skip, and whether a string is an Expression object's value,
  // depend on the object holding them (checked once per object here, once per key there, on validate's hot path).
  // One path stack for the walk, copied only into what is found (a fresh path per node was a hot spot of validate).
  const at: JsonPath = [...path];
  const visit = (node: unknown, inObject: boolean): void => {
    if (typeof node === 'string') {
      collectFromString(node, at, inObject, out);
      return;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        at.push(i);
        visit(node[i], false);
        at.pop();
      }
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const isExpressionObject =
      typeof obj.type === 'string' && obj.type.toLowerCase() === 'expression' && 'value' in obj;
    const dataFlowBody = isDataFlowBody(obj);
    const isRoot = at.length === path.length;
    for (const [k, v] of Object.entries(obj)) {
      const key = k.toLowerCase();
      if (key === 'scriptlines' || (dataFlowBody && k === 'script')) continue;
      // Descriptions of the resource and of its named parts (activities) are free text; a `description`
      // elsewhere (say inside a Web activity's body) is data and may hold expressions.
      if ((isRoot && ROOT_TEXT_KEYS.has(key)) || (key === 'description' && typeof obj.name === 'string')) continue;
      at.push(k);
      visit(v, isExpressionObject && k === 'value');
      at.pop();
    }
  };
  visit(value, false);
  return out;
}

/** `at` is the walk's path stack: copied once for what this string holds. */
function collectFromString(value: string, at: JsonPath, inObject: boolean, out: FoundExpression[]): void {
  if (!value.includes('@')) return;
  const split = splitTemplate(value);
  const path = [...at];
  for (const part of split.parts) {
    if (part.type !== 'expression') continue;
    out.push({
      path,
      text: part.text,
      offset: part.offset,
      kind: part.interpolated ? 'interpolation' : inObject ? 'object' : '@',
    });
  }
  if (split.error) {
    out.push({
      path,
      text: value.slice(split.error.offset + 2),
      offset: split.error.offset + 2,
      kind: 'interpolation',
      unterminated: true,
    });
  }
}
