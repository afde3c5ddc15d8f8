import { describe, expect, it } from 'vitest';
import { isKind } from '../model/kinds.js';
import type { Action, ChildChange, Plan, TriggerAction } from '../plan/types.js';
import { buildSteps } from './steps.js';

function change(address: string, action: Action, dependsOn: string[] = []): ChildChange {
  const [kind, name] = address.split('/');
  if (!isKind(kind)) throw new Error(`not a kind: ${kind}`);
  return {
    address,
    kind,
    name,
    action,
    changes: [],
    dependsOn,
    desired: action === 'delete' ? undefined : { properties: {} },
  };
}

function planOf(changes: ChildChange[], options: { factory?: Action; triggers?: TriggerAction[] } = {}): Plan {
  return {
    formatVersion: 1,
    createdAt: '2026-01-01T00:00:00Z',
    target: { subscriptionId: 's', resourceGroup: 'rg', factoryName: 'f', endpoint: 'http://x' },
    source: { dir: '/p', prune: true },
    factory: {
      address: 'Factory/f',
      kind: 'Factory',
      name: 'f',
      action: options.factory ?? 'no-op',
      changes: [],
      dependsOn: [],
      desired: options.factory === 'delete' ? undefined : { properties: {} },
    },
    changes,
    triggers: options.triggers ?? [],
    summary: { create: 0, update: 0, replace: 0, delete: 0, noop: 0 },
    hasChanges: true,
  };
}

const deps = (plan: Plan, id: string) => buildSteps(plan).dag.dependenciesOf(id).sort();

describe('buildSteps', () => {
  it('puts the factory before every child and a child after what it references', () => {
    const plan = planOf([change('LinkedService/ls', 'create'), change('Dataset/ds', 'update', ['LinkedService/ls'])], {
      factory: 'create',
    });
    expect(deps(plan, 'create:LinkedService/ls')).toEqual(['factory:Factory/f']);
    expect(deps(plan, 'update:Dataset/ds')).toEqual(['create:LinkedService/ls', 'factory:Factory/f']);
  });

  it('matches dependency addresses case-insensitively (ADF names are)', () => {
    const plan = planOf([change('LinkedService/LS', 'create'), change('Dataset/ds', 'create', ['LinkedService/ls'])]);
    expect(deps(plan, 'create:Dataset/ds')).toEqual(['create:LinkedService/LS']);
  });

  it('runs every delete after every put, and deletes dependents first', () => {
    // Pipeline/p still references Dataset/old: the planner lists Pipeline/p in Dataset/old's dependsOn.
    const plan = planOf([
      change('Dataset/new', 'create'),
      change('Pipeline/p', 'delete'),
      change('Dataset/old', 'delete', ['Pipeline/p']),
    ]);
    expect(deps(plan, 'delete:Pipeline/p')).toEqual(['create:Dataset/new']);
    expect(deps(plan, 'delete:Dataset/old')).toEqual(['create:Dataset/new', 'delete:Pipeline/p']);
  });

  it('stops triggers before any other change; a start waits for its own stop and every create/update', () => {
    const triggers: TriggerAction[] = [
      { address: 'Trigger/t', name: 't', stop: true, start: true, reason: 'it will be updated' },
    ];
    const plan = planOf(
      [
        change('Trigger/t', 'update'),
        change('Pipeline/a', 'update'),
        change('Pipeline/b', 'replace'),
        change('Pipeline/c', 'delete'),
      ],
      { triggers },
    );
    const { starts, all } = buildSteps(plan);
    expect(deps(plan, 'update:Trigger/t')).toEqual(['stop-trigger:Trigger/t']);
    expect(deps(plan, 'update:Pipeline/a')).toEqual(['stop-trigger:Trigger/t']);
    expect(deps(plan, 'replace:Pipeline/b')).toEqual(['stop-trigger:Trigger/t']);
    expect(deps(plan, 'delete:Pipeline/c')).toContain('stop-trigger:Trigger/t');
    expect(starts.map((s) => s.id)).toEqual(['start-trigger:Trigger/t']);
    expect(deps(plan, 'start-trigger:Trigger/t')).toEqual([
      'replace:Pipeline/b',
      'stop-trigger:Trigger/t',
      'update:Pipeline/a',
      'update:Trigger/t',
    ]);
    expect(all.map((s) => s.operation)).toEqual([
      'stop-trigger',
      'update',
      'update',
      'replace',
      'delete',
      'start-trigger',
    ]);
  });

  it('starts a trigger without a change of its own after every change', () => {
    const triggers: TriggerAction[] = [
      { address: 'Trigger/t', name: 't', stop: true, start: true, reason: 'pipeline p will be replaced' },
    ];
    const plan = planOf([change('Pipeline/p', 'replace'), change('Dataset/d', 'delete')], { triggers });
    expect(deps(plan, 'start-trigger:Trigger/t')).toEqual([
      'delete:Dataset/d',
      'replace:Pipeline/p',
      'stop-trigger:Trigger/t',
    ]);
  });

  it('deletes the factory after everything else, and skips no-ops', () => {
    const plan = planOf([change('Pipeline/p', 'delete'), change('Pipeline/q', 'no-op')], { factory: 'delete' });
    const { dag } = buildSteps(plan);
    expect(dag.keys().sort()).toEqual(['delete-factory:Factory/f', 'delete:Pipeline/p']);
    expect(deps(plan, 'delete-factory:Factory/f')).toEqual(['delete:Pipeline/p']);
  });
});
