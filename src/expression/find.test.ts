import { describe, expect, it } from 'vitest';
import { findExpressions } from './find.js';
import { hasExpression, splitTemplate } from './template.js';

describe('splitTemplate', () => {
  it.each([
    ['plain text', [{ type: 'literal', value: 'plain text' }]],
    ['', [{ type: 'literal', value: '' }]],
    ['@@', [{ type: 'literal', value: '@' }]],
    ['@@concat(x)', [{ type: 'literal', value: '@concat(x)' }]],
    [' @', [{ type: 'literal', value: ' @' }]],
    ['user@example.com', [{ type: 'literal', value: 'user@example.com' }]],
    ["@concat('a')", [{ type: 'expression', text: "concat('a')", offset: 1, interpolated: false }]],
    ['@{x()}', [{ type: 'expression', text: 'x()', offset: 2, interpolated: true }]],
    [
      'a @{x()} b',
      [
        { type: 'literal', value: 'a ' },
        { type: 'expression', text: 'x()', offset: 4, interpolated: true },
        { type: 'literal', value: ' b' },
      ],
    ],
    ['Answer: @@{x()}', [{ type: 'literal', value: 'Answer: @{x()}' }]],
    [
      "@{concat('}')}!",
      [
        { type: 'expression', text: "concat('}')", offset: 2, interpolated: true },
        { type: 'literal', value: '!' },
      ],
    ],
    ["@{concat('it''s }')}", [{ type: 'expression', text: "concat('it''s }')", offset: 2, interpolated: true }]],
  ])('%j', (input, parts) => {
    expect(splitTemplate(input)).toEqual({ parts });
  });

  it('reports an unterminated @{ with its offset', () => {
    expect(splitTemplate('abc @{x(').error).toEqual({
      offset: 4,
      message: "unterminated '@{': expected a closing '}'",
    });
  });
});

describe('findExpressions', () => {
  it('finds @ values, interpolations and Expression objects with their JSON paths', () => {
    const doc = {
      a: '@pipeline().parameters.p',
      b: { value: '@dataset().x', type: 'Expression' },
      c: ['literal', 'file_@{utcnow()}.csv'],
      d: { value: '@notAnExpressionObject()', type: 'String' },
    };
    expect(findExpressions(doc, ['properties'])).toEqual([
      { path: ['properties', 'a'], text: 'pipeline().parameters.p', kind: '@', offset: 1 },
      { path: ['properties', 'b', 'value'], text: 'dataset().x', kind: 'object', offset: 1 },
      { path: ['properties', 'c', 1], text: 'utcnow()', kind: 'interpolation', offset: 7 },
      { path: ['properties', 'd', 'value'], text: 'notAnExpressionObject()', kind: '@', offset: 1 },
    ]);
  });

  it('leaves data flow scripts, descriptions, annotations and folders alone', () => {
    const doc = {
      typeProperties: { sources: [], script: 'source(x) ~> @{y}', scriptLines: ['@abc'] },
      description: '@ mention',
      annotations: ['@tag'],
      folder: { name: '@x' },
      activities: [{ name: 'A', description: '@not an expression' }],
    };
    expect(findExpressions(doc)).toEqual([]);
  });

  it('reads a description that is data (inside a body), not free text', () => {
    const doc = { activities: [{ name: 'W', typeProperties: { body: { description: '@pipeline().parameters.d' } } }] };
    expect(findExpressions(doc).map((e) => e.text)).toEqual(['pipeline().parameters.d']);
  });

  it('reads a `script` property outside a data flow body (e.g. an activity setting)', () => {
    expect(findExpressions({ typeProperties: { script: '@pipeline().parameters.s' } }).map((e) => e.text)).toEqual([
      'pipeline().parameters.s',
    ]);
  });

  it('leaves SQL text that is not an expression alone, but finds interpolations inside it', () => {
    const doc = { sqlReaderQuery: "DECLARE @x int = 1; SELECT * FROM t WHERE d = '@{pipeline().parameters.d}'" };
    expect(findExpressions(doc).map((e) => e.text)).toEqual(['pipeline().parameters.d']);
  });

  it('marks an unterminated interpolation', () => {
    expect(findExpressions({ x: 'a @{b(' })).toEqual([
      { path: ['x'], text: 'b(', offset: 4, kind: 'interpolation', unterminated: true },
    ]);
  });
});

describe('hasExpression', () => {
  it.each([
    ['@x()', true],
    ['a @{x()}', true],
    ['a @{x(', true],
    ['@@x()', false],
    ['a @@{x()}', false],
    ['mail@example.com', false],
  ])('%j -> %s', (value, expected) => {
    expect(hasExpression(value)).toBe(expected);
  });
});
