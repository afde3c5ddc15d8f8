import { describe, expect, it } from 'vitest';
import type { ExprNode } from './ast.js';
import { ExpressionSyntaxError, parseExpression } from './parser.js';

/** A compact rendering of a tree, to compare shapes in tables. */
function show(node: ExprNode): string {
  switch (node.kind) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'call':
      return `${node.name}(${node.args.map(show).join(',')})`;
    case 'member':
      return `${show(node.object)}${node.optional ? '?.' : '.'}${node.property}`;
    case 'index':
      return `${show(node.object)}${node.optional ? '?' : ''}[${show(node.index)}]`;
  }
}

function parseOk(text: string): ExprNode {
  const r = parseExpression(text);
  if (r instanceof ExpressionSyntaxError) throw new Error(`unexpected syntax error: ${r.message} at ${r.offset}`);
  return r;
}

describe('parseExpression: valid expressions', () => {
  it.each([
    ['pipeline().parameters.x', 'pipeline().parameters.x'],
    ["concat('a', 'b')", 'concat("a","b")'],
    ["concat('Baba', '''s ', 'book')", `concat("Baba","'s ","book")`],
    ["activity('Lookup 1').output.firstRow", 'activity("Lookup 1").output.firstRow'],
    ["activity('A').output.value[0]['my col']", 'activity("A").output.value[0]["my col"]'],
    ["activity('A')?.output?.x", 'activity("A")?.output?.x'],
    ["body('x')?['prop']", 'body("x")?["prop"]'],
    ['add(1, -2.5)', 'add(1,-2.5)'],
    ['sub(10.3, .3)', 'sub(10.3,0.3)'],
    ['if(true, false, null)', 'if(true,false,null)'],
    ['  utcnow( )  ', 'utcnow()'],
    ['equals(TRUE, False)', 'equals(true,false)'],
    ["'just a string'", '"just a string"'],
    ['42', '42'],
    ['pipeline().globalParameters.GP-Int', 'pipeline().globalParameters.GP-Int'],
    ['item().$schema', 'item().$schema'],
    [
      "activity('A').output.value[sub(length(activity('A').output.value), 1)]",
      'activity("A").output.value[sub(length(activity("A").output.value),1)]',
    ],
    ['createArray(1,\n  2)', 'createArray(1,2)'],
  ])('%s', (text, expected) => {
    expect(show(parseOk(text))).toBe(expected);
  });

  it('records spans: call start/end, property start', () => {
    const node = parseOk('pipeline().parameters.x');
    expect(node).toMatchObject({ kind: 'member', property: 'x', propertyStart: 22, start: 0, end: 23 });
  });
});

describe('parseExpression: syntax errors with their offset', () => {
  it.each([
    ['', 0, 'empty expression'],
    ['   ', 0, 'empty expression'],
    ["concat('a'", 10, "expected ',' or ')' in the call of 'concat'"],
    ["concat('a',)", 11, "expected an argument after ','"],
    ["concat('a' 'b')", 11, "expected ',' or ')'"],
    ["concat('a", 7, 'unterminated string literal starting at 8'],
    ['pipeline', 8, "expected '(' after the function name 'pipeline'"],
    ['pipeline().', 11, "expected a property name after '.'"],
    ['pipeline()?x', 11, "expected '.' or '[' after '?'"],
    ["pipeline().parameters['x'", 25, "expected ']' to close the '[' at 22"],
    ['pipeline()[]', 11, 'expected an index'],
    ['concat("a")', 7, 'single quotes'],
    ['concat(a b)', 9, "expected '(' after the function name 'a', found 'b'"],
    ['pipeline()) ', 10, "unexpected ')' after the end of the expression"],
    ['12abc', 2, "unexpected 'abc' right after the number 12"],
    ['#x', 0, "expected a function call or a literal, found '#'"],
  ])('%j', (text, offset, message) => {
    const r = parseExpression(text);
    expect(r).toBeInstanceOf(ExpressionSyntaxError);
    const err = r as ExpressionSyntaxError;
    expect(err.message).toContain(message);
    expect(err.offset).toBe(offset);
  });
});

describe('parseExpression: number literals', () => {
  it.each([
    ['2.0', true],
    ['.5', true],
    ['1e3', true],
    ['-2.5', true],
    ['2', false],
    ['-7', false],
  ])('%s is a float: %s', (text, float) => {
    const node = parseOk(text);
    expect(node.kind === 'literal' && node.float === true).toBe(float);
  });
});
