import { didYouMean } from '../core/did-you-mean.js';
import { KINDS, type Kind } from '../model/kinds.js';
import { formatPath, parseOverridePath, type OverrideAction, type PathSegment } from './overrides-path.js';
import type { ShapeChecker } from './shape.js';

/**
 * The chosen environment's `overrides`, `triggers` and `globalParameters` (docs/environments.md), read from
 * adf-deploy.yaml with their values already substituted. Applied by src/manifest/overrides.ts once the objects
 * are loaded, before validation.
 */
export interface OverrideEntry {
  /** Where the entry is in adf-deploy.yaml (['environments', 'prod', 'overrides', 2]). */
  configPath: (string | number)[];
  /** Where its value is: diagnostics about the overridden value point there. */
  valuePath: (string | number)[];
  kind: Kind;
  /** Name pattern (`*` and `?` wildcards), and the managed VNet pattern of a private endpoint. */
  name: string;
  parent?: string;
  segments: PathSegment[];
  action: OverrideAction;
  value?: unknown;
  /** How `plan` names the change when it is not `action path` (a trigger state: 'stopped'). */
  label?: string;
}

export interface GlobalParameterOverride {
  name: string;
  value: unknown;
  configPath: (string | number)[];
}

export interface EnvironmentOverrides {
  entries: OverrideEntry[];
  globalParameters: GlobalParameterOverride[];
}

const ENTRY_KEYS = ['target', 'path', 'value', 'action'] as const;
const ACTIONS: Record<string, OverrideAction> = { set: 'set', update: 'set', add: 'add', remove: 'remove' };
const STATES: Record<string, string> = { started: 'Started', stopped: 'Stopped' };

type Sub = <T>(value: T, base: (string | number)[]) => T;

/** Read the chosen environment's overrides; shape problems are reported at their line. */
export function parseEnvironmentOverrides(
  check: ShapeChecker,
  block: Record<string, unknown>,
  env: string,
  sub: Sub,
): EnvironmentOverrides {
  const base = ['environments', env];
  const entries: OverrideEntry[] = [];
  const list = block.overrides;
  if (list !== undefined && list !== null && !Array.isArray(list))
    check.report([...base, 'overrides'], 'manifest.type', "'overrides' must be a list of { target, path, value }");
  if (Array.isArray(list))
    list.forEach((raw, i) => {
      const entry = parseEntry(check, raw, [...base, 'overrides', i], sub);
      if (entry) entries.push(entry);
    });
  const triggers = check.optionalMapping(block, 'triggers', base) ?? {};
  for (const [name, state] of Object.entries(triggers)) {
    const at = [...base, 'triggers', name];
    const wanted = typeof state === 'string' ? STATES[state.toLowerCase()] : undefined;
    if (!wanted) {
      check.report(at, 'override.trigger-state', `trigger '${name}' must be 'started' or 'stopped'`);
      continue;
    }
    entries.push({
      configPath: at,
      valuePath: at,
      kind: 'Trigger',
      name,
      segments: [{ key: 'runtimeState' }],
      action: 'add',
      value: wanted,
      label: wanted.toLowerCase(),
    });
  }
  const gps = check.optionalMapping(block, 'globalParameters', base) ?? {};
  const globalParameters = Object.entries(gps).map(([name, value]) => ({
    name,
    value: sub(value, [...base, 'globalParameters', name]),
    configPath: [...base, 'globalParameters', name],
  }));
  return { entries, globalParameters };
}

function parseEntry(check: ShapeChecker, raw: unknown, at: (string | number)[], sub: Sub): OverrideEntry | undefined {
  if (!check.isMapping(raw)) {
    check.report(at, 'manifest.type', 'an override must be a mapping with target, path and value (or action)');
    return undefined;
  }
  check.unknownKeys(raw, ENTRY_KEYS, at, 'override');
  const targetText = check.optionalString(raw, 'target', at);
  const pathText = check.optionalString(raw, 'path', at);
  if (targetText === undefined || pathText === undefined) {
    if (raw.target === undefined || raw.path === undefined)
      check.report(
        at,
        'manifest.missing-field',
        `override has no '${raw.target === undefined ? 'target' : 'path'}'`,
        "e.g. { target: LinkedService/LS_Blob, path: typeProperties.url, value: 'https://...' }",
      );
    return undefined;
  }
  const target = parseTarget(check, targetText, [...at, 'target']);
  const parsed = parseOverridePath(pathText);
  if ('error' in parsed) {
    check.report([...at, 'path'], 'override.path-syntax', parsed.error, 'e.g. activities[0].policy.retry');
    return undefined;
  }
  let action = parsed.action;
  const actionText = check.optionalString(raw, 'action', at);
  if (actionText !== undefined) {
    const written = ACTIONS[actionText.toLowerCase()];
    if (!written) {
      check.report([...at, 'action'], 'override.action', `unknown action '${actionText}'`, 'set, add or remove');
      return undefined;
    }
    if (action && action !== written) {
      check.report(
        [...at, 'action'],
        'override.action',
        `action '${actionText}' contradicts the path's '${action === 'add' ? '+' : '-'}' prefix`,
      );
      return undefined;
    }
    action = written;
  }
  action ??= 'set';
  const hasValue = Object.hasOwn(raw, 'value');
  if (action === 'remove' && hasValue && raw.value !== null && raw.value !== '')
    check.report([...at, 'value'], 'override.value', "a 'remove' override takes no value", 'delete the value');
  if (action !== 'remove' && !hasValue) {
    check.report(
      at,
      'manifest.missing-field',
      `override of '${formatPath(parsed.segments)}' has no 'value'`,
      "add 'value: ...', or 'action: remove' to delete the property",
    );
    return undefined;
  }
  if (!target) return undefined;
  return {
    configPath: at,
    valuePath: [...at, 'value'],
    ...target,
    segments: parsed.segments,
    action,
    ...(action !== 'remove' ? { value: sub(raw.value, [...at, 'value']) } : {}),
  };
}

/** `Kind/name` or `ManagedPrivateEndpoint/vnet/name`; the names may hold `*` and `?`. */
function parseTarget(
  check: ShapeChecker,
  text: string,
  at: (string | number)[],
): { kind: Kind; name: string; parent?: string } | undefined {
  const parts = text.split('/');
  const kind = KINDS.find((k) => k.toLowerCase() === parts[0].toLowerCase());
  if (!kind) {
    const near = didYouMean(parts[0], KINDS);
    check.report(
      at,
      'manifest.unknown-kind',
      `unknown kind '${parts[0]}' in override target${near ? `, did you mean '${near}'?` : ''}`,
      `write Kind/name; kinds: ${KINDS.join(', ')}`,
    );
    return undefined;
  }
  const wanted = kind === 'ManagedPrivateEndpoint' ? 3 : 2;
  if (parts.length !== wanted || parts.some((p) => p === '')) {
    check.report(
      at,
      'override.target',
      `override target '${text}' must be ${kind === 'ManagedPrivateEndpoint' ? 'ManagedPrivateEndpoint/vnet/name' : `${kind}/name`}`,
      'names may use the wildcards * and ?',
    );
    return undefined;
  }
  return wanted === 3 ? { kind, parent: parts[1], name: parts[2] } : { kind, name: parts[1] };
}
