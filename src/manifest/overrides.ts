import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { didYouMean } from '../core/did-you-mean.js';
import { resourceAddress, resourceKey, type Resource, type ResourceId } from '../model/resource.js';
import type { EnvironmentOverrides, OverrideEntry } from './overrides-parse.js';
import { applyAtPath, formatPath } from './overrides-path.js';
import type { FactoryConfig } from './types.js';
import { locateInDocument, type ParsedDocument } from './yaml-file.js';

/** One applied override, as `plan` lists it: 'LinkedService/LS_Blob: set typeProperties.url (adf-deploy.yaml:14)'. */
export type AppliedOverride = string;

export interface OverridesResult {
  applied: AppliedOverride[];
  /**
   * Where a value an override wrote comes from: a path inside an overridden value maps into adf-deploy.yaml, so
   * validation of that value points at the override's line. Undefined for anything no override wrote.
   */
  locate(resource: ResourceId, path: (string | number)[]): SourceLocation | undefined;
}

interface Written {
  path: (string | number)[];
  valuePath: (string | number)[];
}

/** `*` any run of characters, `?` one; case-insensitive, as ADF compares names. */
export function wildcardMatcher(pattern: string): (name: string) => boolean {
  if (!/[*?]/.test(pattern)) return (name) => name.toLowerCase() === pattern.toLowerCase();
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  const re = new RegExp(`^${body}$`, 'is');
  return (name) => re.test(name);
}

/**
 * Apply the chosen environment's overrides to the loaded objects and factory, in place, in the order written
 * (so a later override wins). A target or path that matches nothing is an error at the override's line, with a
 * did-you-mean on the failing name or path segment; nothing of that override is applied.
 */
export function applyOverrides(
  overrides: EnvironmentOverrides | undefined,
  resources: Resource[],
  factory: FactoryConfig,
  configDoc: ParsedDocument,
  diagnostics: Diagnostic[],
): OverridesResult {
  const applied: AppliedOverride[] = [];
  const written = new Map<string, Written[]>();
  const report = (path: (string | number)[], code: string, message: string, hint?: string): void => {
    diagnostics.push({ severity: 'error', code, message, hint, path, location: locateInDocument(configDoc, path) });
  };
  const where = (path: (string | number)[]): string => {
    const loc = locateInDocument(configDoc, path);
    return `adf-deploy.yaml:${loc.line}`;
  };
  for (const entry of overrides?.entries ?? []) {
    const matches = matchTargets(entry, resources);
    const label = targetLabel(entry);
    if (matches.length === 0) {
      const sameKind = resources.filter((r) => r.kind === entry.kind).map((r) => r.name);
      const near = /[*?]/.test(entry.name) ? undefined : didYouMean(entry.name, sameKind);
      report(
        entry.configPath[entry.configPath.length - 2] === 'triggers'
          ? entry.configPath
          : [...entry.configPath, 'target'],
        'override.no-target',
        `override target '${label}' matches no object${near ? `, did you mean '${entry.kind}/${near}'?` : ''}`,
        sameKind.length
          ? `${entry.kind} objects: ${sameKind.slice(0, 10).join(', ')}`
          : `the project has no ${entry.kind}`,
      );
      continue;
    }
    // All or nothing: a copy is changed first, so a failure on the third match leaves the first two untouched.
    const results = matches.map((r) => {
      const copy = structuredClone(r.properties);
      return { r, copy, outcome: applyAtPath(copy, entry.segments, entry.action, structuredClone(entry.value)) };
    });
    const failed = results.find((x) => !('path' in x.outcome));
    if (failed && !('path' in failed.outcome)) {
      const f = failed.outcome;
      const pathText = formatPath(entry.segments);
      report(
        entry.valuePath === entry.configPath ? entry.configPath : [...entry.configPath, 'path'],
        'override.no-path',
        `override path '${pathText}' of ${resourceAddress(failed.r)}: at '${formatPath(entry.segments.slice(0, f.segment + 1))}', ${f.message}`,
        f.hint,
      );
      continue;
    }
    for (const { r, copy, outcome } of results) {
      r.properties = copy;
      if (!('path' in outcome) || entry.action === 'remove') continue;
      const key = resourceKey(r);
      written.set(key, [...(written.get(key) ?? []), { path: outcome.path, valuePath: entry.valuePath }]);
    }
    const names = matches.length === 1 ? resourceAddress(matches[0]) : `${label} (${matches.length} objects)`;
    applied.push(
      `${names}: ${entry.label ?? `${entry.action} ${formatPath(entry.segments)}`} (${where(entry.configPath)})`,
    );
  }
  for (const gp of overrides?.globalParameters ?? []) {
    const declared = factory.globalParameters ?? {};
    const current = Object.hasOwn(declared, gp.name) ? declared[gp.name] : undefined;
    if (!current) {
      const near = didYouMean(gp.name, Object.keys(declared));
      report(
        gp.configPath,
        'override.no-global-parameter',
        `global parameter '${gp.name}' is not declared by the factory${near ? `, did you mean '${near}'?` : ''}`,
        "declare it under 'factory.globalParameters' with its type; an environment only changes its value",
      );
      continue;
    }
    declared[gp.name] = { ...current, value: gp.value };
    applied.push(`global parameter ${gp.name}: set value (${where(gp.configPath)})`);
  }
  return {
    applied,
    locate: (resource, path) => {
      const list = written.get(resourceKey(resource));
      if (!list) return undefined;
      // The last override that wrote at or above this path is the one the value comes from.
      for (let i = list.length - 1; i >= 0; i--) {
        const w = list[i];
        if (w.path.length <= path.length && w.path.every((s, j) => s === path[j]))
          return locateInDocument(configDoc, [...w.valuePath, ...path.slice(w.path.length)]);
      }
      return undefined;
    },
  };
}

function matchTargets(entry: OverrideEntry, resources: Resource[]): Resource[] {
  const name = wildcardMatcher(entry.name);
  const parent = entry.parent === undefined ? undefined : wildcardMatcher(entry.parent);
  return resources.filter(
    (r) => r.kind === entry.kind && name(r.name) && (!parent || (r.parent !== undefined && parent(r.parent))),
  );
}

function targetLabel(entry: OverrideEntry): string {
  return entry.parent === undefined ? `${entry.kind}/${entry.name}` : `${entry.kind}/${entry.parent}/${entry.name}`;
}
