/**
 * ADF Studio JSON files take the fast path like YAML manifests (issue 19): their syntax trees are made only when a
 * diagnostic needs a position. A spread copy of the parsed document read every lazy getter, so each Studio file was
 * parsed a second time by yaml (a 1,240-object corpus factory loaded in 1.6-1.9 s instead of 0.1-0.2 s).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Yaml from 'yaml';
import { loadProject } from '../../src/manifest/load.js';
import { parseYamlDocuments, withValue } from '../../src/manifest/yaml-file.js';
import { CONFIG, writeTmpProject } from '../validate/tmp-project.js';

// The module instance the loader requires (src/manifest/yaml-file.ts loads yaml with createRequire).
const yaml = createRequire(import.meta.url)('yaml') as typeof Yaml;
const json = (v: unknown) => JSON.stringify(v, null, 4);
const LS = { type: 'AzureBlobStorage', typeProperties: { connectionString: 'DefaultEndpointsProtocol=https' } };

afterEach(() => vi.restoreAllMocks());

describe('Studio files are not parsed twice', () => {
  it('a clean Studio project loads without yaml parsing any file', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': CONFIG,
      'linkedService/LS.json': json({ name: 'LS', properties: LS }),
      'linkedService/LS2.json': json({ name: 'LS2', properties: LS }),
    });
    const parses = vi.spyOn(yaml, 'parseAllDocuments');
    const { project, diagnostics } = await loadProject(dir, { environ: {} });
    expect(diagnostics).toEqual([]);
    expect(project?.resources.map((r) => r.name)).toEqual(['LS', 'LS2']);
    expect(parses).not.toHaveBeenCalled();
  });

  it('a finding in a Studio file still has its line, its tree made then', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': CONFIG,
      'linkedService/LS.json': json({ name: 'LS', properties: LS, extra: 1 }),
    });
    const { diagnostics } = await loadProject(dir, { environ: {} });
    expect(diagnostics.find((d) => d.code === 'manifest.unknown-key')?.location).toMatchObject({
      file: path.join(dir, 'linkedService/LS.json'),
      line: 9,
    });
  });
});

describe('withValue', () => {
  it('gives the document another value and reads nothing of it until asked', () => {
    const [pd] = parseYamlDocuments('/p/a.json', '{\n  "a": 1\n}\n').documents;
    const parses = vi.spyOn(yaml, 'parseAllDocuments');
    const other = withValue(pd, { b: 2 });
    expect(parses).not.toHaveBeenCalled();
    expect(other.value).toEqual({ b: 2 });
    expect(pd.value).toEqual({ a: 1 });
    expect(other.start).toEqual(pd.start);
    expect(other.doc).toBe(pd.doc);
    expect(other.lineCounter.linePos(5)).toEqual({ line: 2, col: 4 });
  });
});
