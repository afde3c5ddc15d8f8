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
