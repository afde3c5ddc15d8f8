import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Project } from '../manifest/types.js';
import { checkName, FACTORY_NAME_RULE, KIND_INFO } from '../model/kinds.js';
import { resourceAddress, resourceKey, type Resource } from '../model/resource.js';
import { configDiagnostic, resourceDiagnostic } from './context.js';

/** Global parameters follow the child-resource name rule (adf-rest-facts §4). */
const GLOBAL_PARAMETER_RULE = KIND_INFO.Pipeline.nameRule;

/** Names per ADF's rules: the factory, its global parameters, every resource (and a private endpoint's VNet). */
export function checkNames(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (project.factory.name) {
    const problem = checkName(project.factory.name, FACTORY_NAME_RULE);
    if (problem)
      out.push(
        configDiagnostic(
          project,
          'error',
          'name.invalid',
          `factory ${problem}`,
          ['factory', 'name'],
          'factory names are global in Azure: letters, digits and dashes',
        ),
      );
  }
  for (const name of Object.keys(project.factory.globalParameters ?? {})) {
    const problem = checkName(name, GLOBAL_PARAMETER_RULE);
    if (problem)
      out.push(
        configDiagnostic(project, 'error', 'name.invalid', `global parameter ${problem}`, [
          'factory',
          'globalParameters',
          name,
        ]),
      );
  }
  for (const r of project.resources) {
    const info = KIND_INFO[r.kind];
    const problem = checkName(r.name, info.nameRule);
    if (problem)
      out.push(resourceDiagnostic(project, r, 'error', 'name.invalid', `${info.label} ${problem}`, ['name']));
    if (r.parent !== undefined) {
      const p = checkName(r.parent, KIND_INFO.ManagedVirtualNetwork.nameRule);
      if (p)
        out.push(
          resourceDiagnostic(project, r, 'error', 'name.invalid', `managed virtual network ${p}`, [
            'managedVirtualNetwork',
          ]),
        );
    }
  }
  return out;
}

/**
 * Two declarations of one resource: exact duplicates, and names that differ only in case (ADF compares names
 * case-insensitively, so both would write the same object). Reported on every declaration after the first.
 */
export function checkDuplicates(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, Resource>();
  for (const r of project.resources) {
    const key = resourceKey(r);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, r);
      continue;
    }
    const where = earlier.source
      ? ` (first declared at ${path.relative(project.root, earlier.source.file)}:${earlier.source.line})`
      : '';
    const sameCase = resourceAddress(earlier) === resourceAddress(r);
    const message = sameCase
      ? `${KIND_INFO[r.kind].label} '${r.name}' is declared twice${where}`
      : `${KIND_INFO[r.kind].label} '${r.name}' differs only in case from '${earlier.name}'${where}; ADF names are case-insensitive`;
    out.push(
      resourceDiagnostic(
        project,
        r,
        'error',
        'name.duplicate',
        message,
        ['name'],
        'keep one declaration, or rename one of them',
      ),
    );
  }
  return out;
}
