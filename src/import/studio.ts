import type { Diagnostic } from '../core/diagnostic.js';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { escapeDeep, escapeLiteral } from '../manifest/substitute.js';
import {
  FACTORY_FOLDER,
  isPrivateEndpointFolder,
  isUnmanagedStudioFolder,
  kindOfStudioFolder,
} from '../manifest/studio-layout.js';
import { AUTO_RESOLVE_IR, KIND_INFO, type Kind } from '../model/kinds.js';
import { factoryFromJson, pickFactory } from './factory.js';
import { type ImportedObject, type ImportModel, importProblem } from './model.js';
import { isPlainObject as isObject } from '../core/json.js';
import { readJsonFile } from './read-json.js';

/** True when `dir` looks like an ADF Studio git folder (has factory/ or any kind folder). */
export async function isStudioFolder(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.some(
    (e) => e.isDirectory() && (e.name.toLowerCase() === FACTORY_FOLDER || kindOfStudioFolder(e.name) !== undefined),
  );
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** Read an ADF Studio git folder. Values are kept exactly (only `${{` is escaped so substitution leaves it alone). */
export async function readStudioFolder(
  dir: string,
  options: { factoryName?: string },
  problems: Diagnostic[],
): Promise<ImportModel> {
  const notes: string[] = [];
  const objects: ImportedObject[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const factories: Array<{ file: string; json: Record<string, unknown> }> = [];
  for (const entry of entries) {
    const folder = path.join(dir, entry.name);
    const lower = entry.name.toLowerCase();
    if (!entry.isDirectory()) continue;
    if (lower === FACTORY_FOLDER) {
      for (const file of await jsonFiles(folder)) {
        const json = await readJsonFile(file, problems);
        if (isObject(json)) factories.push({ file, json });
        else if (json !== undefined)
          problems.push(importProblem('import.not-an-object', file, 'a factory file must hold a JSON object'));
      }
      continue;
    }
    const kind = kindOfStudioFolder(entry.name);
    if (!kind) {
      if (isUnmanagedStudioFolder(entry.name))
        notes.push(`skipped folder '${entry.name}': adf-deploy does not manage these objects yet`);
      else if (!entry.name.startsWith('.'))
        notes.push(`skipped folder '${entry.name}' (not part of the ADF Studio layout adf-deploy manages)`);
      continue;
    }
    for (const file of await jsonFiles(folder)) await readObject(file, kind, undefined, objects, notes, problems);
    if (kind === 'ManagedVirtualNetwork') {
      // managedVirtualNetwork/<vnet>/managedPrivateEndpoint/*.json
      for (const vnet of (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory())) {
        const peDir = (await readdir(path.join(folder, vnet.name), { withFileTypes: true })).find(
          (e) => e.isDirectory() && isPrivateEndpointFolder(e.name),
        );
        if (!peDir) continue;
        for (const file of await jsonFiles(path.join(folder, vnet.name, peDir.name)))
          await readObject(file, 'ManagedPrivateEndpoint', vnet.name, objects, notes, problems);
      }
    }
  }
  const chosen = pickFactory(factories, dir, options.factoryName, notes);
  return {
    factory: factoryFromJson(chosen?.json, chosen?.file, defaultFactoryName(dir), notes, options.factoryName),
    objects,
    notes,
  };
}

/** A factory name from the folder: its last part (after '__' as in the corpus), made valid. */
export function defaultFactoryName(dir: string): string {
  const base = path.basename(path.resolve(dir)).split('__').pop() ?? 'factory';
  const cleaned = base
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return cleaned.length >= 3 ? cleaned : `adf-${cleaned || 'factory'}`;
}

async function readObject(
  file: string,
  kind: Kind,
  parent: string | undefined,
  objects: ImportedObject[],
  notes: string[],
  problems: Diagnostic[],
): Promise<void> {
  const json = await readJsonFile(file, problems);
  if (json === undefined) return;
  if (!isObject(json)) {
    problems.push(importProblem('import.not-an-object', file, 'expected a JSON object with name and properties'));
    return;
  }
  if (typeof json.name !== 'string' || json.name === '') {
    problems.push(importProblem('import.no-name', file, "no 'name' (every ADF Studio file has the object's name)"));
    return;
  }
  const expectedType = KIND_INFO[kind].armType.toLowerCase();
  if (typeof json.type === 'string' && json.type.toLowerCase() !== expectedType) {
    notes.push(
      `${file}: 'type' is '${json.type}', expected '${KIND_INFO[kind].armType}'; imported as ${kind} from its folder`,
    );
  }
  if (kind === 'IntegrationRuntime' && json.name.toLowerCase() === AUTO_RESOLVE_IR.toLowerCase()) {
    notes.push(`skipped ${path.basename(file)}: ${AUTO_RESOLVE_IR} is built into every factory`);
    return;
  }
  let properties = json.properties;
  if (properties === undefined && kind === 'ManagedVirtualNetwork') properties = {};
  if (!isObject(properties)) {
    problems.push(
      importProblem(
        'import.bad-properties',
        file,
        `'properties' must be a JSON object, found ${properties === undefined ? 'nothing' : Array.isArray(properties) ? 'a list' : typeof properties}`,
      ),
    );
    return;
  }
  objects.push({
    kind,
    // Names are data too: a '${{' in one must not become a substitution.
    name: escapeLiteral(json.name),
    parent: parent === undefined ? undefined : escapeLiteral(parent),
    properties: escapeDeep(properties) as Record<string, unknown>,
    source: file,
  });
}
