import { describe, expect, it } from 'vitest';
import { buildUrl, displayPath, normaliseEndpoint } from './url.js';

describe('buildUrl', () => {
  it.each([
    ['http://h/a', {}, 'http://h/a?api-version=2018-06-01'],
    ['http://h/a?x=1', {}, 'http://h/a?x=1&api-version=2018-06-01'],
    [
      'http://h/a?api-version=2018-06-01&%24skipToken=a%2Fb',
      {},
      'http://h/a?api-version=2018-06-01&%24skipToken=a%2Fb',
    ],
    ['http://h/a?API-VERSION=1', {}, 'http://h/a?API-VERSION=1'],
    ['http://h/a', { isRecursive: 'true' }, 'http://h/a?isRecursive=true&api-version=2018-06-01'],
    ['http://h/a', { 'api-version': '2017-09-01-preview' }, 'http://h/a?api-version=2017-09-01-preview'],
    ['http://h/a', { q: 'a b&c' }, 'http://h/a?q=a%20b%26c&api-version=2018-06-01'],
  ])('%s + %j', (url, query, expected) => expect(buildUrl(url, query)).toBe(expected));
});

describe('normaliseEndpoint', () => {
  it('drops trailing slashes and keeps a base path', () => {
    expect(normaliseEndpoint('https://management.azure.com/')).toEqual({
      base: 'https://management.azure.com',
      origin: 'https://management.azure.com',
    });
    expect(normaliseEndpoint('http://127.0.0.1:4000/arm//')).toEqual({
      base: 'http://127.0.0.1:4000/arm',
      origin: 'http://127.0.0.1:4000',
    });
  });
  it.each(['management.azure.com', 'ftp://x'])('rejects %s with a user error', (endpoint) => {
    expect(() => normaliseEndpoint(endpoint)).toThrow(/invalid endpoint URL/);
  });
});

describe('displayPath', () => {
  it('decodes names for messages and drops the query', () => {
    expect(displayPath('http://h/f/pipelines/Copy%20Donn%C3%A9es?api-version=1')).toBe('/f/pipelines/Copy Données');
    expect(displayPath('http://h/bad%E0%A4%A')).toBe('/bad%E0%A4%A');
  });
});
