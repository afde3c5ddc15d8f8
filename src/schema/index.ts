/**
 * Schema checks: every resource's `properties` against the per-type schemas generated from the official ARM
 * schema (schemas/types/, see generate.ts), leniently where the service is lenient (see normalize.ts and
 * demotions.ts). Each type's validator is loaded (generated at build time) or compiled on first use (registry.ts).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Project } from '../manifest/types.js';
import type { Resource } from '../model/resource.js';
import { secretTextOf } from '../validate/secret-text.js';
import { validateResourceSchema } from './validate-resource.js';

export { validateResourceSchema, type Locate } from './validate-resource.js';
export { knownTypes, resolveType, type TypedFamily } from './registry.js';
export { DEMOTIONS, type Demotion } from './demotions.js';

/** Schema diagnostics of one resource, with source locations from `project.locate`. */
export function validateSchemaOf(project: Project, resource: Resource): Diagnostic[] {
  // Diagnostics never quote a secret of the resource (src/validate/secret-text.ts).
  return validateResourceSchema(
    resource,
    (id, path) => project.locate(id, path),
    secretTextOf(project, resource.properties),
  );
}

/** Schema diagnostics of every resource of the project, with source locations from `project.locate`. */
export function validateSchemas(project: Project): Diagnostic[] {
  return project.resources.flatMap((resource) => validateSchemaOf(project, resource));
}
