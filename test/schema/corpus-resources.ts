/**
 * Read a corpus factory (ADF Studio git layout) straight from its JSON files, without the manifest loader:
 * each file is {name, properties, type?}; the kind comes from the folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kind } from '../../src/model/kinds.js';
import type { Resource } from '../../src/model/resource.js';

const FOLDERS: Array<[string, Kind]> = [
  ['linkedService', 'LinkedService'],
  ['dataset', 'Dataset'],
  ['pipeline', 'Pipeline'],
  ['trigger', 'Trigger'],
  ['dataflow', 'DataFlow'],
  ['integrationRuntime', 'IntegrationRuntime'],
  ['credential', 'Credential'],
  ['managedVirtualNetwork', 'ManagedVirtualNetwork'],
];

export interface CorpusResource extends Resource {
  file: string;
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.json'))
    .map((d) => path.join(dir, d.name))
    .sort();
}

function read(file: string, kind: Kind, parent?: string): CorpusResource {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { name: string; properties?: Record<string, unknown> };
  return { kind, name: doc.name, ...(parent ? { parent } : {}), properties: doc.properties ?? {}, file };
}

/** Every resource of one factory folder. */
export function readCorpusFactory(factoryDir: string): CorpusResource[] {
  const out: CorpusResource[] = [];
  for (const [folder, kind] of FOLDERS)
    for (const file of jsonFiles(path.join(factoryDir, folder))) out.push(read(file, kind));
  const vnets = path.join(factoryDir, 'managedVirtualNetwork');
  if (existsSync(vnets)) {
    for (const vnet of readdirSync(vnets, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of jsonFiles(path.join(vnets, vnet.name, 'managedPrivateEndpoint')))
        out.push(read(file, 'ManagedPrivateEndpoint', vnet.name));
    }
  }
  return out;
}
