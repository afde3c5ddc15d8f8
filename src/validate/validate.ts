import type { Diagnostic } from '../core/diagnostic.js';
import { checkExpressions, expressionChecker } from '../expression/check/index.js';
import type { Project } from '../manifest/types.js';
import { validateSchemaOf, validateSchemas } from '../schema/index.js';
import { checkLimits } from './limits.js';
import { checkDuplicates, checkNames } from './names.js';
import { checkCycles, checkReferences } from './references.js';
import { checkSecretTypes } from './secrets.js';
import { applyChecks, type CheckedDiagnostics } from './waivers.js';
import { checkPrivateEndpointProperties } from './private-endpoints.js';

/** The checks that look at the project as a whole, in the order their findings are shown. */
const WHOLE_PROJECT_CHECKS: ((project: Project) => Diagnostic[])[] = [
  checkNames,
  checkDuplicates,
  checkReferences,
  checkCycles,
  checkLimits,
  checkSecretTypes,
  checkPrivateEndpointProperties,
];

/**
 * Every static check over a loaded project: names, duplicates, references, cycles, limits, schemas,
 * expressions. Envelope problems (unknown kind, missing name/properties, YAML errors, missing variables) are
 * reported by loadProject, since such documents never become resources.
 */
export function validateProject(project: Project): Diagnostic[] {
  return [
    ...WHOLE_PROJECT_CHECKS.flatMap((check) => check(project)),
    ...validateSchemas(project),
    ...checkExpressions(project),
  ];
}

/**
 * validateProject, the same findings in the same order, giving the event loop a turn whenever `turn` asks for one
 * (between checks, and between resources in the schema and expression checks, the longest). Plan and apply validate
 * while the factory's list pages are being read: without the turns each kind's next page would wait for the whole
 * validation (issue 19; about 0.6 s of a no-change re-plan of 5,000 objects).
 */
export async function validateProjectInTurns(
  project: Project,
  turn: () => Promise<void> | undefined,
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const step = async (found: Diagnostic[]): Promise<void> => {
    out.push(...found);
    await turn();
  };
  for (const check of WHOLE_PROJECT_CHECKS) await step(check(project));
  for (const resource of project.resources) await step(validateSchemaOf(project, resource));
  const expressions = expressionChecker(project);
  for (const resource of project.resources) await step(expressions.checkResource(resource));
  out.push(...expressions.checkAcross());
  return out;
}

/**
 * What the commands show: the loader's diagnostics and every check, after the project's `checks:` severities and
 * waivers (adf-deploy.yaml) and inline `# adf-deploy: ignore CODE` comments. Without a project, the loader's.
 */
export function checkProject(project: Project | undefined, loaded: Diagnostic[]): CheckedDiagnostics {
  if (!project) return { diagnostics: loaded, waived: [] };
  return applyChecks(project, [...loaded, ...validateProject(project)]);
}
