import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/types.js';
import { aggregateExitCode, type ProjectOutcome } from './multi-project.js';
import { projectRow, renderProjectJson, renderSummaryTable } from './multi-summary.js';

const plan = (summary: Partial<Plan['summary']>, hasChanges = true): Plan =>
  ({
    target: { subscriptionId: 's', resourceGroup: 'rg', factoryName: 'f-sales', endpoint: 'e' },
    summary: { create: 0, update: 0, replace: 0, delete: 0, noop: 0, ...summary },
    hasChanges,
  }) as Plan;
const outcome = (o: Partial<ProjectOutcome>): ProjectOutcome => ({
  arg: 'factories/sales',
  code: 0,
  started: true,
  chunks: [],
  ...o,
});
const live = new AbortController().signal;

describe('the several-projects summary', () => {
  it('counts a replace as one add and one delete; no plan, no counts', () => {
    const rows = [
      projectRow('apply', outcome({ plan: plan({ create: 2, update: 1, replace: 1, delete: 3 }) }), '/'),
      projectRow('apply', outcome({ arg: 'factories/hr', code: 1 }), '/'),
      projectRow('apply', outcome({ arg: 'factories/ops', code: 130, started: false }), '/'),
    ];
    expect(rows.map((r) => [r.add, r.change, r.delete, r.result])).toEqual([
      [3, 1, 4, 'applied'],
      [null, null, null, 'failed'],
      [null, null, null, 'not started'],
    ]);
    expect(renderSummaryTable(rows)).toBe(
      [
        'project          factory  add  change  delete  result',
        'factories/sales  f-sales    3       1       4  applied',
        'factories/hr     -          -       -       -  failed',
        'factories/ops    -          -       -       -  not started',
        '3 projects: 3 to add, 1 to change, 4 to delete; 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('plan results: changes (drift counts), no changes', () => {
    const drift = { ...plan({}, false), drift: [{ address: 'Pipeline/x', reason: 'r' }] } as Plan;
    expect(projectRow('plan', outcome({ plan: drift }), '/').result).toBe('changes');
    expect(projectRow('plan', outcome({ plan: plan({}, false) }), '/').result).toBe('no changes');
  });

  it('--json line: the row and the documents the project printed (one pretty document, or JSON lines)', () => {
    const row = projectRow('plan', outcome({}), '/');
    expect(JSON.parse(renderProjectJson(row, '{\n  "a": 1\n}\n')).output).toEqual([{ a: 1 }]);
    expect(JSON.parse(renderProjectJson(row, '{"a":1}\n{"b":2}\n')).output).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it.each([
    [[0, 0], 0],
    [[0, 2], 2],
    [[2, 1], 1],
    [[0, 130], 130],
  ])('exit codes %j -> %i', (codes, want) => {
    expect(
      aggregateExitCode(
        codes.map((code) => outcome({ code })),
        live,
      ),
    ).toBe(want);
  });
});
