import { describe, expect, it } from 'vitest';
import type { Project } from '../manifest/types.js';
import type { Resource } from '../model/resource.js';
import { buildGraph } from './build.js';
import { renderDot, renderGraphJson, renderMermaid } from './render.js';

const resources: Resource[] = [
  { kind: 'LinkedService', name: 'LS "quoted"', properties: {} },
  {
    kind: 'Dataset',
    name: 'DS\\x',
    properties: { linkedServiceName: { referenceName: 'ls "QUOTED"', type: 'LinkedServiceReference' } },
  },
];
const project = { resources } as unknown as Project;

describe('graph rendering', () => {
  it('mermaid: stable node ids, quotes escaped, arrows from dependency to dependent', () => {
    expect(renderMermaid(buildGraph(project))).toBe(
      'graph LR\n  n0["Dataset/DS\\x"]\n  n1["LinkedService/LS #quot;quoted#quot;"]\n  n1 --> n0\n',
    );
  });
  it('dot: quotes and backslashes escaped', () => {
    expect(renderDot(buildGraph(project))).toContain('"LinkedService/LS \\"quoted\\"" -> "Dataset/DS\\\\x";');
  });
  it('json: edges say "from depends on to"', () => {
    expect(JSON.parse(renderGraphJson(buildGraph(project))).edges).toEqual([
      { from: 'dataset/ds\\x', to: 'linkedservice/ls "quoted"' },
    ]);
  });
});
