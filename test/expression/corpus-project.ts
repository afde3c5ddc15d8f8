import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { GlobalParameter, Project } from '../../src/manifest/types.js';
import type { Kind } from '../../src/model/kinds.js';
import type { Resource } from '../../src/model/resource.js';

/** Folder name in the ADF Studio git layout -> kind (the folders this test reads). */
const FOLDERS: Record<string, Kind> = {
  linkedService: 'LinkedService',
  dataset: 'Dataset',
  pipeline: 'Pipeline',
  trigger: 'Trigger',
  dataflow: 'DataFlow',
  integrationRuntime: 'IntegrationRuntime',
  credential: 'Credential',
};

export interface CorpusProject {
  project: Project;
  /** resource address -> file, for messages. */
  files: Map<string, string>;
}

/**
 * A minimal Project over one corpus factory folder ({name, properties} JSON files), built here because
 * the manifest loader is written concurrently. locate() gives the file with line 1, col 1.
 */
export function loadCorpusFactory(dir: string): CorpusProject {
  const resources: Resource[] = [];
  const files = new Map<string, string>();
  for (const [folder, kind] of Object.entries(FOLDERS)) {
    const full = path.join(dir, folder);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full)
      .filter((x) => x.endsWith('.json'))
      .sort()) {
      const file = path.join(full, f);
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { name: string; properties?: Record<string, unknown> };
      resources.push({ kind, name: doc.name, properties: doc.properties ?? {}, source: { file, line: 1, col: 1 } });
      files.set(`${kind}/${doc.name}`, file);
    }
  }
  let globalParameters: Record<string, GlobalParameter> | undefined;
  const factoryDir = path.join(dir, 'factory');
  if (existsSync(factoryDir)) {
    for (const f of readdirSync(factoryDir).filter((x) => x.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(path.join(factoryDir, f), 'utf8')) as {
        properties?: { globalParameters?: Record<string, GlobalParameter> };
      };
      globalParameters = { ...globalParameters, ...doc.properties?.globalParameters };
    }
  }
  const project: Project = {
    root: dir,
    configFile: path.join(dir, 'adf-deploy.yaml'),
    factory: { name: path.basename(dir), location: 'westeurope', globalParameters },
    target: { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg' },
    external: [],
    resources,
    locate: (id) => {
      const file = files.get(`${id.kind}/${id.name}`);
      return file ? { file, line: 1, col: 1 } : undefined;
    },
  };
  return { project, files };
}
