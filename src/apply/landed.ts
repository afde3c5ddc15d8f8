import { deepEqual } from '../diff/canonical.js';
import { normaliseDocument, type DocKind } from '../diff/normalise.js';

/**
 * Is `live` (as GET returns it) the document we PUT? Both go through the plan's normalisation (masked secrets,
 * server-added fields), so a body that landed compares equal although the service masked or added fields.
 * Used after a 412 on a retried PUT: equal means our own first attempt landed.
 */
export function sameDocument(kind: DocKind, sent: Record<string, unknown>, live: Record<string, unknown>): boolean {
  const a = normaliseDocument(sent, { kind, side: 'desired' });
  const b = normaliseDocument(live, { kind, side: 'live', desired: sent });
  return deepEqual(a, b);
}
