/**
 * The one table of secret shapes: what in a resource body is a secret. Used by the fingerprint and the
 * comparison (src/diff/secrets.ts), every rendering and plan file (redaction), diagnostics and the scrubbing of
 * service error texts (src/cli/scrub.ts). Keys are matched the way the service and ADO.NET/ODBC match them:
 * ignoring case; values of any type.
 *
 * Object shapes (decided on an object node):
 * - `{type: SecureString, value: X}`: X, whatever its type (ADF matches type/value ignoring case, adf-rest-facts §5);
 * - `{type: SecureString, defaultValue: X}`: a SecureString parameter's default (pipelines, datasets, linked services);
 * - `headers` of a Web/WebHook activity: the value of a credential header (Authorization, X-API-Key, ...), as a
 *   mapping or as a list of `{name, value}`.
 * String shapes (spans inside any string):
 * - connection-string segments `AccountKey=`, `Password=`, `Pwd=`, `ClientSecret=`, `SharedAccessKey=`, ... with
 *   values quoted `"…"`, `'…'` or `{…}` as ADO.NET and ODBC quote them (a `;` inside stays in the value);
 * - SAS signatures `sig=` and credential query parameters (`password=`, `client_secret=`, ...) in any URL (JDBC too);
 * - `user:password@` in a URL.
 */

/** Connection-string keys whose value is a credential (compared ignoring case and spaces). */
const SENSITIVE_KEYS = new Set(
  [
    'accountkey',
    'password',
    'pwd',
    'passwd',
    'sharedaccesskey',
    'sharedaccesssignature',
    'clientsecret',
    'client_secret',
    'secret',
    'secretkey',
    'accesskey',
    'apikey',
    'accesstoken',
    'token',
  ].map((k) => k.replace(/[\s_]/g, '')),
);

/** Header names whose value is a credential. */
const SENSITIVE_HEADER =
  /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-functions-key|ocp-apim-subscription-key|x-ms-client-secret)$|token|secret|password/i;

/** Query parameters and URL credentials (value spans: group 2). */
const URL_SHAPES: RegExp[] = [
  /((?:^|[?&])sig=)([^&#;\s"']+)/gi,
  /((?:^|[?&])(?:password|pwd|passwd|client_secret|clientsecret|api[_-]?key|access_token|secret)=)([^&#;\s"']+)/gi,
  /([a-z][a-z0-9+.-]*:\/\/[^/\s:@?#'"]+:)([^@/\s?#'"]+)(?=@)/gi,
];

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(key.trim().toLowerCase().replace(/[\s_]/g, ''));
}

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name.trim());
}

/** One `key=value` segment of a connection string; `value` without its quotes. */
export interface Segment {
  raw: string;
  key: string;
  value: string;
}

/** Split a connection string into segments the way ADO.NET/ODBC do: quoted values may hold `;`. */
export function parseSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    while (i < text.length && text[i] !== '=' && text[i] !== ';') i++;
    const key = text.slice(start, i).trim();
    let value = '';
    if (text[i] === '=') {
      i++;
      while (text[i] === ' ') i++;
      const open = text[i];
      const close = open === '"' ? '"' : open === "'" ? "'" : open === '{' ? '}' : undefined;
      if (close) {
        i++;
        const from = i;
        // A doubled closing character is an escaped one.
        while (i < text.length && !(text[i] === close && text[i + 1] !== close)) i += text[i] === close ? 2 : 1;
        value = text.slice(from, i);
        i++;
        while (i < text.length && text[i] !== ';') i++;
      } else {
        const from = i;
        while (i < text.length && text[i] !== ';') i++;
        value = text.slice(from, i).trim();
      }
    }
    const raw = text.slice(start, i).trim();
    if (raw.length > 0) out.push({ raw, key, value });
    i++;
  }
  return out;
}

/** The secret parts of a string, and the string rewritten with them hidden (redacted, or removed for comparison). */
export interface StringSecrets {
  /** The raw secret substrings (for the fingerprint and for scrubbing texts). */
  parts: string[];
  /** What the fingerprint covers: the sensitive segments as written (`AccountKey=...`), then the URL secrets. */
  material: string;
  redact(placeholder: string): string;
  /** For comparison: sensitive segments removed (the service strips AccountKey), URL secrets emptied. */
  mask(): string;
}

/** Whether the third URL shape (`scheme://user:password@`) can match at all: it needs both '://' and '@'. */
function hasUserInfoShape(text: string): boolean {
  return text.includes('@') && text.includes('://');
}

function urlSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  // The first two shapes need an '=' and the third '://' and '@' (URL_SHAPES): skip what cannot match.
  const hasEquals = text.includes('=');
  const userInfo = hasUserInfoShape(text);
  for (const [i, re] of URL_SHAPES.entries()) {
    if (i < 2 ? !hasEquals : !userInfo) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index + m[1].length;
      spans.push({ start, end: start + m[2].length });
    }
  }
  return spans.sort((a, b) => a.start - b.start).filter((s, i, all) => i === 0 || s.start >= all[i - 1].end);
}

function replaceSpans(text: string, spans: { start: number; end: number }[], by: string): string {
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += text.slice(last, s.start) + by;
    last = s.end;
  }
  return out + text.slice(last);
}

/**
 * False when no document parsed from `text` (YAML or JSON, before any substitution) can hold a shape of this table:
 * every object shape needs `SecureString` or `headers` written in it, every string shape an '=' or '://' and '@',
 * and an escape ('\\') could spell any of them. The secret env values are the loader's to check (they enter by
 * substitution, or stand in the text as written).
 */
export function textMayHoldSecretShapes(text: string): boolean {
  return MAY_HOLD_SHAPE.test(text) || hasUserInfoShape(text);
}

const MAY_HOLD_SHAPE = /[=\\]|securestring|headers/i;

/** The secrets of a plain string by the string shapes; undefined when it holds none. */
export function findStringSecrets(text: string): StringSecrets | undefined {
  // Every shape needs an '=' (segments, query parameters) or a '://' and an '@' (user:password@host): most strings
  // (expressions, names) have neither, and are passed by here without a regular expression (issue 19).
  if (!text.includes('=') && !hasUserInfoShape(text)) return undefined;
  const segments = text.includes('=') ? parseSegments(text) : [];
  const sensitive = segments.filter((s) => s.key && isSensitiveKey(s.key));
  if (sensitive.length > 0) {
    const rest = segments.filter((s) => !sensitive.includes(s));
    const restSpans = rest.map((s) => urlSpans(s.raw));
    const urlParts = rest.flatMap((s, i) => restSpans[i].map((sp) => s.raw.slice(sp.start, sp.end)));
    return {
      parts: [...sensitive.map((s) => s.value).filter((v) => v.length > 0), ...urlParts],
      material: [...sensitive.map((s) => s.raw), ...urlParts].join(';'),
      redact: (placeholder) =>
        segments
          .map((s) =>
            sensitive.includes(s)
              ? `${s.raw.slice(0, s.raw.indexOf('=')).trim()}=${placeholder}`
              : replaceSpans(s.raw, restSpans[rest.indexOf(s)], placeholder),
          )
          .join(';'),
      mask: () => rest.map((s, i) => replaceSpans(s.raw, restSpans[i], '')).join(';'),
    };
  }
  const spans = urlSpans(text);
  if (spans.length === 0) return undefined;
  return {
    parts: spans.map((s) => text.slice(s.start, s.end)),
    material: spans.map((s) => text.slice(s.start, s.end)).join(';'),
    redact: (placeholder) => replaceSpans(text, spans, placeholder),
    mask: () => replaceSpans(text, spans, ''),
  };
}

/** The key of `obj` equal to `name` ignoring case (ADF matches type/value that way). */
export function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(obj).find((k) => k.toLowerCase() === name);
}

/** For an object node: the key holding a secret by the object shapes (SecureString value or default). */
export function secureValueKey(obj: Record<string, unknown>): string | undefined {
  const typeKey = keyOf(obj, 'type');
  const type = typeKey ? obj[typeKey] : undefined;
  if (typeof type !== 'string' || type.toLowerCase() !== 'securestring') return undefined;
  return keyOf(obj, 'value') ?? keyOf(obj, 'defaultvalue');
}
