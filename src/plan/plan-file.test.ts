import { describe, expect, it } from 'vitest';
import { parsePlanFile } from './plan-file.js';

describe('parsePlanFile', () => {
  const minimal = { formatVersion: 1, target: {}, source: {}, factory: {}, changes: [], triggers: [], summary: {} };
  it('accepts a version 1 plan', () => {
    expect(parsePlanFile(JSON.stringify(minimal)).formatVersion).toBe(1);
  });
  it.each([
    ['not JSON', '{', /is not JSON/],
    ['another version', JSON.stringify({ ...minimal, formatVersion: 2 }), /formatVersion 2/],
    ['incomplete', JSON.stringify({ formatVersion: 1 }), /not a complete/],
  ])('rejects %s', (_l, text, message) => {
    expect(() => parsePlanFile(text, 'p.json')).toThrow(message);
  });
});
