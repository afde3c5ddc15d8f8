/**
 * Control characters (terminal escape sequences), and bidirectional overrides, in names and values that come
 * from manifests or from the factory are shown as visible `\u{..}` escapes: a name must not be able to rewrite
 * the plan on the screen (clear lines, hide a delete) right before the confirmation prompt.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function neutraliseText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/**
 * Plain data with every string (keys included) neutralised. What has nothing to neutralise is returned as it is,
 * not copied: a plan of 5,000 bodies is not held twice while it is printed (issue 19). Never mutates `value`.
 */
export function neutraliseData<T>(value: T): T {
  // Not core/json-walk's mapJson: keys are rewritten too, and mapJson keeps keys as they are.
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return neutraliseText(v);
    if (Array.isArray(v)) {
      const out = v.map(walk);
      return out.every((x, i) => x === v[i]) ? v : out;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      const out = entries.map(([k, x]) => [neutraliseText(k), walk(x)] as const);
      return out.every(([k, x], i) => k === entries[i][0] && x === entries[i][1]) ? v : Object.fromEntries(out);
    }
    return v;
  };
  return walk(value) as T;
}
