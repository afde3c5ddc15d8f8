import { describe, expect, it } from 'vitest';
import { Dag, DependencyCycleError } from './dag.js';

function build(edges: Array<[string, string]>, extra: string[] = []): Dag<string> {
  const dag = new Dag<string>();
  for (const [a, b] of edges) {
    dag.add(a, a);
    dag.add(b, b);
  }
  for (const n of extra) dag.add(n, n);
  for (const [a, b] of edges) dag.connect(a, b);
  return dag;
}

describe('Dag', () => {
  it('orders dependencies first in waves', () => {
    const dag = build([
      ['ds', 'ls'],
      ['pl', 'ds'],
      ['tr', 'pl'],
      ['ls2', 'ls'],
    ]);
    expect(dag.waves()).toEqual([['ls'], ['ds', 'ls2'], ['pl'], ['tr']]);
    expect(dag.depth()).toBe(4);
  });

  it('reverses for deletes', () => {
    const dag = build([
      ['ds', 'ls'],
      ['pl', 'ds'],
    ]);
    expect(dag.order({ reversed: true })).toEqual(['pl', 'ds', 'ls']);
  });

  it('ignores self edges (tumbling window self-dependency)', () => {
    const dag = build([['t', 't']]);
    expect(dag.waves()).toEqual([['t']]);
  });

  it('reports a cycle with its members', () => {
    const dag = build([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'a'],
    ]);
    expect(dag.cycles()).toEqual([['a', 'b', 'c']]);
    expect(() => dag.waves()).toThrow(DependencyCycleError);
    expect(() => dag.waves()).toThrow('a -> b -> c -> a');
  });

  it('gives transitive dependencies', () => {
    const dag = build(
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      ['d'],
    );
    expect([...dag.transitiveDependencies('a')].sort()).toEqual(['b', 'c']);
    expect(dag.transitiveDependencies('d').size).toBe(0);
  });
});
