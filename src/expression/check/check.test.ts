import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../manifest/types.js';
import type { Resource } from '../../model/resource.js';
import { checkExpressions } from './index.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';

function project(
  resources: Resource[],
  globalParameters: Record<string, { type: string; value: unknown }> = {},
): Project {
  return {
    root: '/p',
    configFile: '/p/adf-deploy.yaml',
    factory: { name: 'f', location: 'westeurope', globalParameters },
    target: { subscriptionId: 's', resourceGroup: 'rg' },
    external: [],
    resources,
    locate: () => undefined,
  };
}

const act = (name: string, extra: Record<string, unknown> = {}, dependsOn: string[] = []): Record<string, unknown> => ({
  name,
  type: 'SetVariable',
  dependsOn: dependsOn.map((activity) => ({ activity, dependencyConditions: ['Succeeded'] })),
  typeProperties: { variableName: 'v', value: 'x' },
  ...extra,
});

const setVar = (name: string, value: unknown, dependsOn: string[] = []) =>
  act(name, { typeProperties: { variableName: 'v', value } }, dependsOn);

function pipeline(activities: unknown[], extra: Record<string, unknown> = {}): Resource {
  return {
    kind: 'Pipeline',
    name: 'P',
    properties: {
      parameters: { inPath: { type: 'String' } },
      variables: { v: { type: 'String' } },
      activities,
      ...extra,
    },
  };
}

const codes = (resources: Resource[], globals?: Record<string, { type: string; value: unknown }>) =>
  checkExpressions(project(resources, globals)).map((d) => d.code);

describe('checkExpressions: one table row per check (found / not found)', () => {
  it.each<[string, Resource[], string[]]>([
    ['syntax error', [pipeline([setVar('A', "@concat('a'")])], ['expr.syntax']],
    ['unterminated interpolation', [pipeline([setVar('A', 'x @{concat(')])], ['expr.syntax']],
    ['valid syntax', [pipeline([setVar('A', "@concat('a', 'b')")])], []],
    ['unknown function', [pipeline([setVar('A', "@concatt('a')")])], ['expr.unknown-function']],
    ['function names ignore case', [pipeline([setVar('A', "@CONCAT(utcnow(), 'b')")])], []],
    ['too few arguments', [pipeline([setVar('A', "@replace('a', 'b')")])], ['expr.arity']],
    ['too many arguments', [pipeline([setVar('A', '@utcnow(1, 2)')])], ['expr.arity']],
    ['variadic function', [pipeline([setVar('A', "@concat('a', 'b', 'c', 'd')")])], []],
    [
      'undeclared pipeline parameter',
      [pipeline([setVar('A', '@pipeline().parameters.outPath')])],
      ['expr.undeclared-parameter'],
    ],
    ['declared pipeline parameter, other case', [pipeline([setVar('A', '@pipeline().parameters.INPATH')])], []],
    [
      "parameter selected with ['x']",
      [pipeline([setVar('A', "@pipeline().parameters['nope']")])],
      ['expr.undeclared-parameter'],
    ],
    ['dynamic parameter name is not checked', [pipeline([setVar('A', "@pipeline().parameters[variables('v')]")])], []],
    ['undeclared variable', [pipeline([setVar('A', "@variables('w')")])], ['expr.undeclared-variable']],
    ['declared variable, other case', [pipeline([setVar('A', "@variables('V')")])], []],
    ['unknown activity', [pipeline([setVar('A', "@activity('Nope').output")])], ['expr.unknown-activity']],
    [
      'activity that does not run before',
      [pipeline([setVar('A', "@activity('B').output"), setVar('B', 'x')])],
      ['expr.activity-order'],
    ],
    [
      'activity that runs before (dependsOn)',
      [pipeline([setVar('A', "@activity('B').output", ['B']), setVar('B', 'x')])],
      [],
    ],
    [
      'activity that runs before (transitively)',
      [pipeline([setVar('A', "@activity('C').output", ['B']), setVar('B', 'x', ['C']), setVar('C', 'x')])],
      [],
    ],
    ['activity referring to itself', [pipeline([setVar('A', "@activity('A').output")])], ['expr.activity-order']],
    ['item() outside ForEach', [pipeline([setVar('A', '@item().name')])], ['expr.item-outside-foreach']],
    [
      'trigger() in a pipeline',
      [pipeline([setVar('A', '@trigger().scheduledTime')])],
      ['expr.trigger-outside-trigger'],
    ],
    [
      'triggerBody() in a pipeline',
      [pipeline([setVar('A', '@triggerBody().fileName')])],
      ['expr.trigger-outside-trigger'],
    ],
    [
      'unknown global parameter',
      [pipeline([setVar('A', '@pipeline().globalParameters.nope')])],
      ['expr.unknown-global-parameter'],
    ],
    ['known global parameter', [pipeline([setVar('A', '@pipeline().globalParameters.GP-Int')])], []],
    [
      'dataflow script is not read',
      [{ kind: 'DataFlow', name: 'DF', properties: { typeProperties: { script: '@nosuch(', scriptLines: ['@{'] } } }],
      [],
    ],
    [
      'descriptions are free text',
      [
        pipeline([act('A', { description: '@not( an expression' })], {
          description: '@nor this',
          annotations: ['@x('],
          folder: { name: '@y(' },
        }),
      ],
      [],
    ],
    [
      'parameter default values are literal',
      [pipeline([], { parameters: { p: { type: 'String', defaultValue: '@nosuch(' } } })],
      [],
    ],
  ])('%s', (_label, resources, expected) => {
    expect(codes(resources, { 'GP-Int': { type: 'int', value: 1 } })).toEqual(expected);
  });
});

describe('activity scope in containers', () => {
  const forEach = (name: string, items: string, inner: unknown[], dependsOn: string[] = []) => ({
    name,
    type: 'ForEach',
    dependsOn: dependsOn.map((activity) => ({ activity, dependencyConditions: ['Succeeded'] })),
    typeProperties: { items: { value: items, type: 'Expression' }, activities: inner },
  });

  it('item() is available inside a ForEach, including nested containers', () => {
    const nestedIf = {
      name: 'If',
      type: 'IfCondition',
      typeProperties: {
        expression: { value: '@equals(item().x, 1)', type: 'Expression' },
        ifTrueActivities: [setVar('Deep', '@item().y')],
      },
    };
    expect(codes([pipeline([forEach('F', '@createArray(1)', [setVar('In', '@item()'), nestedIf])])])).toEqual([]);
  });

  it("item() in the ForEach's own items expression is reported", () => {
    expect(codes([pipeline([forEach('F', '@item().list', [setVar('In', 'x')])])])).toEqual([
      'expr.item-outside-foreach',
    ]);
  });

  it("item() is available in a Filter's condition, not in its items", () => {
    const filter = (items: string, condition: string) => ({
      name: 'Flt',
      type: 'Filter',
      typeProperties: {
        items: { value: items, type: 'Expression' },
        condition: { value: condition, type: 'Expression' },
      },
    });
    expect(codes([pipeline([filter('@createArray(1)', '@equals(item(), 1)')])])).toEqual([]);
    expect(codes([pipeline([filter('@item()', '@true')])])).toEqual(['expr.item-outside-foreach']);
  });

  it('an inner activity may refer to its container and to what runs before the container', () => {
    const p = pipeline([
      setVar('Before', 'x'),
      forEach(
        'F',
        '@createArray(1)',
        [setVar('In', "@concat(string(activity('Before').output), string(activity('F').output))")],
        ['Before'],
      ),
    ]);
    expect(codes([p])).toEqual([]);
  });

  it('an inner activity may refer to a sibling before it, not after it', () => {
    const p = pipeline([
      forEach('F', '@createArray(1)', [
        setVar('A', 'x'),
        setVar('B', "@activity('A').output", ['A']),
        setVar('C', "@activity('D').output"),
        setVar('D', 'x'),
      ]),
    ]);
    expect(codes([p])).toEqual(['expr.activity-order']);
  });

  it("an Until condition may refer to the loop's inner activities; an If condition may not", () => {
    const until = {
      name: 'U',
      type: 'Until',
      typeProperties: {
        expression: { value: "@equals(activity('Inner').output, 1)", type: 'Expression' },
        activities: [setVar('Inner', 'x')],
      },
    };
    const iff = {
      name: 'I',
      type: 'IfCondition',
      typeProperties: {
        expression: { value: "@equals(activity('Inner2').output, 1)", type: 'Expression' },
        ifTrueActivities: [setVar('Inner2', 'x')],
      },
    };
    expect(codes([pipeline([until])])).toEqual([]);
    expect(codes([pipeline([iff])])).toEqual(['expr.activity-order']);
  });

  it('an activity inside a container that ran before: a warning for If/ForEach, nothing for Until', () => {
    const iff = {
      name: 'I',
      type: 'IfCondition',
      typeProperties: { expression: { value: '@true', type: 'Expression' }, ifTrueActivities: [setVar('InIf', 'x')] },
    };
    const until = {
      name: 'U',
      type: 'Until',
      typeProperties: { expression: { value: '@true', type: 'Expression' }, activities: [setVar('InUntil', 'x')] },
    };
    const after = setVar('After', "@concat(string(activity('InIf').output), string(activity('InUntil').output))", [
      'I',
      'U',
    ]);
    const diags = checkExpressions(project([pipeline([iff, until, after])]));
    expect(diags.map((d) => [d.severity, d.code, d.message.split(' (column')[0]])).toEqual([
      [
        'warning',
        'expr.activity-order',
        "activity 'InIf' is inside 'I', which runs before 'After'; it may not have run (branch not taken, loop without that iteration)",
      ],
    ]);
    const fe = forEach('F', '@createArray(1)', [setVar('InLoop', 'x')]);
    expect(
      checkExpressions(project([pipeline([fe, setVar('After2', "@activity('InLoop').output", ['F'])])])).map(
        (d) => d.severity,
      ),
    ).toEqual(['warning']);
  });

  it('Switch cases are scanned with their own scope', () => {
    const sw = {
      name: 'S',
      type: 'Switch',
      typeProperties: {
        on: { value: "@variables('v')", type: 'Expression' },
        cases: [{ value: 'a', activities: [setVar('C1', '@item()')] }],
        defaultActivities: [setVar('D1', "@variables('nope')")],
      },
    };
    expect(codes([pipeline([sw])]).sort()).toEqual(['expr.item-outside-foreach', 'expr.undeclared-variable']);
  });
});

describe('datasets, linked services, triggers', () => {
  it('dataset().X must be declared by the dataset', () => {
    const ds: Resource = {
      kind: 'Dataset',
      name: 'DS',
      properties: {
        parameters: { fileName: { type: 'String' } },
        typeProperties: {
          location: {
            fileName: { value: '@dataset().FILENAME', type: 'Expression' },
            folderPath: { value: '@dataset().folder', type: 'Expression' },
          },
        },
      },
    };
    expect(codes([ds])).toEqual(['expr.undeclared-parameter']);
  });

  it('linkedService().X must be declared by the linked service', () => {
    const ls: Resource = {
      kind: 'LinkedService',
      name: 'LS',
      properties: {
        parameters: { db: { type: 'String' } },
        typeProperties: { connectionString: 'Server=x;Database=@{linkedService().db};User=@{linkedService().user}' },
      },
    };
    expect(codes([ls])).toEqual(['expr.undeclared-parameter']);
  });

  it('trigger() is allowed in trigger pipeline parameters only', () => {
    const target = pipeline([], { parameters: { start: { type: 'String' }, file: { type: 'String' } } });
    const trigger: Resource = {
      kind: 'Trigger',
      name: 'T',
      properties: {
        type: 'ScheduleTrigger',
        typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '@trigger().startTime' } },
        pipelines: [
          {
            pipelineReference: { referenceName: 'P', type: 'PipelineReference' },
            parameters: { start: '@trigger().scheduledTime', file: '@triggerBody().fileName' },
          },
        ],
      },
    };
    expect(codes([target, trigger])).toEqual(['expr.trigger-outside-trigger']);
  });
});

describe('parameters passed through references', () => {
  const ds: Resource = {
    kind: 'Dataset',
    name: 'DS',
    properties: { parameters: { fileName: { type: 'String' }, folder: { type: 'String', defaultValue: 'in' } } },
  };
  const copy = (parameters: Record<string, unknown> | undefined) =>
    pipeline([
      act('Copy', {
        type: 'Copy',
        typeProperties: {},
        inputs: [{ referenceName: 'ds', type: 'DatasetReference', ...(parameters ? { parameters } : {}) }],
      }),
    ]);

  it.each<[string, Record<string, unknown> | undefined, string[]]>([
    ['all supplied', { fileName: 'a.csv', folder: 'x' }, []],
    ['optional left out, other case', { FILENAME: 'a.csv' }, []],
    ['unknown parameter', { fileName: 'a', fileNmae: 'b' }, ['ref.unknown-parameter']],
    ['required parameter missing', { folder: 'x' }, ['ref.missing-parameter']],
    ['no parameters at all', undefined, ['ref.missing-parameter']],
  ])('dataset: %s', (_label, parameters, expected) => {
    expect(codes([ds, copy(parameters)])).toEqual(expected);
  });

  it('ExecutePipeline parameters are checked against the called pipeline', () => {
    const child: Resource = { kind: 'Pipeline', name: 'Child', properties: { parameters: { a: { type: 'String' } } } };
    const parent = pipeline([
      act('Run', {
        type: 'ExecutePipeline',
        typeProperties: { pipeline: { referenceName: 'Child', type: 'PipelineReference' }, parameters: { b: 1 } },
      }),
    ]);
    const diags = checkExpressions(project([child, parent]));
    expect(diags.map((d) => [d.code, d.message])).toEqual([
      ['ref.unknown-parameter', "parameter 'b' passed to Pipeline/Child is not declared by it"],
      [
        'ref.missing-parameter',
        "Pipeline/Child requires parameter 'a' (it has no defaultValue), but the reference does not pass it",
      ],
    ]);
    expect(diags[0].path).toEqual(['properties', 'activities', 0, 'typeProperties', 'parameters', 'b']);
  });

  it('linked service parameters are checked from a dataset', () => {
    const ls: Resource = { kind: 'LinkedService', name: 'LS', properties: { parameters: { db: { type: 'String' } } } };
    const d: Resource = {
      kind: 'Dataset',
      name: 'D2',
      properties: {
        linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference', parameters: { dbb: 'x' } },
      },
    };
    expect(codes([ls, d])).toEqual(['ref.unknown-parameter', 'ref.missing-parameter']);
  });

  it('says nothing for expression-valued reference names, absent targets and data flow sources', () => {
    const dyn = pipeline([
      act('Copy', {
        type: 'Copy',
        inputs: [
          { referenceName: '@pipeline().parameters.inPath', type: 'DatasetReference' },
          { referenceName: 'Absent', type: 'DatasetReference', parameters: { z: 1 } },
        ],
      }),
    ]);
    const df: Resource = {
      kind: 'DataFlow',
      name: 'DF',
      properties: {
        typeProperties: { sources: [{ name: 's', dataset: { referenceName: 'DS', type: 'DatasetReference' } }] },
      },
    };
    expect(codes([ds, dyn, df])).toEqual([]);
  });
});

describe('diagnostic shape and location', () => {
  it('points at the file, line and the column inside the expression, with a did-you-mean', () => {
    const dir = tempDir('expr-');
    const file = path.join(dir, 'p.yaml');
    const lines = [
      'kind: Pipeline',
      'name: P',
      'properties:',
      '  activities:',
      '    - name: A',
      '      typeProperties:',
      '        value: "@concatt(\'a\')"',
      "        other: @{toUper('a')} plain",
    ];
    writeFileSync(file, lines.join('\n'));
    const resource = pipeline([setVar('A', "@concatt('a')")]);
    (resource.properties.activities as Array<Record<string, unknown>>)[0].typeProperties = {
      value: "@concatt('a')",
      other: "@{toUper('a')} plain",
    };
    const p = project([resource]);
    p.locate = (_r, at) => (at[at.length - 1] === 'value' ? { file, line: 7, col: 16 } : { file, line: 8, col: 16 });
    const diags = checkExpressions(p);
    expect(diags.map((d) => ({ code: d.code, location: d.location, hint: d.hint, resource: d.resource }))).toEqual([
      {
        code: 'expr.unknown-function',
        location: { file, line: 7, col: 18 },
        hint: "did you mean 'concat'?",
        resource: 'Pipeline/P',
      },
      {
        code: 'expr.unknown-function',
        location: { file, line: 8, col: 18 },
        hint: "did you mean 'toUpper'?",
        resource: 'Pipeline/P',
      },
    ]);
    expect(diags[0].message).toBe("unknown function 'concatt' (column 2 of '@concatt('a')')");
    expect(diags[0].path).toEqual(['properties', 'activities', 0, 'typeProperties', 'value']);
  });

  it('moves past an opening single quote; keeps the position of multi-line values; no location without one', () => {
    const dir = tempDir('expr-');
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, ["a: '@variables(''w'')'", 'b: |', '  @concat(', "    nosuch('x'))"].join('\n'));
    const p = project([pipeline([setVar('A', "@variables('w')"), setVar('B', "@concat(\n  nosuch('x'))")])]);
    p.locate = (_r, at) => (at[1] === 0 ? { file, line: 1, col: 4 } : { file, line: 2, col: 4 });
    expect(checkExpressions(p).map((d) => d.location)).toEqual([
      { file, line: 1, col: 16 },
      { file, line: 2, col: 4 },
    ]);
    expect(checkExpressions(project([pipeline([setVar('A', "@variables('w')")])]))[0].location).toBeUndefined();
  });

  it('lists at most ten declared names in a hint', () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`param${i}`, { type: 'String' }]));
    const [d] = checkExpressions(
      project([pipeline([setVar('A', '@pipeline().parameters.zzzzzzzz')], { parameters: many })]),
    );
    expect(d.hint).toBe(
      'declared: param0, param1, param2, param3, param4, param5, param6, param7, param8, param9, ... (12 in all)',
    );
  });

  it('suggests the declared names', () => {
    const [d] = checkExpressions(project([pipeline([setVar('A', '@pipeline().parameters.inPth')])]));
    expect(d).toMatchObject({
      severity: 'error',
      code: 'expr.undeclared-parameter',
      message: "pipeline parameter 'inPth' is not declared (column 24 of '@pipeline().parameters.inPth')",
      hint: "did you mean 'inPath'?",
    });
  });
});
