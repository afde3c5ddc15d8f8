import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from './context.js';
import { evaluate, evaluateDeep, evaluateExpression } from './evaluate.js';
import { ExpressionEvaluationError } from './value.js';

const ctx: EvaluationContext = {
  parameters: { myNumber: 42, myString: 'foo', flag: true, obj: { a: 1, list: [1, 2] }, nothing: null },
  globalParameters: { 'GP-Int': 2000000, env: 'Prod' },
  variables: { counter: '3', files: ['a.csv', 'b.csv'] },
  activities: {
    'Lookup 1': { output: { firstRow: { Col: 'v' }, value: [{ id: 1 }, { id: 2 }], count: 2 }, status: 'Succeeded' },
  },
  system: {
    RunId: 'run-1',
    Pipeline: 'P1',
    DataFactory: 'F1',
    TriggerType: 'Manual',
    TriggerName: 'Sandbox',
    TriggerId: 'Sandbox',
    TriggerTime: '2024-05-01T10:00:00Z',
    GroupId: 'g-1',
  },
  dataset: { fileName: 'x.csv' },
  linkedService: { host: 'db.example' },
  now: () => new Date('2024-05-01T10:00:00Z'),
};

describe('evaluate: string values as ADF reads them', () => {
  it.each([
    ['parameters', 'parameters'],
    ['parameters[1]', 'parameters[1]'],
    ['@@', '@'],
    [' @', ' @'],
    ['@pipeline().parameters.myString', 'foo'],
    ['@{pipeline().parameters.myString}', 'foo'],
    ['@pipeline().parameters.myNumber', 42],
    ['@{pipeline().parameters.myNumber}', '42'],
    ['Answer is: @{pipeline().parameters.myNumber}', 'Answer is: 42'],
    ["@concat('Answer is: ', string(pipeline().parameters.myNumber))", 'Answer is: 42'],
    ['Answer is: @@{pipeline().parameters.myNumber}', 'Answer is: @{pipeline().parameters.myNumber}'],
    // Interpolation rendering: booleans as .NET prints them, null as empty, objects and arrays as compact JSON.
    ['flag=@{pipeline().parameters.flag}', 'flag=True'],
    ['x=@{pipeline().parameters.nothing}.', 'x=.'],
    ['o=@{pipeline().parameters.obj}', 'o={"a":1,"list":[1,2]}'],
    ['@pipeline().parameters.obj', { a: 1, list: [1, 2] }],
    ['@{pipeline().parameters.obj.list}', '[1,2]'],
  ])('%j', (text, expected) => {
    expect(evaluate(text, ctx)).toEqual(expected);
  });
});

describe('evaluate: context', () => {
  it.each([
    ['@pipeline().RunId', 'run-1'],
    ['@pipeline().Pipeline', 'P1'],
    ['@pipeline().DataFactory', 'F1'],
    ['@pipeline().TriggerType', 'Manual'],
    ['@pipeline().TriggerName', 'Sandbox'],
    ['@pipeline().TriggerTime', '2024-05-01T10:00:00Z'],
    ['@pipeline().GroupId', 'g-1'],
    ['@pipeline().parameters.MYSTRING', 'foo'],
    ["@pipeline().parameters['myString']", 'foo'],
    ['@pipeline().globalParameters.GP-Int', 2000000],
    ["@variables('Counter')", '3'],
    ["@variables('files')[1]", 'b.csv'],
    ["@activity('lookup 1').output.firstRow.col", 'v'],
    ["@activity('Lookup 1').output.value[1].id", 2],
    ["@activity('Lookup 1').status", 'Succeeded'],
    ['@dataset().fileName', 'x.csv'],
    ['@linkedService().host', 'db.example'],
    ["@activity('Lookup 1').output?.missing", null],
    ["@activity('Lookup 1').output?.missing?.deeper", null],
    ["@activity('Lookup 1').output?['missing']", null],
    ['@pipeline().parameters.obj.list?[5]', null],
  ])('%s', (text, expected) => {
    expect(evaluate(text, ctx)).toEqual(expected);
  });

  it('item() is the current ForEach item', () => {
    expect(evaluate('@item().name', { ...ctx, item: { name: 'n1' } })).toBe('n1');
  });

  it('trigger(), triggerBody() and triggerOutputs() read the trigger context', () => {
    const t: EvaluationContext = {
      trigger: {
        scheduledTime: '2024-01-01T00:00:00Z',
        startTime: '2024-01-01T00:00:01Z',
        outputs: { windowStartTime: 'w0', body: { fileName: 'f.csv' } },
      },
    };
    expect(evaluate('@trigger().scheduledTime', t)).toBe('2024-01-01T00:00:00Z');
    expect(evaluate('@trigger().startTime', t)).toBe('2024-01-01T00:00:01Z');
    expect(evaluate('@trigger().outputs.windowStartTime', t)).toBe('w0');
    expect(evaluate('@triggerBody().fileName', t)).toBe('f.csv');
    expect(evaluate('@triggerOutputs().windowStartTime', t)).toBe('w0');
  });

  it('uses the injected clock', () => {
    expect(evaluate("@formatDateTime(utcnow(), 'yyyy/MM/dd HH:mm')", ctx)).toBe('2024/05/01 10:00');
  });

  it('if() evaluates only the chosen branch', () => {
    expect(evaluate("@if(true, 'ok', activity('Missing').output)", ctx)).toBe('ok');
  });

  it('evaluateExpression takes the text without @', () => {
    expect(evaluateExpression("toUpper('a')")).toBe('A');
  });

  it('evaluateDeep evaluates strings and Expression objects through a document', () => {
    const doc = {
      a: '@pipeline().parameters.myNumber',
      b: { value: "@concat('x', 'y')", type: 'Expression' },
      c: ['lit', '@@x'],
      d: 5,
    };
    expect(evaluateDeep(doc, ctx)).toEqual({ a: 42, b: 'xy', c: ['lit', '@x'], d: 5 });
  });
});

describe('evaluate: errors', () => {
  it.each([
    [
      '@pipeline().parameters.nope',
      "The expression 'pipeline().parameters.nope' cannot be evaluated because property 'nope' doesn't exist, available properties are 'myNumber, myString, flag, obj, nothing'.",
    ],
    [
      '@pipeline().parameters.nothing.x',
      "property 'x' cannot be selected. Property selection is not supported on values of type 'Null'",
    ],
    ['@pipeline().parameters.myNumber.x', "Property selection is not supported on values of type 'Integer'"],
    ["@variables('files')[2]", "array index '2' is outside bounds (0, 1) of array"],
    [
      "@activity('Nope').output",
      "The output of activity 'Nope' can't be referenced since it is either not present or not completed.",
    ],
    ["@variables('nope')", "The variable 'nope' is not defined"],
    ['@item()', "The template function 'item' is not defined or not valid here"],
    ['@trigger()', "The template function 'trigger' is not defined or not valid here"],
    ['@nosuch()', "The template function 'nosuch' is not defined or not valid."],
    ['@concat()', "The template language function 'concat' expects at least 1 parameter(s); it was given 0."],
    ["@if(1, 'a', 'b')", "'if' expects its first parameter to be of type boolean"],
    [
      "@concat('a'",
      "is not valid: expected ',' or ')' in the call of 'concat' opened at 7, found end of expression (column 11)",
    ],
    ['a @{b(', "unterminated '@{'"],
  ])('%s', (text, message) => {
    let error: unknown;
    try {
      evaluate(text, { parameters: ctx.parameters, variables: ctx.variables });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionEvaluationError);
    expect((error as Error).message).toContain(message);
  });
});
