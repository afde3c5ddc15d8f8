import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../test/helpers/cli.js';
import { isPlainObject } from '../core/json.js';
import { visitJson } from '../core/json-walk.js';
import { kindOfReferenceType } from './kinds.js';
import { dependenciesOf, findReferences } from './references.js';

describe('findReferences', () => {
  it.each([
    [
      'dataset linked service',
      { linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' } },
      [['LinkedService', 'LS']],
    ],
    [
      'connectVia',
      { connectVia: { referenceName: 'IR1', type: 'IntegrationRuntimeReference' } },
      [['IntegrationRuntime', 'IR1']],
    ],
    [
      'case-insensitive property names and type',
      { dataflow: { ReferenceName: 'DF', TYPE: 'dataflowreference' } },
      [['DataFlow', 'DF']],
    ],
    [
      'nested activities',
      {
        activities: [
          {
            type: 'ForEach',
            typeProperties: { activities: [{ inputs: [{ referenceName: 'DS', type: 'DatasetReference' }] }] },
          },
        ],
      },
      [['Dataset', 'DS']],
    ],
    [
      'trigger pipelines',
      { pipelines: [{ pipelineReference: { referenceName: 'P', type: 'PipelineReference' } }] },
      [['Pipeline', 'P']],
    ],
    [
      'tumbling window dependency',
      {
        dependsOn: [
          {
            type: 'TumblingWindowTriggerDependencyReference',
            referenceTrigger: { referenceName: 'T', type: 'TriggerReference' },
          },
        ],
      },
      [['Trigger', 'T']],
    ],
    ['credential', { credential: { referenceName: 'C', type: 'CredentialReference' } }, [['Credential', 'C']]],
    [
      'key vault store',
      { password: { type: 'AzureKeyVaultSecret', store: { referenceName: 'KV', type: 'LinkedServiceReference' } } },
      [['LinkedService', 'KV']],
    ],
    [
      'expression name skipped',
      { linkedServiceName: { referenceName: '@pipeline().parameters.ls', type: 'LinkedServiceReference' } },
      [],
    ],
    [
      'non-string name skipped',
      { linkedServiceName: { referenceName: { value: 'x', type: 'Expression' }, type: 'LinkedServiceReference' } },
      [],
    ],
    [
      'unknown reference type ignored',
      { x: { referenceName: 'A', type: 'SelfDependencyTumblingWindowTriggerReference' } },
      [],
    ],
  ])('%s', (_label, doc, expected) => {
    expect(findReferences(doc).map((r) => [r.kind, r.name])).toEqual(expected);
  });

  it('records the JSON path of each reference', () => {
    const refs = findReferences({ activities: [{ inputs: [{ referenceName: 'DS', type: 'DatasetReference' }] }] });
    expect(refs[0].path).toEqual(['activities', 0, 'inputs', 0]);
  });
});

describe('dependenciesOf', () => {
  it('ignores the built-in AutoResolveIntegrationRuntime', () => {
    const deps = dependenciesOf({
      kind: 'LinkedService',
      name: 'x',
      properties: {
        connectVia: { referenceName: 'autoresolveintegrationruntime', type: 'IntegrationRuntimeReference' },
      },
    });
    expect(deps).toEqual([]);
  });
  it('makes a private endpoint depend on its managed virtual network', () => {
    const deps = dependenciesOf({ kind: 'ManagedPrivateEndpoint', name: 'pe', parent: 'default', properties: {} });
    expect(deps.map((d) => [d.kind, d.name])).toEqual([['ManagedVirtualNetwork', 'default']]);
  });
});

describe('findReferences walks as visitJson walks', () => {
  /** The walk findReferences had before its own (issue 19): one visitJson callback per node. */
  function byVisitJson(properties: unknown): { kind: string; name: string; path: (string | number)[] }[] {
    const out: { kind: string; name: string; path: (string | number)[] }[] = [];
    visitJson(properties, (node, path) => {
      if (!isPlainObject(node)) return;
      const nameKey = Object.keys(node).find((k) => k.toLowerCase() === 'referencename');
      const typeKey = Object.keys(node).find((k) => k.toLowerCase() === 'type');
      const name = 'referenceName' in node ? node.referenceName : nameKey ? node[nameKey] : undefined;
      const type = 'type' in node ? node.type : typeKey ? node[typeKey] : undefined;
      if (typeof name !== 'string' || typeof type !== 'string') return;
      const kind = kindOfReferenceType(type);
      if (kind && !name.startsWith('@')) out.push({ kind, name, path: [...path] });
    });
    return out;
  }

  it('finds the same references, in the same order, with the same paths (examples and their reference shapes)', async () => {
    const bodies: unknown[] = [];
    for (const example of ['quickstart', 'multi-env'])
      for (const file of listYaml(path.join(PROJECT_ROOT, 'examples', example)))
        for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) bodies.push(doc.toJS()?.properties);
    const mixed = {
      a: [
        { referenceName: 'DS', type: 'DatasetReference', x: [{ ReferenceName: 'LS', TYPE: 'linkedservicereference' }] },
      ],
      b: { referenceName: '@pipeline().parameters.x', type: 'DatasetReference' },
      c: [null, 1, 'x', [{ referenceName: 'P', type: 'PipelineReference' }]],
      referenceName: 'top',
      type: 'IntegrationRuntimeReference',
    };
    bodies.push(mixed);
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(findReferences(structuredClone(body))).toEqual(byVisitJson(body));
    expect(findReferences(structuredClone(mixed)).map((r) => r.name)).toEqual(['top', 'DS', 'LS', 'P']);
  });
});

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? listYaml(path.join(dir, e.name))
      : /\.ya?ml$/.test(e.name) && e.name !== 'adf-deploy.yaml'
        ? [path.join(dir, e.name)]
        : [],
  );
}
