import type { Diagnostic } from '../core/diagnostic.js';
import type { Project } from '../manifest/types.js';

/**
 * Static checks of every ADF expression in the project (syntax, functions, parameters, activities).
 * (Placeholder until the expression module lands: returns no diagnostics.)
 */
export function checkExpressions(_project: Project): Diagnostic[] {
  return [];
}
