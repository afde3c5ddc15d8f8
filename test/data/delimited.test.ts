import { describe, expect, it } from 'vitest';
import {
  DelimitedParser,
  type DelimitedSettings,
  formatRow,
} from '../../src/emulator/runtime/activities/data/delimited.js';
import { JsonObjectSplitter } from '../../src/emulator/runtime/activities/data/json-format.js';
import { wildcardToRegExp } from '../../src/emulator/runtime/activities/data/select.js';

const base: DelimitedSettings = {
  columnDelimiter: ',',
  quoteChar: '"',
  escapeChar: '\\',
  firstRowAsHeader: false,
  nullValue: '',
};

function parse(text: string | string[], s: Partial<DelimitedSettings> = {}) {
  const p = new DelimitedParser({ ...base, ...s });
  const rows = [];
  for (const chunk of Array.isArray(text) ? text : [text]) rows.push(...p.push(chunk));
  return [...rows, ...p.finish()];
}

describe('DelimitedText parser', () => {
  it('reads any line ending, quoted delimiters and line breaks, escapes, nulls', () => {
    expect(parse('a,b\r\n"x,1","y\nz"\r3,\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'y\nz'],
      ['3', null],
    ]);
    expect(parse('"say \\"hi\\"",b')).toEqual([['say "hi"', 'b']]);
    expect(parse('"say ""hi""",b', { escapeChar: '"' })).toEqual([['say "hi"', 'b']]);
    expect(parse('"",x')).toEqual([['', 'x']]);
    expect(parse('NULL,x', { nullValue: 'NULL' })).toEqual([[null, 'x']]);
  });

  it('rows and escapes split across chunks parse the same', () => {
    const text = 'a;"b;c";"d""e"\nf;g;h\n';
    const whole = parse(text, { columnDelimiter: ';', escapeChar: '"' });
    for (let cut = 1; cut < text.length; cut++)
      expect(parse([text.slice(0, cut), text.slice(cut)], { columnDelimiter: ';', escapeChar: '"' })).toEqual(whole);
  });

  it('a custom row delimiter and a multi-character column delimiter', () => {
    expect(parse('a||b|c||d', { columnDelimiter: '||', rowDelimiter: '|' })).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('writes with quotes only where needed, escaping quotes, CRLF by default', () => {
    expect(formatRow(['a', 'b,c', 'say "x"', null, ''], base)).toBe('a,"b,c","say \\"x\\"",,""\r\n');
    expect(formatRow(['a'], { ...base, quoteAllText: true, rowDelimiter: '\n' })).toBe('"a"\n');
  });
});

describe('Json splitter and wildcards', () => {
  it('finds objects in lines, concatenations and arrays, across chunks', () => {
    const s = new JsonObjectSplitter();
    const out = [...s.push('{"a":1}\n{"b":"}{"'), ...s.push('}[{"c":[1,{"d":2}]}]')];
    s.finish();
    expect(out).toEqual([{ a: 1 }, { b: '}{' }, { c: [1, { d: 2 }] }]);
  });

  it('wildcards: * and ? stay inside one folder level, ^ escapes', () => {
    expect(wildcardToRegExp('*.csv').test('a.csv')).toBe(true);
    expect(wildcardToRegExp('*.csv').test('x/a.csv')).toBe(false);
    expect(wildcardToRegExp('f?le^*.txt').test('file*.txt')).toBe(true);
    expect(wildcardToRegExp('f?le^*.txt').test('filex.txt')).toBe(false);
  });
});
