import type { Diagnostic } from '../core/diagnostic.js';
import type { Project } from '../manifest/types.js';

/**
 * Schema checks of every resource's `properties` against the generated per-type schemas.
 * (Placeholder until the schema module lands: returns no diagnostics.)
 */
export function validateSchemas(_project: Project): Diagnostic[] {
  return [];
}
