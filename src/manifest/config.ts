import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { didYouMean } from '../core/did-you-mean.js';
import { assignOwn, setOwn } from '../core/own.js';
import { isKind, KINDS } from '../model/kinds.js';
import { parseAddress, type ResourceId } from '../model/resource.js';
import { parseEnvDeclarations } from './env-declarations.js';
import { parseLimits } from './limits-parse.js';
import { parseEnvironmentOverrides, type EnvironmentOverrides } from './overrides-parse.js';
import { ShapeChecker } from './shape.js';
import { substituteDeep, type SubstitutionContext, type SubstitutionProblem } from './substitute.js';
import type { DeclaredLimits, FactoryConfig, GlobalParameter, LoadOptions, TargetConfig } from './types.js';
import { locateInDocument, type ParsedDocument } from './yaml-file.js';

const TOP_KEYS = ['factory', 'target', 'env', 'vars', 'environments', 'external', 'checks', 'limits'] as const;
const FACTORY_KEYS = ['name', 'location', 'identity', 'tags', 'globalParameters', 'properties'] as const;
const TARGET_KEYS = ['subscriptionId', 'resourceGroup'] as const;
const ENV_KEYS = ['vars', 'target', 'overrides', 'globalParameters', 'triggers', 'limits'] as const;
const GP_TYPES = ['String', 'Int', 'Float', 'Bool', 'Array', 'Object'];

export interface ParsedConfig {
  factory: FactoryConfig;
  target: TargetConfig;
  external: ResourceId[];
  env?: string;
  substitution: SubstitutionContext;
  /** Where each var got its value: the path in adf-deploy.yaml of the definition that won. */
  varSources: Map<string, (string | number)[]>;
  /** The `checks:` section as written (severities and waivers; read by src/validate/waivers.ts). */
  checks?: unknown;
  /** The chosen environment's overrides, trigger states and global parameter values (src/manifest/overrides.ts). */
  overrides?: EnvironmentOverrides;
  /** `limits:` (the chosen environment's keys over the top level's): limits support raised for this factory. */
  limits?: DeclaredLimits;
}

/** Report substitution problems at their place in the document (`base` is the path of the substituted value). */
export function reportSubstitution(
  pd: ParsedDocument,
  problems: SubstitutionProblem[],
  base: (string | number)[],
  diagnostics: Diagnostic[],
  resource?: string,
): void {
  for (const p of problems) {
    const path = [...base, ...p.path];
    diagnostics.push({
      severity: 'error',
      code: p.code,
      message: p.message,
      hint: p.hint,
      path,
      location: locateInDocument(pd, path),
      resource,
    });
  }
}

/**
 * Read adf-deploy.yaml: the factory, the target (flags > chosen environment > top level), the vars
 * (chosen environment's over the defaults; vars may use ${{ env.X }} but not other vars) and external references.
 */
export function parseConfig(pd: ParsedDocument, options: LoadOptions, diagnostics: Diagnostic[]): ParsedConfig {
  const check = new ShapeChecker(pd, diagnostics);
  const environ = options.environ ?? process.env;
  const raw = pd.value;
  const top = check.isMapping(raw) ? raw : {};
  if (!check.isMapping(raw))
    check.report(
      [],
      'manifest.type',
      'adf-deploy.yaml must be a mapping with factory, target, env, vars, environments, external',
    );
  check.unknownKeys(top, TOP_KEYS, [], 'adf-deploy.yaml');

  // The environment variables the project may read; the secret ones read are collected (never printed).
  const declaredEnv = parseEnvDeclarations(check, top.env);
  const envSecrets = new Map<string, string>();
  // Vars: defaults, then the chosen environment's. They may read environment variables only.
  const envOnly: SubstitutionContext = { vars: {}, env: environ, declaredEnv, envSecrets };
  const vars: Record<string, unknown> = {};
  const varSources = new Map<string, (string | number)[]>();
  const mergeVars = (value: Record<string, unknown> | undefined, base: (string | number)[]): void => {
    if (!value) return;
    for (const name of Object.keys(value)) varSources.set(name, [...base, name]);
    const problems: SubstitutionProblem[] = [];
    assignOwn(vars, substituteDeep(value, envOnly, problems) as Record<string, unknown>);
    reportSubstitution(
      pd,
      problems.map((p) =>
        p.code === 'var.missing' && p.message.startsWith('variable')
          ? { ...p, hint: 'vars cannot refer to other vars; use the value itself' }
          : p,
      ),
      base,
      diagnostics,
    );
  };
  mergeVars(check.optionalMapping(top, 'vars', []), ['vars']);

  const environments = check.optionalMapping(top, 'environments', []) ?? {};
  let envBlock: Record<string, unknown> | undefined;
  for (const [name, block] of Object.entries(environments)) {
    if (!check.isMapping(block)) {
      check.report(
        ['environments', name],
        'manifest.type',
        `environment '${name}' must be a mapping with vars and target`,
      );
      continue;
    }
    check.unknownKeys(block, ENV_KEYS, ['environments', name], `environment '${name}'`);
  }
  if (options.env !== undefined) {
    // Own properties only: `--env constructor` must not find Object.prototype.constructor.
    const block = Object.prototype.hasOwnProperty.call(environments, options.env)
      ? environments[options.env]
      : undefined;
    if (check.isMapping(block)) {
      envBlock = block;
      mergeVars(check.optionalMapping(block, 'vars', ['environments', options.env]), [
        'environments',
        options.env,
        'vars',
      ]);
    } else if (block === undefined) {
      const names = Object.keys(environments);
      const near = didYouMean(options.env, names);
      check.report(
        ['environments'],
        'env.unknown',
        `environment '${options.env}' is not defined in adf-deploy.yaml${near ? `, did you mean '${near}'?` : ''}`,
        names.length ? `defined environments: ${names.join(', ')}` : "add it under 'environments:'",
      );
    }
  }
  const substitution: SubstitutionContext = { vars, env: environ, used: new Set(), declaredEnv, envSecrets };
  const sub = <T>(value: T, base: (string | number)[]): T => {
    const problems: SubstitutionProblem[] = [];
    const out = substituteDeep(value, substitution, problems) as T;
    reportSubstitution(pd, problems, base, diagnostics);
    return out;
  };

  const factory = parseFactory(check, sub(top.factory, ['factory']), pd);
  const target = parseTarget(check, sub(top.target, ['target']), ['target']);
  const envTarget =
    envBlock && options.env
      ? parseTarget(check, sub(envBlock.target, ['environments', options.env, 'target']), [
          'environments',
          options.env,
          'target',
        ])
      : {};
  const merged: TargetConfig = {
    subscriptionId: options.target?.subscriptionId ?? envTarget.subscriptionId ?? target.subscriptionId ?? '',
    resourceGroup: options.target?.resourceGroup ?? envTarget.resourceGroup ?? target.resourceGroup ?? '',
  };
  const external = parseExternal(check, sub(top.external, ['external']));
  const overrides = envBlock && options.env ? parseEnvironmentOverrides(check, envBlock, options.env, sub) : undefined;
  const limits = parseLimits(check, top, environments, envBlock ? options.env : undefined);
  return {
    factory,
    target: merged,
    external,
    env: envBlock ? options.env : undefined,
    substitution,
    varSources,
    checks: top.checks,
    ...(overrides ? { overrides } : {}),
    ...(limits ? { limits } : {}),
  };
}

/**
 * Vars that no manifest references: most often a misspelt override in an environment, which would silently
 * leave the default in place (e.g. prod's `storageAcount` while the manifests read `storageAccount`).
 */
export function reportUnusedVars(pd: ParsedDocument, cfg: ParsedConfig, diagnostics: Diagnostic[]): void {
  const used = cfg.substitution.used ?? new Set<string>();
  for (const [name, path] of cfg.varSources) {
    if (used.has(name)) continue;
    // Never suggest a name its own block already defines: renaming to it would clash (issue 15).
    const block = valueAtPath(pd.value, path.slice(0, -1));
    const defined = (n: string) => !!block && typeof block === 'object' && Object.hasOwn(block, n);
    const near = didYouMean(
      name,
      [...used].filter((n) => !defined(n)),
    );
    diagnostics.push({
      severity: 'warning',
      code: 'var.unused',
      message: `variable '${name}' is not used by any manifest${near ? `, did you mean '${near}'?` : ''}`,
      hint: near
        ? `rename it to '${near}' so that it takes effect`
        : 'remove it, or reference it as ${{ vars.' + name + ' }}',
      path,
      location: locateInDocument(pd, path),
    });
  }
}

function valueAtPath(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const seg of path)
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
  return node;
}

/**
 * `source` (where `factory:` is written) found on first read: locating a key needs the document's syntax tree,
 * which the fast path (fast-yaml.ts) does not build, and most runs never show a factory diagnostic.
 */
function withFactorySource(factory: FactoryConfig, pd: ParsedDocument): FactoryConfig {
  let source: SourceLocation | undefined;
  let known = false;
  return Object.defineProperty(factory, 'source', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!known) source = locateInDocument(pd, ['factory']);
      known = true;
      return source;
    },
    set: (value: SourceLocation | undefined) => {
      source = value;
      known = true;
    },
  });
}

function parseFactory(check: ShapeChecker, raw: unknown, pd: ParsedDocument): FactoryConfig {
  if (raw === undefined) {
    check.report(
      [],
      'manifest.missing-field',
      "adf-deploy.yaml has no 'factory'",
      "add 'factory: { name: my-factory, location: eastus }'",
    );
    return withFactorySource({ name: '', location: '' }, pd);
  }
  if (!check.isMapping(raw)) {
    check.report(['factory'], 'manifest.type', "'factory' must be a mapping");
    return withFactorySource({ name: '', location: '' }, pd);
  }
  check.unknownKeys(raw, FACTORY_KEYS, ['factory'], 'factory');
  const name = check.optionalString(raw, 'name', ['factory']);
  if (name === undefined && raw.name === undefined)
    check.report(
      ['factory'],
      'manifest.missing-field',
      "factory has no 'name'",
      'add the factory name (globally unique in Azure)',
    );
  const loc = check.optionalString(raw, 'location', ['factory']);
  if (loc === undefined && raw.location === undefined) {
    check.report(
      ['factory'],
      'factory.no-location',
      "factory has no 'location': creating it will fail (updating an existing factory works)",
      "add e.g. 'location: eastus'",
      'warning',
    );
  }
  const out = withFactorySource({ name: name ?? '', location: loc ?? '' }, pd);
  // `identity: null` removes the factory's managed identity; absent keeps the live one (src/plan/factory-settings.ts).
  const identity = raw.identity === null ? null : check.optionalMapping(raw, 'identity', ['factory']);
  if (identity !== undefined) out.identity = identity;
  const tags = check.optionalMapping(raw, 'tags', ['factory']);
  if (tags) {
    for (const [k, v] of Object.entries(tags))
      if (typeof v !== 'string') check.report(['factory', 'tags', k], 'manifest.type', `tag '${k}' must be a string`);
    out.tags = tags as Record<string, string>;
  }
  const gps = check.optionalMapping(raw, 'globalParameters', ['factory']);
  if (gps) out.globalParameters = parseGlobalParameters(check, gps);
  const props = check.optionalMapping(raw, 'properties', ['factory']);
  if (props) {
    if ('globalParameters' in props)
      check.report(
        ['factory', 'properties', 'globalParameters'],
        'manifest.misplaced',
        "global parameters belong in 'factory.globalParameters'",
        'move them up one level',
      );
    if ('repoConfiguration' in props)
      check.report(
        ['factory', 'properties', 'repoConfiguration'],
        'manifest.misplaced',
        'the git repo configuration is never managed by adf-deploy',
        'remove repoConfiguration',
        'warning',
      );
    out.properties = props;
  }
  return out;
}

function parseGlobalParameters(check: ShapeChecker, gps: Record<string, unknown>): Record<string, GlobalParameter> {
  const out: Record<string, GlobalParameter> = {};
  for (const [name, gp] of Object.entries(gps)) {
    const path = ['factory', 'globalParameters', name];
    if (!check.isMapping(gp)) {
      check.report(path, 'manifest.type', `global parameter '${name}' must be a mapping with type and value`);
      continue;
    }
    check.unknownKeys(gp, ['type', 'value'], path, `global parameter '${name}'`);
    if (typeof gp.type !== 'string' || !GP_TYPES.some((t) => t.toLowerCase() === String(gp.type).toLowerCase())) {
      check.report(
        [...path, 'type'],
        'manifest.type',
        `global parameter '${name}' has type ${JSON.stringify(gp.type ?? null)}, expected one of ${GP_TYPES.join(', ')}`,
      );
    }
    if (!('value' in gp)) check.report(path, 'manifest.missing-field', `global parameter '${name}' has no 'value'`);
    setOwn(out, name, { type: String(gp.type), value: gp.value });
  }
  return out;
}

function parseTarget(check: ShapeChecker, raw: unknown, path: (string | number)[]): Partial<TargetConfig> {
  if (raw === undefined || raw === null) return {};
  if (!check.isMapping(raw)) {
    check.report(path, 'manifest.type', "'target' must be a mapping with subscriptionId and resourceGroup");
    return {};
  }
  check.unknownKeys(raw, TARGET_KEYS, path, 'target');
  const out: Partial<TargetConfig> = {};
  const sub = check.optionalString(raw, 'subscriptionId', path);
  const rg = check.optionalString(raw, 'resourceGroup', path);
  if (sub) out.subscriptionId = sub;
  if (rg) out.resourceGroup = rg;
  return out;
}

function parseExternal(check: ShapeChecker, raw: unknown): ResourceId[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    check.report(['external'], 'manifest.type', "'external' must be a list of 'Kind/name' entries");
    return [];
  }
  const out: ResourceId[] = [];
  raw.forEach((entry, i) => {
    const id = typeof entry === 'string' ? parseAddress(entry) : undefined;
    if (!id || !id.name) {
      check.report(
        ['external', i],
        'manifest.type',
        `external entry must be 'Kind/name' (e.g. 'IntegrationRuntime/SharedIR'), found ${typeof entry === 'string' ? `'${entry}'` : 'a ' + typeof entry}`,
      );
      return;
    }
    if (!isKind(id.kind)) {
      const near = didYouMean(id.kind, KINDS);
      check.report(
        ['external', i],
        'manifest.unknown-kind',
        `unknown kind '${id.kind}' in external entry${near ? `, did you mean '${near}'?` : ''}`,
        `kinds: ${KINDS.join(', ')}`,
      );
      return;
    }
    out.push(id);
  });
  return out;
}
