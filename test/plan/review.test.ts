import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/planner.js';
import type { Plan } from '../../src/plan/types.js';
import { renderPlanJson } from '../../src/render/plan-json.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import type { Resource } from '../../src/model/resource.js';
import { DS, LS_BLOB, LS_SQL, PL, TR, appliedState, input, liveOf, makeProject, res } from './fixtures.js';
import { expectGolden } from './golden.js';

/** Plans a reviewer reads (issue 16): each rendered as text, Markdown and JSON, compared with golden files. */

/** Live = what applying `before` left; planned from `after`. */
function planOf(before: Resource[], after: Resource[], edit?: (live: ReturnType<typeof appliedState>) => void): Plan {
  const live = appliedState(makeProject(before), computePlan, { Daily: 'Started' });
  edit?.(live);
  return computePlan(input(makeProject(after), live)).plan;
}

const wait = (name: string, dependsOn: string[] = []) => ({
  name,
  type: 'Wait',
  dependsOn: dependsOn.map((activity) => ({ activity, dependencyConditions: ['Succeeded'] })),
  typeProperties: { waitTimeInSeconds: 1 },
});

function driftPlan(): Plan {
  const all = [TR, PL, DS, LS_BLOB];
  return planOf(all, all, (live) => {
    live.resources.push(
      liveOf('Pipeline', 'Old Pipeline', { activities: [] }),
      liveOf('Trigger', 'Hourly', {
        type: 'ScheduleTrigger',
        runtimeState: 'Started',
        pipelines: [{ pipelineReference: { referenceName: 'Old Pipeline', type: 'PipelineReference' } }],
      }),
      liveOf('ManagedVirtualNetwork', 'default', {}),
      liveOf('ManagedPrivateEndpoint', 'pe-blob', { privateLinkResourceId: '/x', groupId: 'blob' }, 'default'),
    );
    const props = live.factory!.body.properties as Record<string, unknown>;
    props.globalParameters = { legacy: { type: 'String', value: 'x' } };
  });
}

function renamePlan(): Plan {
  const renamed = res('Dataset', 'DS_Input_v2', DS.properties);
  const pipeline = res('Pipeline', 'Copy', {
    activities: [
      {
        ...(PL.properties.activities as object[])[0],
        inputs: [{ referenceName: 'DS_Input_v2', type: 'DatasetReference' }],
      },
    ],
  });
  return planOf([LS_BLOB, DS, PL], [LS_BLOB, renamed, pipeline]);
}

function insertedFirstPlan(): Plan {
  const before = res('Pipeline', 'Chain', {
    activities: [wait('Copy data'), wait('Transform', ['Copy data']), wait('Publish', ['Transform'])],
  });
  const after = res('Pipeline', 'Chain', {
    activities: [
      wait('Check source'),
      wait('Copy data', ['Check source']),
      wait('Transform', ['Copy data']),
      wait('Publish', ['Transform']),
    ],
  });
  return planOf([before], [after]);
}

const SCRIPT = [
  'source(output(',
  '  id as integer,',
  '  name as string,',
  '  amount as decimal(10,2)',
  '),',
  '  allowSchemaDrift: true,',
  '  validateSchema: false) ~> Orders',
  'Orders filter(amount > 0) ~> Positive',
  'Positive derive(total = amount * 1.2) ~> WithTax',
  'WithTax aggregate(groupBy(id),',
  '  sum = sum(total)) ~> Totals',
  'Totals sink(allowSchemaDrift: true,',
  '  validateSchema: false,',
  '  skipDuplicateMapInputs: true,',
  '  skipDuplicateMapOutputs: true) ~> Out',
];
const flow = (lines: string[]) =>
  res('DataFlow', 'Orders', {
    type: 'MappingDataFlow',
    typeProperties: {
      sources: [{ name: 'Orders', dataset: { referenceName: 'DS_Input', type: 'DatasetReference' } }],
      sinks: [{ name: 'Out', dataset: { referenceName: 'DS_Input', type: 'DatasetReference' } }],
      transformations: [{ name: 'Positive' }, { name: 'WithTax' }, { name: 'Totals' }],
      scriptLines: lines,
    },
  });

function scriptEditPlan(): Plan {
  const edited = SCRIPT.map((l) =>
    l.includes('amount * 1.2') ? 'Positive derive(total = amount * 1.25) ~> WithTax' : l,
  );
  edited.splice(11, 0, 'Totals alterRow(upsertIf(true())) ~> Upserts');
  return planOf([LS_BLOB, DS, flow(SCRIPT)], [LS_BLOB, DS, flow(edited)]);
}

/** A pipeline of 25 activities in a chain, with parameters and a nested ForEach: the whole body is shown. */
function largePipeline(name = 'Large'): Resource {
  const activities: Record<string, unknown>[] = [];
  for (let i = 1; i <= 25; i++) activities.push(wait(`Step ${i}`, i > 1 ? [`Step ${i - 1}`] : []));
  activities.push({
    name: 'Each file',
    type: 'ForEach',
    dependsOn: [{ activity: 'Step 25', dependencyConditions: ['Succeeded'] }],
    typeProperties: {
      items: { value: '@pipeline().parameters.files', type: 'Expression' },
      activities: [wait('Inner')],
    },
  });
  return res('Pipeline', name, {
    parameters: { files: { type: 'array', defaultValue: [] }, runDate: { type: 'string' } },
    variables: { count: { type: 'Integer' } },
    activities,
  });
}

function largeCreatePlan(): Plan {
  return planOf([], [LS_SQL, largePipeline()]);
}

function overBudgetPlan(): Plan {
  const pipelines = Array.from({ length: 12 }, (_, i) => largePipeline(`Large ${String(i + 1).padStart(2, '0')}`));
  return planOf([], pipelines);
}

describe('plans a reviewer can trust (golden)', () => {
  const cases: [string, () => Plan][] = [
    ['drift', driftPlan],
    ['rename', renamePlan],
    ['inserted-first', insertedFirstPlan],
    ['script-edit', scriptEditPlan],
    ['large-create', largeCreatePlan],
  ];
  it.each(
    cases.flatMap(([name, make]) => [
      [`${name}.text`, () => renderPlanText(make())],
      [`${name}.md`, () => renderPlanMarkdown(make())],
      [`${name}.json`, () => renderPlanJson(make())],
    ]),
  )('%s', (name, render) => {
    expectGolden(name as string, (render as () => string)());
  });

  it('over-budget.md: stays within the budget and says what it left out', () => {
    const md = renderPlanMarkdown(overBudgetPlan(), { budget: 8_000 });
    expect(md.length).toBeLessThanOrEqual(8_000);
    expect(md).toContain('**Shortened to fit 8,000 characters.** Left out:');
    expect(md).toContain('adf-deploy show plan.json');
    expect(md.indexOf('| Action | Resource | Details |')).toBeLessThan(md.indexOf('<details>'));
    expectGolden('over-budget.md', md);
    // The default budget fits GitHub's limit; 0 lifts it.
    expect(renderPlanMarkdown(overBudgetPlan()).length).toBeLessThanOrEqual(65_536);
    expect(renderPlanMarkdown(overBudgetPlan(), { budget: 0 })).not.toContain('Shortened');
  });

  it('drift: its own section and count, and a rename reads as one create plus one drift', () => {
    const drift = driftPlan();
    expect(drift.hasChanges).toBe(false);
    expect(drift.summary.drift).toBe(4);
    expect(drift.drift?.map((d) => d.address)).toEqual([
      'GlobalParameter/legacy',
      'ManagedPrivateEndpoint/default/pe-blob',
      'Pipeline/Old Pipeline',
      'Trigger/Hourly',
    ]);
    expect(renderPlanText(drift)).toContain(
      'No changes to apply; 4 in the factory, not in the manifests (left in place).',
    );
    const rename = renamePlan();
    expect(rename.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'create Dataset/DS_Input_v2',
      'update Pipeline/Copy',
    ]);
    expect(rename.drift?.map((d) => d.address)).toEqual(['Dataset/DS_Input']);
  });

  it('a created body never shows a secret, and escapes Markdown in names', () => {
    const plan = largeCreatePlan();
    for (const text of [renderPlanText(plan), renderPlanMarkdown(plan), renderPlanJson(plan)])
      expect(text).not.toContain('KNOWN-SECRET-PASSWORD-456');
    expect(renderPlanText(plan)).toContain(
      '+ properties.typeProperties.password: {"type":"SecureString","value":"(sensitive value)"}',
    );
  });
});
