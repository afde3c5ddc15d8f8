import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import type { Resource, ResourceId } from '../model/resource.js';

/** A global parameter as ADF stores it in the factory's properties. */
export interface GlobalParameter {
  type: string;
  value: unknown;
}

/** The factory as declared in adf-deploy.yaml. Its git repo configuration is never managed. */
export interface FactoryConfig {
  name: string;
  location: string;
  /** The managed identity; `null` removes the live factory's (absent: the live one is kept). */
  identity?: Record<string, unknown> | null;
  tags?: Record<string, string>;
  globalParameters?: Record<string, GlobalParameter>;
  /**
   * Other factory `properties` passed through as written (e.g. encryption, publicNetworkAccess); one set to `null`
   * is removed from the live factory (an undeclared one is kept).
   */
  properties?: Record<string, unknown>;
  source?: SourceLocation;
}

/** One limit declared under `limits:` in adf-deploy.yaml, with where it was declared (its path from the root). */
export interface DeclaredLimit {
  value: number;
  path: (string | number)[];
}

/**
 * ADF limits Azure support raised for this factory (or a team's own stricter budget), declared under `limits:`
 * (an environment's `limits:` over the top level's). Absent: ADF's documented defaults (src/validate/limits.ts).
 */
export interface DeclaredLimits {
  /** Entities per factory (ADF's default 5,000). */
  entitiesPerFactory?: DeclaredLimit;
  /** Size of one dataset or linked service as JSON, in KB (ADF's default 100; support raises it up to 2,000). */
  objectSizeKB?: DeclaredLimit;
}

/** Where the factory lives. Each field can be overridden by flag and environment variable. */
export interface TargetConfig {
  subscriptionId: string;
  resourceGroup: string;
}

/** A loaded, substituted manifest project: the desired state of one factory. */
export interface Project {
  /** Absolute path of the project folder. */
  root: string;
  /** Absolute path of adf-deploy.yaml. */
  configFile: string;
  /** The environment picked with --env, if any. */
  env?: string;
  factory: FactoryConfig;
  target: TargetConfig;
  /** Resources declared external in adf-deploy.yaml: references to them are not errors and they are never managed. */
  external: ResourceId[];
  resources: Resource[];
  /** The `checks:` section of adf-deploy.yaml as written: severities and waivers (src/validate/waivers.ts). */
  checks?: unknown;
  /** The limits declared under `limits:` (src/manifest/limits-parse.ts); absent: ADF's defaults. */
  limits?: DeclaredLimits;
  /**
   * Source location of any node: the resource's file and the line/col of the value at `path` inside its
   * `properties` (falls back to the nearest ancestor that has a position).
   */
  locate(resource: ResourceId, path: (string | number)[]): SourceLocation | undefined;
  /**
   * Like `locate`, but `path` starts at the document root (['name'], ['managedVirtualNetwork'], ['properties', ...]).
   * When two documents declare the same resource, passing the Resource object itself picks its own document.
   */
  locateDocument?(resource: ResourceId, path: (string | number)[]): SourceLocation | undefined;
  /**
   * Secret environment values the manifests read (`${{ env.NAME }}` declared secret), by variable name. In
   * memory only: every output shows `(from env NAME)` instead (src/diff/secrets.ts).
   */
  envSecrets?: Map<string, string>;
  /** ADF_DEPLOY_FINGERPRINT_KEY: the key of the secret fingerprints (src/diff/fingerprint.ts). Never printed. */
  fingerprintKey?: string;
  /** The chosen environment's overrides that were applied, one line each (src/manifest/overrides.ts). */
  overrides?: string[];
  /**
   * The manifest files whose text mentions `adf-deploy:` (may hold an inline `# adf-deploy: ignore` waiver). Set by
   * loadProject so that waivers read again only those files; undefined: any file may.
   */
  inlineWaiverFiles?: ReadonlySet<string>;
  /** Location of a node of adf-deploy.yaml by its path from the root (['factory', 'name']). */
  locateConfig?(path: (string | number)[]): SourceLocation | undefined;
}

export interface LoadOptions {
  env?: string;
  /** Environment variables for ${{ env.X }} (defaults to process.env). */
  environ?: Record<string, string | undefined>;
  /** Overrides from flags / environment variables. */
  target?: Partial<TargetConfig>;
  /** Told every text the load reads (adf-deploy.yaml, each manifest and Studio file), in order (load-inputs.ts). */
  onSource?: (file: string, text: string) => void;
}

export interface LoadResult {
  /** Undefined only when the project could not be read at all (no adf-deploy.yaml, unreadable folder). */
  project?: Project;
  diagnostics: Diagnostic[];
  /** Things the user should know that are not problems (files skipped as not manifests). */
  notes?: string[];
}
