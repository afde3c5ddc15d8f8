import { describe, expect, it } from 'vitest';
import { neutraliseData, neutraliseText } from './neutralise.js';

describe('terminal escapes in names', () => {
  it('shows control characters and bidi overrides as visible escapes, keeps newlines and ordinary text', () => {
    expect(neutraliseText('P\u001b[2K\u001b[1Aok')).toBe('P\\u{1b}[2K\\u{1b}[1Aok');
    expect(neutraliseText('a\u202eb')).toBe('a\\u{202e}b');
    expect(neutraliseText('line\nnext é')).toBe('line\nnext é');
  });
  it('walks plan data, keys included', () => {
    expect(neutraliseData({ changes: [{ name: 'x\u0007', path: ['k\u001b'] }], 'a\u0008': 1 })).toEqual({
      changes: [{ name: 'x\\u{7}', path: ['k\\u{1b}'] }],
      'a\\u{8}': 1,
    });
  });
  it('returns clean data as it is (no second copy of a large plan) and never mutates what it neutralises', () => {
    const clean = { changes: [{ name: 'ok', desired: { properties: { a: [1, 'b'] } } }], dirty: { name: 'x' } };
    expect(neutraliseData(clean)).toBe(clean);
    const mixed = { clean: clean.changes, dirty: { name: 'x\u0007' } };
    const out = neutraliseData(mixed);
    expect(out.clean).toBe(clean.changes);
    expect(out.dirty).toEqual({ name: 'x\\u{7}' });
    expect(mixed.dirty.name).toBe('x\u0007');
  });
});
