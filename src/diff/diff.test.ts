import { describe, expect, it } from 'vitest';
import { diffDocuments, formatPath } from './diff.js';

describe('diffDocuments', () => {
  it.each([
    ['equal regardless of key order', { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }, []],
    ['scalar replaced', { a: 1 }, { a: 2 }, [{ path: ['a'], op: 'replace', before: 1, after: 2 }]],
    ['key added', {}, { a: 'x' }, [{ path: ['a'], op: 'add', after: 'x' }]],
    ['key removed', { a: 'x' }, {}, [{ path: ['a'], op: 'remove', before: 'x' }]],
    [
      'nested path',
      { p: { t: { s: 'a' } } },
      { p: { t: { s: 'b' } } },
      [{ path: ['p', 't', 's'], op: 'replace', before: 'a', after: 'b' }],
    ],
    [
      'array element changed in place',
      { a: [{ n: 1 }, { n: 2 }] },
      { a: [{ n: 1 }, { n: 3 }] },
      [{ path: ['a', 1, 'n'], op: 'replace', before: 2, after: 3 }],
    ],
    ['array element appended', { a: [1] }, { a: [1, 2] }, [{ path: ['a', 1], op: 'add', after: 2 }]],
    ['array element dropped', { a: [1, 2] }, { a: [1] }, [{ path: ['a', 1], op: 'remove', before: 2 }]],
    ['empty array replaced whole', { a: [] }, { a: [1] }, [{ path: ['a'], op: 'replace', before: [], after: [1] }]],
    ['type change', { a: 'x' }, { a: { v: 'x' } }, [{ path: ['a'], op: 'replace', before: 'x', after: { v: 'x' } }]],
  ])('%s', (_label, before, after, expected) => {
    expect(diffDocuments(before, after)).toEqual(expected);
  });
});

describe('formatPath', () => {
  it.each([
    [['properties', 'activities', 0, 'name'], 'properties.activities[0].name'],
    [['properties', 'globalParameters', 'GP-Int', 'value'], 'properties.globalParameters.GP-Int.value'],
    [['properties', 'parameters', 'my param'], 'properties.parameters["my param"]'],
    [[], '(root)'],
  ])('%j -> %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('lists by identity', () => {
  const act = (name: string, extra: Record<string, unknown> = {}) => ({ name, type: 'Wait', ...extra });

  it('an activity inserted first is one add, named, not a rename of every activity', () => {
    const before = { activities: [act('A'), act('B')] };
    const after = { activities: [act('New'), act('A'), act('B')] };
    expect(diffDocuments(before, after)).toEqual([
      { path: ['activities', { id: 'New' }], op: 'add', after: act('New') },
    ]);
  });

  it('names the path by identity, nested activities and dependsOn included', () => {
    const inner = (retry: number) => ({
      activities: [
        act('Copy data', { policy: { retry } }),
        act('Log', { dependsOn: [{ activity: 'Copy data', dependencyConditions: ['Succeeded'] }] }),
      ],
    });
    const before = { activities: [act('Loop', { typeProperties: inner(1) })] };
    const after = { activities: [act('Loop', { typeProperties: inner(3) })] };
    const changes = diffDocuments(before, after);
    expect(changes).toEqual([
      {
        path: ['activities', { id: 'Loop' }, 'typeProperties', 'activities', { id: 'Copy data' }, 'policy', 'retry'],
        op: 'replace',
        before: 1,
        after: 3,
      },
    ]);
    expect(formatPath(changes[0].path)).toBe('activities["Loop"].typeProperties.activities["Copy data"].policy.retry');
    const dep = (c: string) => ({
      activities: [act('Log', { dependsOn: [{ activity: 'X', dependencyConditions: [c] }] })],
    });
    expect(formatPath(diffDocuments(dep('Succeeded'), dep('Failed'))[0].path)).toBe(
      'activities["Log"].dependsOn["X"].dependencyConditions[0]',
    );
  });

  it('a removed item is one remove, and an order change alone is one reorder', () => {
    expect(diffDocuments({ a: [act('A'), act('B')] }, { a: [act('B')] })).toEqual([
      { path: ['a', { id: 'A' }], op: 'remove', before: act('A') },
    ]);
    expect(diffDocuments({ a: [act('A'), act('B')] }, { a: [act('B'), act('A')] })).toEqual([
      { path: ['a'], op: 'reorder', before: ['A', 'B'], after: ['B', 'A'] },
    ]);
  });

  it('falls back to positions when names repeat or are missing', () => {
    expect(
      diffDocuments(
        {
          a: [
            { name: 'x', v: 1 },
            { name: 'x', v: 2 },
          ],
        },
        {
          a: [
            { name: 'x', v: 1 },
            { name: 'x', v: 3 },
          ],
        },
      ),
    ).toEqual([{ path: ['a', 1, 'v'], op: 'replace', before: 2, after: 3 }]);
  });
});

describe('scripts as line diffs', () => {
  const script = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);

  it('one line inserted in scriptLines is one change with a hunk of context, not 35 changes', () => {
    const after = [...script.slice(0, 5), 'inserted', ...script.slice(5)];
    const changes = diffDocuments({ scriptLines: script }, { scriptLines: after });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toEqual({
      path: ['scriptLines'],
      op: 'replace',
      lines: ['@@ -3,6 +3,7 @@', ' line 3', ' line 4', ' line 5', '+inserted', ' line 6', ' line 7', ' line 8'],
    });
  });

  it('a multi-line string (script) is diffed by line too; an edit shows - then +', () => {
    const before = script.join('\n');
    const after = script.map((l) => (l === 'line 20' ? 'line twenty' : l)).join('\n');
    expect(diffDocuments({ script: before }, { script: after })[0].lines).toEqual([
      '@@ -17,7 +17,7 @@',
      ' line 17',
      ' line 18',
      ' line 19',
      '-line 20',
      '+line twenty',
      ' line 21',
      ' line 22',
      ' line 23',
    ]);
  });

  it('merges close edits into one hunk and keeps far ones apart', () => {
    const after = script.map((l) => (l === 'line 2' || l === 'line 6' || l === 'line 30' ? `${l}!` : l));
    const lines = diffDocuments({ scriptLines: script }, { scriptLines: after })[0].lines ?? [];
    expect(lines.filter((l) => l.startsWith('@@'))).toEqual(['@@ -1,9 +1,9 @@', '@@ -27,7 +27,7 @@']);
  });
});
