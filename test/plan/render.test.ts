import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/planner.js';
import { renderPlanJson } from '../../src/render/plan-json.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { parsePlanFile } from '../../src/plan/plan-file.js';
import { DS, LS_BLOB, LS_SQL, PL, TR, appliedState, echo, input, liveOf, makeProject, res } from './fixtures.js';
import { expectGolden } from './golden.js';

/** One plan with every kind of change: factory update, create, update (add/remove/replace/sensitive), replace, delete, triggers. */
function mixedPlan() {
  const before = [
    TR,
    PL,
    DS,
    LS_BLOB,
    LS_SQL,
    res('IntegrationRuntime', 'ir-1', { type: 'Managed', typeProperties: {} }),
  ];
  const live = appliedState(
    makeProject(before, { globalParameters: { env: { type: 'string', value: 'dev' } } }),
    computePlan,
    { Daily: 'Started' },
  );
  live.resources.push(liveOf('Pipeline', 'Old Pipeline', { activities: [] }));
  live.resources.find((r) => r.kind === 'IntegrationRuntime')!.body = echo('IntegrationRuntime', 'ir-1', {
    properties: { type: 'Managed', typeProperties: {} },
  }).body;
  const after = [
    res('Trigger', 'Daily', { ...TR.properties, typeProperties: { recurrence: { frequency: 'Hour', interval: 1 } } }),
    res('Pipeline', 'Copy', { ...PL.properties, description: 'Copies | things', folder: undefined }),
    res('Dataset', 'DS_Input', {
      ...DS.properties,
      annotations: ['x'],
      typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'in', folderPath: 'a/b' } },
    }),
    LS_BLOB,
    res('LinkedService', 'LS_Sql', {
      ...LS_SQL.properties,
      typeProperties: {
        connectionString: 'Server=s2;Database=d',
        password: { type: 'SecureString', value: 'ROTATED-SECRET-000' },
      },
    }),
    res('LinkedService', 'LS_New', {
      type: 'AzureKeyVault',
      typeProperties: { baseUrl: 'https://kv.vault.azure.net/' },
    }),
    res('IntegrationRuntime', 'ir-1', { type: 'SelfHosted' }),
  ];
  return computePlan(
    input(makeProject(after, { globalParameters: { env: { type: 'string', value: 'prod' } } }), live, { prune: true }),
  ).plan;
}

function noChangePlan() {
  const all = [TR, PL, DS, LS_BLOB, LS_SQL];
  return computePlan(input(makeProject(all), appliedState(makeProject(all), computePlan, { Daily: 'Started' }))).plan;
}

describe('plan renderings (golden)', () => {
  it.each([
    ['mixed.text', () => renderPlanText(mixedPlan())],
    ['mixed.md', () => renderPlanMarkdown(mixedPlan())],
    ['mixed.json', () => renderPlanJson(mixedPlan())],
    ['no-changes.text', () => renderPlanText(noChangePlan())],
    ['no-changes.md', () => renderPlanMarkdown(noChangePlan())],
  ])('%s', (name, render) => {
    expectGolden(name, render());
  });

  it('colours only when asked', () => {
    expect(renderPlanText(mixedPlan(), { color: true })).toContain('\x1b[');
    expect(renderPlanText(mixedPlan(), { color: false })).not.toContain('\x1b[');
  });

  it('ends with the summary line', () => {
    expect(renderPlanText(mixedPlan()).trimEnd().split('\n').pop()).toBe(
      'Plan: 1 to create, 5 to update, 1 to replace, 1 to delete.',
    );
    expect(renderPlanText(noChangePlan()).trimEnd().split('\n').pop()).toBe(
      'No changes. The factory matches the manifests.',
    );
  });

  it('never contains a secret value, in any rendering', () => {
    const plan = mixedPlan();
    for (const text of [
      renderPlanText(plan),
      renderPlanText(plan, { color: true }),
      renderPlanMarkdown(plan),
      renderPlanJson(plan),
    ]) {
      for (const secret of ['KNOWN-SECRET-KEY-123', 'KNOWN-SECRET-PASSWORD-456', 'ROTATED-SECRET-000'])
        expect(text).not.toContain(secret);
    }
  });

  it('serialises stably and reads back', () => {
    const json = renderPlanJson(mixedPlan());
    expect(renderPlanJson(parsePlanFile(json, '/work/plan.json'))).toBe(json);
    expect(Object.keys(JSON.parse(json))).toEqual([
      'formatVersion',
      'createdAt',
      'target',
      'source',
      'summary',
      'hasChanges',
      'factory',
      'changes',
      'triggers',
    ]);
  });

  it('keeps Markdown intact around pipes and backticks in names and values', () => {
    const live = { factory: undefined, resources: [] };
    const weird = res('Pipeline', 'a|b`c', { description: 'has ``` fence', activities: [] });
    const md = renderPlanMarkdown(computePlan(input(makeProject([weird]), live)).plan);
    expect(md).toContain('| create | `` Pipeline/a\\|b`c `` |  |');
    expect(md).toContain('````diff\n');
  });
});
