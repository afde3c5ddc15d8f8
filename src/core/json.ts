/**
 * The one "is this a JSON object" test of the client (the emulator keeps its own, src/emulator/documents.ts: it is
 * an independent witness and shares no client code).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
