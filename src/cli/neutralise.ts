/**
 * Control characters (terminal escape sequences), and bidirectional overrides, in names and values that come
 * from manifests or from the factory are shown as visible `\u{..}` escapes: a name must not be able to rewrite
 * the plan on the screen (clear lines, hide a delete) right before the confirmation prompt.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function neutraliseText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** A copy of plain data with every string (keys included) neutralised. */
export function neutraliseData<T>(value: T): T {
  // Not core/json-walk's mapJson: keys are rewritten too, and mapJson keeps keys as they are.
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return neutraliseText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [neutraliseText(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
