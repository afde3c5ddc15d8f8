import { existsSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isScalar, stringify } from 'yaml';
import { KIND_INFO } from '../model/kinds.js';
import { resourceKey } from '../model/resource.js';
import { FileNamer, safeFileBase } from './file-names.js';
import type { ImportedObject, ImportModel } from './model.js';

export const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

/** Where the modelines point: a folder, a URL, or (default) the project's own `node_modules/adf-deploy/schemas`. */
export type SchemaBase = { kind: 'url' | 'folder'; at: string } | { kind: 'package' };

/**
 * The folder whose node_modules will hold adf-deploy after `npm install` in a clone: the nearest folder at or
 * above the project with a package.json, else the project itself. A path into it survives a clone, unlike a
 * path to the importing machine's own install.
 */
function packageRoot(outDir: string): string {
  for (let dir = outDir; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return outDir;
  }
}

/** The `$schema` of the yaml-language-server modeline for a file in `fromDir`. */
export function schemaRef(base: SchemaBase, outDir: string, fromDir: string, file: string): string {
  if (base.kind === 'url') return `${base.at.replace(/\/+$/, '')}/${file}`;
  const folder =
    base.kind === 'folder' ? base.at : path.join(packageRoot(outDir), 'node_modules', 'adf-deploy', 'schemas');
  return path.relative(fromDir, path.join(folder, file)).split(path.sep).join('/');
}

export function modeline(base: SchemaBase, outDir: string, rel: string, schema: string): string {
  return `# yaml-language-server: $schema=${schemaRef(base, outDir, path.join(outDir, path.dirname(rel)), schema)}\n`;
}

/** The folder of an object's file in the project (the Studio layout, in YAML). */
export function objectFolder(o: ImportedObject): string {
  return o.kind === 'ManagedPrivateEndpoint'
    ? `${KIND_INFO.ManagedVirtualNetwork.studioFolder}/${safeFileBase(o.parent ?? 'default')}/${KIND_INFO.ManagedPrivateEndpoint.studioFolder}`
    : KIND_INFO[o.kind].studioFolder;
}

export function objectKey(o: ImportedObject): string {
  return resourceKey({ kind: o.kind, name: o.name, parent: o.parent });
}

/** The YAML document of one object (without modeline). */
export function renderObject(o: ImportedObject): string {
  const doc: Record<string, unknown> = { kind: o.kind, name: o.name };
  if (o.parent !== undefined) doc.managedVirtualNetwork = o.parent;
  doc.properties = o.properties;
  return stringify(doc, YAML_OPTIONS);
}

const TARGET_STUB = [
  '# Where the factory lives (or pass --subscription / --resource-group, or set ADF_DEPLOY_SUBSCRIPTION_ID /',
  '# ADF_DEPLOY_RESOURCE_GROUP); environments override vars and target per stage:',
  '# target:',
  '#   subscriptionId: 00000000-0000-0000-0000-000000000000',
  '#   resourceGroup: my-resource-group',
  '# environments:',
  '#   prod:',
  '#     target: { resourceGroup: my-prod-resource-group }',
  '#     vars: {}',
  '',
].join('\n');

/** adf-deploy.yaml: the factory, the vars (each with its type, description and original ARM name as comments). */
export function renderConfig(model: ImportModel): string {
  const config: Record<string, unknown> = { factory: { ...model.factory } };
  if (model.env?.length) config.env = model.env;
  if (model.vars && Object.keys(model.vars).length) config.vars = model.vars;
  const doc = new Document(config, YAML_OPTIONS);
  const vars = doc.get('vars', true);
  if (isMap(vars)) {
    for (const pair of vars.items) {
      if (!isScalar(pair.key)) continue;
      const info = model.varInfo?.[String(pair.key.value)];
      if (!info) continue;
      const parts = [
        info.type && `type: ${info.type}`,
        info.original && `ARM parameter '${info.original}'`,
        info.unset && 'no value in the template: set it',
        info.description,
      ].filter(Boolean);
      if (parts.length) pair.key.commentBefore = ` ${parts.join('; ').replaceAll('\n', ' ')}`;
    }
  }
  return `${doc.toString(YAML_OPTIONS)}${TARGET_STUB}`;
}

/** The files of a fresh project, relative path -> text. */
export function renderProjectFiles(model: ImportModel, outDir: string, base: SchemaBase): Map<string, string> {
  const files = new Map<string, string>();
  const namer = new FileNamer();
  files.set('adf-deploy.yaml', modeline(base, outDir, 'adf-deploy.yaml', 'config.schema.json') + renderConfig(model));
  for (const o of model.objects) {
    const folder = objectFolder(o);
    const rel = `${folder}/${namer.take(folder, safeFileBase(o.name), '.yaml')}`;
    files.set(rel, modeline(base, outDir, rel, 'manifest.schema.json') + renderObject(o));
  }
  return files;
}
