import fs from 'node:fs';
import path from 'node:path';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';

/** The V1 collections, in the order they are created (references point backwards). */
export const V1_KINDS = ['linkedservices', 'datasets', 'datapipelines'] as const;
export type V1Kind = (typeof V1_KINDS)[number];

/** The folder of each kind inside a V1 project. */
export const V1_FOLDERS: Record<V1Kind, string> = {
  linkedservices: 'linkedservices',
  datasets: 'datasets',
  datapipelines: 'pipelines',
};

export interface V1Resource {
  kind: V1Kind;
  name: string;
  properties: Record<string, unknown>;
  file: string;
  /** Source location of a path inside the document (for diagnostics). */
  locate(p: (string | number)[]): SourceLocation;
}

/** A V1 project: `version: 1` in adf-deploy.yaml, V1 JSON (or YAML) manifests in linkedservices/, datasets/, pipelines/. */
export interface V1Project {
  root: string;
  factory: { name: string; location: string; tags: Record<string, string> };
  target: { subscriptionId: string; resourceGroup: string };
  resources: V1Resource[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function read(
  file: string,
  diagnostics: Diagnostic[],
): { value: unknown; locate(p: (string | number)[]): SourceLocation } | undefined {
  const text = fs.readFileSync(file, 'utf8');
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const locate = (p: (string | number)[]): SourceLocation => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        const pos = lc.linePos(node.range[0]);
        return { file, line: pos.line, col: pos.col };
      }
    }
    return { file, line: 1, col: 1 };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lc.linePos(e.pos[0]);
    diagnostics.push({
      severity: 'error',
      code: 'yaml.syntax',
      message: e.message.split('\n')[0],
      location: { file, line: pos.line, col: pos.col },
    });
    return undefined;
  }
  return { value: doc.toJS(), locate };
}

/** True when DIR's adf-deploy.yaml declares `version: 1`. */
export function isV1Project(dir: string): boolean {
  const file = path.join(dir, 'adf-deploy.yaml');
  // Anything odd (a folder, unreadable, not YAML) is not a V1 project: the V2 loader reports it properly.
  try {
    if (!fs.statSync(file).isFile()) return false;
    const doc = parseDocument(fs.readFileSync(file, 'utf8'));
    return isMap(doc.contents) && doc.get('version') === 1;
  } catch {
    return false;
  }
}

/** Load a V1 project. Problems are diagnostics with file:line; the project is undefined when it cannot be read. */
export function loadV1Project(
  dir: string,
  environ: Record<string, string | undefined> = {},
): { project?: V1Project; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const root = path.resolve(dir);
  const configFile = path.join(root, 'adf-deploy.yaml');
  if (!fs.existsSync(configFile)) {
    diagnostics.push({
      severity: 'error',
      code: 'config.missing',
      message: `no adf-deploy.yaml in ${root}`,
      hint: 'a V1 project has adf-deploy.yaml with `version: 1`',
    });
    return { diagnostics };
  }
  const config = read(configFile, diagnostics);
  if (!config) return { diagnostics };
  const c = isObj(config.value) ? config.value : {};
  const err = (message: string, p: (string | number)[], hint?: string) =>
    diagnostics.push({ severity: 'error', code: 'v1.config', message, hint, location: config.locate(p), path: p });
  if (c.version !== 1)
    err(`version: expected 1 (a Data Factory V1 project), found ${JSON.stringify(c.version)}`, ['version']);
  const factory = isObj(c.factory) ? c.factory : {};
  if (typeof factory.name !== 'string') err('factory.name: expected a string', ['factory', 'name']);
  if (typeof factory.location !== 'string')
    err('factory.location: expected a string, e.g. westus', ['factory', 'location']);
  const target = isObj(c.target) ? c.target : {};
  const resources: V1Resource[] = [];
  for (const kind of V1_KINDS) {
    const folder = path.join(root, V1_FOLDERS[kind]);
    if (!fs.existsSync(folder)) continue;
    for (const entry of fs.readdirSync(folder).sort()) {
      if (!/\.(json|ya?ml)$/i.test(entry)) continue;
      const file = path.join(folder, entry);
      const doc = read(file, diagnostics);
      if (!doc) continue;
      const v = doc.value;
      if (!isObj(v) || typeof v.name !== 'string' || !isObj(v.properties)) {
        diagnostics.push({
          severity: 'error',
          code: 'v1.shape',
          message: 'expected a V1 definition: {"name": "...", "properties": {...}}',
          location: doc.locate([]),
        });
        continue;
      }
      resources.push({ kind, name: v.name, properties: v.properties, file, locate: doc.locate });
    }
  }
  const tags = isObj(factory.tags)
    ? Object.fromEntries(Object.entries(factory.tags).map(([k, v]) => [k, String(v)]))
    : {};
  const project: V1Project = {
    root,
    factory: { name: String(factory.name ?? ''), location: String(factory.location ?? ''), tags },
    target: {
      subscriptionId: String(environ.ADF_DEPLOY_SUBSCRIPTION_ID ?? target.subscriptionId ?? ''),
      resourceGroup: String(environ.ADF_DEPLOY_RESOURCE_GROUP ?? target.resourceGroup ?? ''),
    },
    resources,
  };
  return { project, diagnostics };
}
