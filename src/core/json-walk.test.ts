import { describe, expect, it } from 'vitest';
import { DESCEND, mapJson, visitJson } from './json-walk.js';

describe('visitJson', () => {
  it('visits containers before children, with paths and parents; false skips a subtree', () => {
    const doc = { a: [1, { b: 2 }], skip: { c: 3 }, d: null };
    const seen: string[] = [];
    visitJson(doc, (node, path, parent) => {
      seen.push(`${path.join('.')}=${Array.isArray(node) ? 'array' : typeof node}${parent ? '' : ' (root)'}`);
      if (path[0] === 'skip') return false;
    });
    expect(seen).toEqual([
      '=object (root)',
      'a=array',
      'a.0=number',
      'a.1=object',
      'a.1.b=number',
      'skip=object',
      'd=object',
    ]);
  });

  it('starts from a given path', () => {
    const paths: string[] = [];
    visitJson([1], (_n, path) => void paths.push(JSON.stringify(path)), ['properties']);
    expect(paths).toEqual(['["properties"]', '["properties",0]']);
  });
});

describe('mapJson', () => {
  it('replaces where the callback answers, copies elsewhere, and leaves the input alone', () => {
    const doc = { a: ['x', 1], b: { keep: { deep: 'y' } }, c: 'z' };
    const out = mapJson(doc, (node, path) =>
      path[0] === 'b' && path.length === 2 ? 'whole' : typeof node === 'string' ? node.toUpperCase() : DESCEND,
    );
    expect(out).toEqual({ a: ['X', 1], b: { keep: 'whole' }, c: 'Z' });
    expect(doc.a[0]).toBe('x');
  });

  it('keeps a __proto__ key an own property', () => {
    const doc = JSON.parse('{"__proto__": {"polluted": true}}');
    const out = mapJson(doc, () => DESCEND) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
