import type { Diagnostic } from '../core/diagnostic.js';
import type { Project } from '../manifest/types.js';

/**
 * Every static check over a loaded project: names, duplicates, references, cycles, limits, schemas,
 * expressions. (Stub until the validate module lands.)
 */
export function validateProject(_project: Project): Diagnostic[] {
  return [];
}
