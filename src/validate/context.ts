import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { Project } from '../manifest/types.js';
import { resourceAddress, type Resource } from '../model/resource.js';

/** Build diagnostics about a resource, located in its own document (path from the document root). */
export function resourceDiagnostic(
  project: Project,
  resource: Resource,
  severity: Severity,
  code: string,
  message: string,
  docPath: (string | number)[],
  hint?: string,
): Diagnostic {
  const location =
    project.locateDocument?.(resource, docPath) ??
    (docPath[0] === 'properties' ? project.locate(resource, docPath.slice(1)) : resource.source) ??
    resource.source;
  return { severity, code, message, hint, location, path: docPath, resource: resourceAddress(resource) };
}

/** Build a diagnostic about adf-deploy.yaml. */
export function configDiagnostic(
  project: Project,
  severity: Severity,
  code: string,
  message: string,
  path: (string | number)[],
  hint?: string,
): Diagnostic {
  const location = project.locateConfig?.(path) ??
    project.factory.source ?? { file: project.configFile, line: 1, col: 1 };
  return { severity, code, message, hint, location, path };
}
