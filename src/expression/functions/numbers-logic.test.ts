import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '../context.js';
import { evaluate } from '../evaluate.js';

const ctx: EvaluationContext = {
  newGuid: () => 'c2ecc88d-88c8-4096-912c-d6f2e2b138ce',
  variables: { flag: true },
};
const run = (text: string): unknown => evaluate(text, ctx);

describe('integers and floats are kept apart', () => {
  it.each([
    // The reference: div gives the integer quotient of integers.
    ['@div(10, 5)', 2],
    ['@div(11, 5)', 2],
    ['@div(-11, 5)', -2],
    // A literal with a decimal point is a float, even without a fraction.
    ['@div(5, 2.0)', 2.5],
    ['@div(5.0, 2)', 2.5],
    ['@string(div(5, 2.0))', '2.5'],
    ['@add(1, 2.0)', 3],
    ['@div(add(1, 2.0), 2)', 1.5],
    ['@div(add(1, 2), 2)', 1],
    ['@mul(1, 2)', 2],
    ['@mul(1.5, 2)', 3],
    ['@div(mul(1.5, 2), 2)', 1.5],
    ['@div(sub(3.0, 1), 4)', 0.5],
    ['@div(sub(3, 1), 4)', 0],
    ['@mod(3, 2)', 1],
    ['@mod(-7, 2)', -1],
    ['@mod(7.5, 2)', 1.5],
    ['@div(mod(8.0, 3), 4)', 0.5],
    ['@div(max(1, 2.0), 4)', 0.5],
    ['@div(min(createArray(4.0, 6)), 8)', 0.5],
    ["@float('10.333')", 10.333],
    ["@div(float('5'), 2)", 2.5],
    ['@div(float(5), 2)', 2.5],
    ["@int('10')", 10],
    ["@div(int(float('5')), 2)", 2],
    ['@int(2.5)', 2],
    ['@int(3.5)', 4],
    ['@div(json(\'{"a": 2.0}\').a, 4)', 0.5],
    ['@div(json(\'{"a": 2}\').a, 4)', 0],
    ['@equals(2, 2.0)', true],
    ['@greater(2.5, 2)', true],
    ['@less(2.0, 3)', true],
    // .NET prints a whole double without a decimal point.
    ['@string(2.0)', '2'],
    ["@concat('n=', add(1, 2.0))", 'n=3'],
    ['@createArray(1.0, 2)', [1, 2]],
    // Inside JSON text a float keeps its decimal point, as Json.NET writes it.
    ['@string(createArray(1.0, 2, 2.5))', '[1.0,2,2.5]'],
    ['@string(json(\'{"a": 2.0, "b": [3.0]}\'))', '{"a":2.0,"b":[3.0]}'],
    ["@concat('', createArray(1e21))", '[1e+21]'],
  ])('%s is %j', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it('a float where an integer is required is an error naming the type', () => {
    expect(() => run('@range(0, 2.0)')).toThrow(
      "'range' expects its second parameter to be of type integer. The provided value is of type 'Float'",
    );
    expect(() => run("@addDays('2018-01-01', 1.0)")).toThrow("The provided value is of type 'Float'");
  });
});

describe('documented one-liners', () => {
  it.each([
    // contains on an object looks a key up case-sensitively (the reference says the function is case-sensitive).
    ["@contains(json('{\"Key\": 1}'), 'Key')", true],
    ["@contains(json('{\"Key\": 1}'), 'key')", false],
    ["@contains('hello world', 'World')", false],
    // The reference's example: a Boolean and the number it stands for are equal.
    ['@equals(true, 1)', true],
    ['@equals(false, 0)', true],
    ['@equals(true, 0)', false],
    ['@equals(1, true)', true],
    ["@equals('abc', 'abcd')", false],
    ["@equals('true', true)", false],
    // An empty format is the default 'D'.
    ["@guid('')", 'c2ecc88d-88c8-4096-912c-d6f2e2b138ce'],
    ['@guid()', 'c2ecc88d-88c8-4096-912c-d6f2e2b138ce'],
  ])('%s is %j', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });
});

describe('and() and or() stop at the first decisive argument', () => {
  it.each([
    // The reference's examples.
    ['@and(true, true)', true],
    ['@and(false, true)', false],
    ['@and(false, false)', false],
    ['@and(equals(1, 1), equals(2, 2))', true],
    ['@or(true, false)', true],
    ['@or(false, false)', false],
    ['@or(equals(1, 1), equals(1, 2))', true],
    ['@or(equals(1, 2), equals(1, 3))', false],
    // Later arguments are not evaluated once the result is known...
    ["@and(false, variables('undeclared'))", false],
    ["@or(true, variables('undeclared'))", true],
    ["@and(false, 'not a Boolean')", false],
    ["@or(variables('flag'), div(1, 0))", true],
    ['@and(true, true, false, div(1, 0))', false],
  ])('%s is %j', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('...but are when the result still depends on them', () => {
    expect(() => run("@and(true, variables('undeclared'))")).toThrow(/undeclared/);
    expect(() => run('@or(false, div(1, 0))')).toThrow(/divide by zero/);
    expect(() => run("@or(false, 'x')")).toThrow("'or' expects its second parameter to be of type boolean");
  });
});
