import { describe, expect, it } from 'vitest';
import { evaluate, implementedFunctions } from '../evaluate.js';
import type { EvaluationContext } from '../context.js';
import { FUNCTIONS } from './table.js';

const ctx: EvaluationContext = {
  now: () => new Date('2018-04-15T13:00:00Z'),
  newGuid: () => 'c2ecc88d-88c8-4096-912c-d6f2e2b138ce',
  random: () => 0.5,
};

const run = (text: string): unknown => evaluate(text, ctx);

/** One or more cases for every built-in; the set is compared with the function table below. */
const CASES: Array<[fn: string, expression: string, expected: unknown]> = [
  // string
  ['concat', "@concat('Hello', 'World')", 'HelloWorld'],
  ['concat', "@concat('n=', 1, ' b=', true, ' o=', json('{\"a\":1}'))", 'n=1 b=True o={"a":1}'],
  ['endsWith', "@endsWith('hello world', 'WORLD')", true],
  ['guid', '@guid()', 'c2ecc88d-88c8-4096-912c-d6f2e2b138ce'],
  ['guid', "@guid('N')", 'c2ecc88d88c84096912cd6f2e2b138ce'],
  ['guid', "@guid('B')", '{c2ecc88d-88c8-4096-912c-d6f2e2b138ce}'],
  ['guid', "@guid('P')", '(c2ecc88d-88c8-4096-912c-d6f2e2b138ce)'],
  ['indexOf', "@indexOf('hello world', 'World')", 6],
  ['indexOf', "@indexOf('hello', 'z')", -1],
  ['lastIndexOf', "@lastIndexOf('hello world world', 'world')", 12],
  ['replace', "@replace('the old string', 'old', 'new')", 'the new string'],
  ['split', "@split('a_b_c', '_')", ['a', 'b', 'c']],
  ['startsWith', "@startsWith('hello world', 'HELLO')", true],
  ['substring', "@substring('hello world', 6, 5)", 'world'],
  ['substring', "@substring('hello world', 6)", 'world'],
  ['toLower', "@toLower('Hello World')", 'hello world'],
  ['toUpper', "@toUpper('Hello World')", 'HELLO WORLD'],
  ['trim', "@trim(' Hello World  ')", 'Hello World'],
  // collection
  ['contains', "@contains('hello world', 'world')", true],
  ['contains', '@contains(createArray(1, 2), 3)', false],
  ['contains', "@contains(json('{\"Key\": 1}'), 'key')", false],
  ['contains', "@contains(json('{\"Key\": 1}'), 'Key')", true],
  ['empty', "@empty('')", true],
  ['empty', '@empty(createArray(1))', false],
  ['empty', "@empty(json('{}'))", true],
  ['first', "@first('hello')", 'h'],
  ['first', '@first(createArray(0, 1, 2))', 0],
  ['intersection', '@intersection(createArray(1, 2, 3), createArray(101, 2, 1, 10), createArray(6, 8, 1, 2))', [1, 2]],
  ['join', "@join(createArray('a', 'b', 'c'), '.')", 'a.b.c'],
  ['last', "@last('abcd')", 'd'],
  ['last', '@last(createArray(0, 1, 2, 3))', 3],
  ['length', "@length('abcd')", 4],
  ['length', '@length(createArray(0, 1, 2, 3))', 4],
  ['skip', '@skip(createArray(0, 1, 2, 3), 1)', [1, 2, 3]],
  ['take', "@take('abcde', 3)", 'abc'],
  ['take', '@take(createArray(0, 1, 2, 3, 4), 3)', [0, 1, 2]],
  ['union', '@union(createArray(1, 2, 3), createArray(1, 2, 10, 101))', [1, 2, 3, 10, 101]],
  ['union', '@union(json(\'{"a":1,"b":2}\'), json(\'{"b":3}\'))', { a: 1, b: 3 }],
  // logical
  ['and', '@and(true, true)', true],
  ['and', '@and(equals(1, 1), equals(1, 2))', false],
  ['equals', "@equals('abc', 'abcd')", false],
  ['equals', '@equals(1, 1.0)', true],
  ['equals', '@equals(json(\'[1,{"a":2}]\'), createArray(1, json(\'{"a":2}\')))', true],
  ['greater', '@greater(10, 5)', true],
  ['greater', "@greater('apple', 'banana')", false],
  ['greaterOrEquals', '@greaterOrEquals(5, 5)', true],
  ['if', "@if(equals(1, 1), 'yes', 'no')", 'yes'],
  ['less', '@less(5, 10)', true],
  ['lessOrEquals', "@lessOrEquals('apply', 'apple')", false],
  ['not', '@not(equals(1, 2))', true],
  ['or', '@or(false, false)', false],
  ['or', '@or(equals(1, 1), equals(1, 2))', true],
  // conversion
  ['array', "@array('hello')", ['hello']],
  ['base64', "@base64('hello')", 'aGVsbG8='],
  [
    'base64ToBinary',
    "@base64ToBinary('aGVsbG8=')",
    { '$content-type': 'application/octet-stream', $content: 'aGVsbG8=' },
  ],
  ['base64ToString', "@base64ToString('aGVsbG8=')", 'hello'],
  ['binary', "@binary('hello')", { '$content-type': 'application/octet-stream', $content: 'aGVsbG8=' }],
  ['bool', '@bool(1)', true],
  ['bool', "@bool('False')", false],
  ['coalesce', "@coalesce(null, 'hello', 'world')", 'hello'],
  ['coalesce', '@coalesce(null, null)', null],
  ['createArray', "@createArray('h', 'e')", ['h', 'e']],
  ['dataUri', "@dataUri('hello')", 'data:text/plain;charset=utf-8;base64,aGVsbG8='],
  [
    'dataUriToBinary',
    "@dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
    { '$content-type': 'application/octet-stream', $content: 'aGVsbG8=' },
  ],
  ['dataUriToString', "@dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')", 'hello'],
  ['decodeBase64', "@decodeBase64('aGVsbG8=')", 'hello'],
  [
    'decodeDataUri',
    "@decodeDataUri('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
    { '$content-type': 'application/octet-stream', $content: 'aGVsbG8=' },
  ],
  ['decodeUriComponent', "@decodeUriComponent('https%3A%2F%2Fcontoso.com')", 'https://contoso.com'],
  ['encodeUriComponent', "@encodeUriComponent('https://contoso.com')", 'https%3A%2F%2Fcontoso.com'],
  ['float', "@float('10.333')", 10.333],
  ['int', "@int('10')", 10],
  ['int', '@int(2.5)', 2],
  ['json', "@json('[1, 2, 3]')", [1, 2, 3]],
  ['json', '@json(\'{"fullName": "Sophia Owen"}\')', { fullName: 'Sophia Owen' }],
  ['json', "@json('{''single'': ''quotes'', bare: [1,]}')", { single: 'quotes', bare: [1] }],
  ['string', '@string(10)', '10'],
  ['string', '@string(json(\'{"name": "Sophie Owen"}\'))', '{"name":"Sophie Owen"}'],
  ['string', '@string(false)', 'False'],
  ['uriComponent', "@uriComponent('a b!*')", 'a%20b%21%2A'],
  [
    'uriComponentToBinary',
    "@uriComponentToBinary('hello%21')",
    { '$content-type': 'application/octet-stream', $content: 'aGVsbG8h' },
  ],
  ['uriComponentToString', "@uriComponentToString('http%3A%2F%2Fcontoso.com')", 'http://contoso.com'],
  [
    'xml',
    '@xml(json(\'{"person": {"@id": "1", "name": "Sophia & co"}}\'))',
    '<person id="1"><name>Sophia &amp; co</name></person>',
  ],
  // math
  ['add', '@add(1, 1.5)', 2.5],
  ['div', '@div(11, 5)', 2],
  ['div', '@div(11, 4.4)', 2.5],
  ['div', '@div(-11, 5)', -2],
  ['max', '@max(1, 2, 3)', 3],
  ['max', '@max(createArray(1, 2, 3))', 3],
  ['min', '@min(1, 2, 3)', 1],
  ['min', '@min(createArray(4, 2, 3))', 2],
  ['mod', '@mod(3, 2)', 1],
  ['mod', '@mod(-5, 3)', -2],
  ['mul', '@mul(1.5, 2)', 3],
  ['rand', '@rand(1, 5)', 3],
  ['range', '@range(1, 4)', [1, 2, 3, 4]],
  ['sub', '@sub(10.5, 0.5)', 10],
  // date and time
  ['addDays', "@addDays('2018-03-15T13:00:00Z', 10)", '2018-03-25T13:00:00.0000000Z'],
  ['addDays', "@addDays('2018-03-15T00:00:00Z', -5, 'yyyy-MM-dd')", '2018-03-10'],
  ['addHours', "@addHours('2018-03-15T00:00:00Z', 10)", '2018-03-15T10:00:00.0000000Z'],
  ['addMinutes', "@addMinutes('2018-03-15T00:20:00Z', -5)", '2018-03-15T00:15:00.0000000Z'],
  ['addSeconds', "@addSeconds('2018-03-15T00:00:30Z', -5)", '2018-03-15T00:00:25.0000000Z'],
  ['addToTime', "@addToTime('2018-01-01T00:00:00Z', 1, 'Day', 'D')", 'Tuesday, January 2, 2018'],
  ['addToTime', "@addToTime('2018-01-31T00:00:00Z', 1, 'Month')", '2018-02-28T00:00:00.0000000Z'],
  ['addToTime', "@addToTime('2020-02-29T00:00:00Z', 1, 'Year')", '2021-02-28T00:00:00.0000000Z'],
  ['addToTime', "@addToTime('2018-01-01T00:00:00Z', 2, 'Week')", '2018-01-15T00:00:00.0000000Z'],
  [
    'convertFromUtc',
    "@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')",
    '2018-01-01T00:00:00.0000000',
  ],
  ['convertFromUtc', "@convertFromUtc('2018-07-01T08:00:00Z', 'Pacific Standard Time', 'HH:mm')", '01:00'],
  ['convertFromUtc', "@convertFromUtc('2018-07-01T08:00:00Z', 'W. Europe Standard Time', 'HH:mm')", '10:00'],
  [
    'convertTimeZone',
    "@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')",
    '2018-01-01T00:00:00.0000000',
  ],
  [
    'convertTimeZone',
    "@convertTimeZone('2018-01-01T08:00:00Z', 'UTC', 'Pacific Standard Time', 'D')",
    'Monday, January 1, 2018',
  ],
  ['convertToUtc', "@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time')", '2018-01-01T08:00:00.0000000Z'],
  ['dayOfMonth', "@dayOfMonth('2018-03-15T13:27:36Z')", 15],
  ['dayOfWeek', "@dayOfWeek('2018-03-15T13:27:36Z')", 4],
  ['dayOfYear', "@dayOfYear('2018-03-15T13:27:36Z')", 74],
  ['formatDateTime', "@formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')", '2018-03-15T12:00:00'],
  ['formatDateTime', "@formatDateTime('2018-03-15T12:00:00+02:00')", '2018-03-15T10:00:00.0000000Z'],
  ['getFutureTime', "@getFutureTime(5, 'Day')", '2018-04-20T13:00:00.0000000Z'],
  ['getFutureTime', "@getFutureTime(5, 'Day', 'D')", 'Friday, April 20, 2018'],
  ['getPastTime', "@getPastTime(5, 'Day')", '2018-04-10T13:00:00.0000000Z'],
  ['startOfDay', "@startOfDay('2018-03-15T13:30:30Z')", '2018-03-15T00:00:00.0000000Z'],
  ['startOfHour', "@startOfHour('2018-03-15T13:30:30Z')", '2018-03-15T13:00:00.0000000Z'],
  ['startOfMonth', "@startOfMonth('2018-03-15T13:30:30Z')", '2018-03-01T00:00:00.0000000Z'],
  ['subtractFromTime', "@subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day')", '2018-01-01T00:00:00.0000000Z'],
  ['subtractFromTime', "@subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day', 'D')", 'Monday, January 1, 2018'],
  ['ticks', "@ticks('2018-03-15T13:00:00Z')", 636567156000000000n],
  ['ticks', "@ticks('0001-01-01T00:00:00.0000001Z')", 1],
  ['ticks', "@sub(ticks('2018-03-15T13:00:01Z'), ticks('2018-03-15T13:00:00Z'))", 10000000],
  ['utcNow', '@utcNow()', '2018-04-15T13:00:00.0000000Z'],
  ['utcNow', "@utcnow('D')", 'Sunday, April 15, 2018'],
];

describe('built-in functions', () => {
  it.each(CASES)('%s: %s', (_fn, expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('the cases cover every pure built-in of the function table', () => {
    const pure = [...FUNCTIONS.values()]
      .filter((f) => f.family !== 'system' && f.name !== 'xpath')
      .map((f) => f.name)
      .sort();
    expect([...new Set(CASES.map(([fn]) => fn))].sort()).toEqual(pure);
  });

  it('the evaluator implements exactly the functions of the table', () => {
    expect(implementedFunctions().sort()).toEqual([...FUNCTIONS.keys()].sort());
  });
});

describe('built-in function errors (messages shaped like ADF)', () => {
  it.each([
    ["@substring('abc', 2, 5)", "'substring' parameters are out of range"],
    ['@div(1, 0)', "'div' cannot divide by zero"],
    ['@mod(1, 0)', "'mod' cannot divide by zero"],
    ["@int('1.5')", "The value '1.5' cannot be converted to the target type 'Integer'"],
    ["@float('abc')", "cannot be converted to the target type 'Float'"],
    ["@bool('yes')", "cannot be converted to the target type 'Boolean'"],
    [
      '@toLower(1)',
      "'toLower' expects its first parameter to be of type string. The provided value is of type 'Integer'",
    ],
    ["@and(true, 'x')", "'and' expects its second parameter to be of type boolean"],
    ["@greater(1, 'a')", "'greater' expects two parameters of matching types"],
    ["@addToTime('2018-01-01', 1, 'Fortnight')", "expects a time unit of 'Second'"],
    ["@formatDateTime('not a date')", "'not a date' was not recognized as a valid DateTime"],
    ["@formatDateTime('2018-02-30')", 'was not recognized as a valid DateTime'],
    ["@formatDateTime('2018-01-01', 'Q')", "the date format 'Q'"],
    ["@convertFromUtc('2018-01-01', 'Mars Standard Time')", "time zone 'Mars Standard Time'"],
    ["@json('{bad')", "'json' parameter is not valid"],
    ["@xpath(xml('<a/>'), '/a[')", "'xpath' was given the XPath expression '/a['"],
    ["@json('<a><b></a>')", "'json' was given a value that is not valid XML"],
    ["@xml('<a><b></a>')", "'xml' was given a value that is not valid XML"],
    ['@range(1, -1)', "'range' expects its second parameter (count) to be a non-negative integer"],
    ['@rand(5, 5)', "'rand' expects its second parameter (5) to be greater"],
    ["@replace('abc', '', 'x')", 'non-empty string'],
    ["@guid('Z')", "format 'Z'"],
    ["@union(createArray(1), json('{}'))", "'union' expects parameters of type array or object"],
    ["@base64ToString('###')", 'not a valid base64 string'],
    ["@xml('[1]')", 'exactly one root property'],
  ])('%s', (expression, message) => {
    expect(() => run(expression)).toThrow(message);
  });
});
