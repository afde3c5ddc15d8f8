import { cloneJson, isPlainObject } from './canonical.js';
import { NORMALISATION_RULES, type NormaliseContext } from './normalise.js';
import {
  holdsNoSecretShape,
  maskSecretsInPlace,
  maskSecretsSharing,
  type SecretOptions,
  stripAccountKey,
} from './secrets.js';
import { isExactJson } from './sorted-copy.js';

type Doc = Record<string, unknown>;
type Row = (doc: Doc, ctx: NormaliseContext) => Doc;

/**
 * The normalised form of a child resource's body for an equality test only: the rows of NORMALISATION_RULES
 * without the key sort, on a document that shares with `body` every value no row rewrites (issue 19: most bodies
 * of a re-plan are equal, and copying them was most of the plan's garbage). `body` is never written to: only the
 * top level is copied up front; `properties` is a new object from the secrets-marker row on; the rows that write
 * deeper copy what they change (ROWS_SHARING).
 *
 * Equal to normaliseDocument's result except for key order, which deepEqual ignores; undefined when that cannot
 * be promised (a value JSON would rewrite, the factory, a row this file does not know): the caller then uses
 * normaliseDocument. test/diff/normalise-differential.test.ts holds the two to the same result.
 */
export function normaliseSharing(body: Doc, ctx: NormaliseContext, skip?: ReadonlySet<string>): Doc | undefined {
  if (ctx.kind === 'Factory' || !isExactJson(body)) return undefined;
  let doc: Doc = { ...body };
  for (const rule of NORMALISATION_RULES) {
    if (rule.kinds !== 'all' && !rule.kinds.includes(ctx.kind)) continue;
    if (skip?.has(rule.id)) continue;
    const row = ROWS_SHARING[rule.id] ?? (ROWS_AS_THEY_ARE.has(rule.id) ? rule.apply : undefined);
    if (!row) return undefined;
    doc = row(doc, ctx);
  }
  return doc;
}

/**
 * The rows that rewrite values where a secret shape stands. Each rewrites a value by the value itself and the keys
 * it stands under; the other rows of a child drop fields whatever their values, and none a key these rows read
 * (type, value, defaultValue, name, headers, connectionString). So two bodies equal without these rows are equal
 * with them, as long as no row writes into one side at the other side's paths (the env paths of desired secrets).
 */
export const SECRET_ROWS: ReadonlySet<string> = new Set(['secure-string-mask', 'account-key']);

/**
 * True when the rows of SECRET_ROWS leave `body` as it is: no secret shape in it (so nothing to mask) and no
 * connection string they would rewrite. compareChild then leaves them out on both sides for its equality test.
 */
export function secretRowsLeaveAsItIs(body: Doc, options: SecretOptions): boolean {
  const p = body.properties;
  return (
    isPlainObject(p) && holdsNoSecretShape(p, options) && mapConnectionStringsSharing(body, stripAccountKey) === body
  );
}

/** Rows that write only into the top level or into `properties` (a copy by then): used as they are. */
const ROWS_AS_THEY_ARE = new Set([
  'envelope',
  'secrets-marker',
  'trigger-runtime-state',
  'ir-state',
  'empty-annotations',
  'private-endpoint-server-fields',
  'managed-vnet-server-fields',
]);

/** Rows that write deeper, as copy-on-write versions of theirs in src/diff/normalise.ts. */
const ROWS_SHARING: Record<string, Row> = {
  'secure-string-mask': (doc, ctx) => {
    if (!ctx.secrets) return maskSecretsSharing(doc);
    // Env paths are written into the live side along a path: on a private copy (the few bodies with env secrets).
    if (ctx.secrets.envPaths.some((s) => s.env)) {
      const owned = cloneJson(doc);
      const masked = maskSecretsInPlace(owned, ctx.secrets.options);
      if (isPlainObject(masked.properties))
        masked.properties = maskSecretsInPlace(masked.properties, {}, ctx.secrets.envPaths);
      return masked;
    }
    const masked = maskSecretsSharing(doc, ctx.secrets.options);
    if (isPlainObject(doc.properties) && isPlainObject(masked.properties))
      masked.properties = maskSecretsSharing(masked.properties, {});
    return masked;
  },
  'account-key': (doc) => mapConnectionStringsSharing(doc, stripAccountKey) as Doc,
  'encrypted-credential': (doc, ctx) => {
    const p = isPlainObject(doc.properties) ? doc.properties : undefined;
    const tp = p?.typeProperties;
    const desiredTp =
      ctx.desired && isPlainObject(ctx.desired.properties) ? ctx.desired.properties.typeProperties : undefined;
    const desiredHas = isPlainObject(desiredTp) && desiredTp.encryptedCredential !== undefined;
    if (p && isPlainObject(tp) && !desiredHas && Object.hasOwn(tp, 'encryptedCredential')) {
      const { encryptedCredential: _ignored, ...rest } = tp;
      p.typeProperties = rest;
    }
    return doc;
  },
  // deepEqual ignores key order.
  'key-order': (doc) => doc,
};

/** mapConnectionStrings of src/diff/normalise.ts, copying only the objects and lists on the way to a change. */
function mapConnectionStringsSharing(node: unknown, fn: (s: string) => string): unknown {
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const mapped = mapConnectionStringsSharing(node[i], fn);
      if (mapped !== node[i]) (out ??= node.slice())[i] = mapped;
    }
    return out ?? node;
  }
  if (!isPlainObject(node)) return node;
  let out: Doc | undefined;
  for (const k of Object.keys(node)) {
    const v = node[k];
    const mapped =
      k.toLowerCase() === 'connectionstring' && typeof v === 'string' ? fn(v) : mapConnectionStringsSharing(v, fn);
    if (mapped !== v) (out ??= { ...node })[k] = mapped;
  }
  return out ?? node;
}
