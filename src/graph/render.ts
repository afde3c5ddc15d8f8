import type { Resource } from '../model/resource.js';
import { resourceAddress } from '../model/resource.js';
import type { Dag } from './dag.js';

export type GraphFormat = 'mermaid' | 'dot' | 'json';
export const GRAPH_FORMATS: GraphFormat[] = ['mermaid', 'dot', 'json'];

/** Nodes sorted by key and edges "from depends on to", so output is stable. */
function edgesOf(dag: Dag<Resource>): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const k of dag.keys().sort()) for (const d of dag.dependenciesOf(k).sort()) edges.push([k, d]);
  return edges;
}

/** Mermaid flowchart: arrows point from a dependency to what needs it (creation order reads left to right). */
export function renderMermaid(dag: Dag<Resource>): string {
  const keys = dag.keys().sort();
  const id = new Map(keys.map((k, i) => [k, `n${i}`]));
  const label = (k: string) => resourceAddress(dag.get(k)!).replace(/"/g, '#quot;');
  const lines = ['graph LR'];
  for (const k of keys) lines.push(`  ${id.get(k)}["${label(k)}"]`);
  for (const [from, to] of edgesOf(dag)) lines.push(`  ${id.get(to)} --> ${id.get(from)}`);
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT, same direction as the mermaid form. */
export function renderDot(dag: Dag<Resource>): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const addr = (k: string) => q(resourceAddress(dag.get(k)!));
  const lines = ['digraph adf {', '  rankdir=LR;', '  node [shape=box];'];
  for (const k of dag.keys().sort()) lines.push(`  ${addr(k)};`);
  for (const [from, to] of edgesOf(dag)) lines.push(`  ${addr(to)} -> ${addr(from)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Versioned JSON: nodes with their source file, and edges as { from, to } meaning "from depends on to". */
export function renderGraphJson(dag: Dag<Resource>): string {
  const nodes = dag
    .keys()
    .sort()
    .map((k) => {
      const r = dag.get(k)!;
      return {
        key: k,
        address: resourceAddress(r),
        kind: r.kind,
        name: r.name,
        ...(r.source ? { file: r.source.file, line: r.source.line } : {}),
      };
    });
  const edges = edgesOf(dag).map(([from, to]) => ({ from, to }));
  return `${JSON.stringify({ formatVersion: 1, nodes, edges }, null, 2)}\n`;
}

export function renderGraph(dag: Dag<Resource>, format: GraphFormat): string {
  return format === 'dot' ? renderDot(dag) : format === 'json' ? renderGraphJson(dag) : renderMermaid(dag);
}
