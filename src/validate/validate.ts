import type { Diagnostic } from '../core/diagnostic.js';
import { checkExpressions } from '../expression/check/index.js';
import type { Project } from '../manifest/types.js';
import { validateSchemas } from '../schema/index.js';
import { checkLimits } from './limits.js';
import { checkDuplicates, checkNames } from './names.js';
import { checkCycles, checkReferences } from './references.js';
import { checkSecretTypes } from './secrets.js';
import { applyChecks, type CheckedDiagnostics } from './waivers.js';
import { checkPrivateEndpointProperties } from './private-endpoints.js';

/**
 * Every static check over a loaded project: names, duplicates, references, cycles, limits, schemas,
 * expressions. Envelope problems (unknown kind, missing name/properties, YAML errors, missing variables) are
 * reported by loadProject, since such documents never become resources.
 */
export function validateProject(project: Project): Diagnostic[] {
  return [
    ...checkNames(project),
    ...checkDuplicates(project),
    ...checkReferences(project),
    ...checkCycles(project),
    ...checkLimits(project),
    ...checkSecretTypes(project),
    ...checkPrivateEndpointProperties(project),
    ...validateSchemas(project),
    ...checkExpressions(project),
  ];
}

/**
 * What the commands show: the loader's diagnostics and every check, after the project's `checks:` severities and
 * waivers (adf-deploy.yaml) and inline `# adf-deploy: ignore CODE` comments. Without a project, the loader's.
 */
export function checkProject(project: Project | undefined, loaded: Diagnostic[]): CheckedDiagnostics {
  if (!project) return { diagnostics: loaded, waived: [] };
  return applyChecks(project, [...loaded, ...validateProject(project)]);
}
