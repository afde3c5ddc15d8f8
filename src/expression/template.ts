/** One piece of a string value: literal text or an embedded expression. */
export type TemplatePart =
  | { type: 'literal'; value: string }
  | { type: 'expression'; text: string; offset: number; interpolated: boolean };

export interface SplitTemplate {
  parts: TemplatePart[];
  /** An unterminated `@{`: offset (in the string) of the `@{`. */
  error?: { offset: number; message: string };
}

/**
 * Split a JSON string value the way ADF reads it:
 * - `@@...` at the start is a literal (one `@` dropped);
 * - `@expr` (the whole value) is one expression whose text starts at offset 1;
 * - otherwise `@{expr}` anywhere is interpolated and `@@{` stays the literal text `@{`.
 */
export function splitTemplate(value: string): SplitTemplate {
  if (value.startsWith('@@')) return { parts: [{ type: 'literal', value: value.slice(1) }] };
  if (value.startsWith('@') && !value.startsWith('@{')) {
    return { parts: [{ type: 'expression', text: value.slice(1), offset: 1, interpolated: false }] };
  }
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('@@{', i)) {
      literal += '@{';
      i += 3;
      continue;
    }
    if (value.startsWith('@{', i)) {
      const close = findClosingBrace(value, i + 2);
      if (close < 0) {
        return { parts, error: { offset: i, message: "unterminated '@{': expected a closing '}'" } };
      }
      if (literal) parts.push({ type: 'literal', value: literal });
      literal = '';
      parts.push({ type: 'expression', text: value.slice(i + 2, close), offset: i + 2, interpolated: true });
      i = close + 1;
      continue;
    }
    literal += value[i];
    i++;
  }
  if (literal || parts.length === 0) parts.push({ type: 'literal', value: literal });
  return { parts };
}

/** The `}` closing an interpolation, skipping `}` inside single-quoted string literals. */
function findClosingBrace(value: string, from: number): number {
  let inString = false;
  for (let i = from; i < value.length; i++) {
    const c = value[i];
    if (inString) {
      if (c === "'") {
        if (value[i + 1] === "'") i++;
        else inString = false;
      }
    } else if (c === "'") inString = true;
    else if (c === '}') return i;
  }
  return -1;
}

/** True when the string holds at least one expression (or a broken `@{`). */
export function hasExpression(value: string): boolean {
  const split = splitTemplate(value);
  return split.error !== undefined || split.parts.some((p) => p.type === 'expression');
}
