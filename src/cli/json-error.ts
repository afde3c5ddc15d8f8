/**
 * `--json` in every outcome: when the caller asked for JSON, an error is also a JSON document on stdout
 * (docs/json-format.md, schemas/json/error.schema.json), so a wrapper parsing stdout never meets plain text.
 */

/** `--json` or `--format json` before `--`: the caller reads stdout as JSON. */
export function wantsJson(argv: string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const own = end < 0 ? args : args.slice(0, end);
  return own.some((a, i) => a === '--json' || a === '--format=json' || (a === '--format' && own[i + 1] === 'json'));
}

/** The error document, one line: `{formatVersion: 1, type: 'error', error: {code, message, hint?}}`. */
export function jsonError(code: string, message: string, hint?: string): string {
  return `${JSON.stringify({ formatVersion: 1, type: 'error', error: { code, message, ...(hint ? { hint } : {}) } })}\n`;
}
