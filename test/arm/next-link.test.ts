/**
 * topLevelNextLink (issue 19): the worker's nextLink without JSON.parse of the page. Wherever JSON.parse reads the
 * body as an object, both must give the same string (or none).
 */
import { describe, expect, it } from 'vitest';
import { topLevelNextLink } from '../../src/arm/next-link.js';

/** What the worker used to read: JSON.parse(body).nextLink when a string. */
function parsed(body: string): string | undefined {
  const link = (JSON.parse(body) as { nextLink?: unknown }).nextLink;
  return typeof link === 'string' ? link : undefined;
}

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRICKY = ['nextLink', 'next"Link', 'a\\', '\\"', '"', '{', '}', '[', ']', ':', ',', 'é', '\u2028', '', ' '];

function value(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 3 || pick < 0.35) return TRICKY[Math.floor(r() * TRICKY.length)] + String(Math.floor(r() * 100));
  if (pick < 0.45) return [null, true, false, 0, -1.5e3][Math.floor(r() * 5)];
  if (pick < 0.65) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  const out: Record<string, unknown> = {};
  for (let k = Math.floor(r() * 5); k > 0; k--)
    out[r() < 0.3 ? 'nextLink' : TRICKY[Math.floor(r() * TRICKY.length)] + String(k)] = value(r, depth + 1);
  return out;
}

describe('topLevelNextLink', () => {
  it('reads ARM pages as JSON.parse does, whitespace and escapes included', () => {
    const link = 'https://management.azure.com/f/pipelines?api-version=2018-06-01&$skipToken=a%2Fb';
    const page = { value: [{ name: 'p', properties: { nextLink: 'inner', s: 'a"b\\' } }], nextLink: link };
    for (const body of [JSON.stringify(page), JSON.stringify(page, null, 2), JSON.stringify(page, null, '\t')])
      expect(topLevelNextLink(body)).toBe(link);
    expect(topLevelNextLink('{"nextLink":"a\\u0026b\\/c"}')).toBe('a&b/c');
    expect(topLevelNextLink('{"nextLink" : "x" , "value":[]}')).toBe('x');
  });

  it('gives nothing for a nextLink that is not a string, nested only, or missing', () => {
    for (const body of ['{"value":[]}', '{"nextLink":null}', '{"nextLink":1}', '{"nextLink":{"a":"b"}}'])
      expect(topLevelNextLink(body)).toBeUndefined();
    expect(topLevelNextLink('{"value":[{"nextLink":"inner"}],"x":{"nextLink":"deep"}}')).toBeUndefined();
    // The last key wins, as with JSON.parse.
    expect(topLevelNextLink('{"nextLink":"a","nextLink":"b"}')).toBe('b');
    expect(topLevelNextLink('{"nextLink":"a","nextLink":null}')).toBeUndefined();
  });

  it('agrees with JSON.parse on 2,000 generated objects', () => {
    const r = rng(19);
    for (let i = 0; i < 2000; i++) {
      const v = value(r, 0);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
      const body = JSON.stringify(v, null, i % 3 === 0 ? 1 : undefined);
      expect(topLevelNextLink(body), body).toBe(parsed(body));
    }
  });
});
