import { describe, expect, it } from 'vitest';
import { AdfDeployError } from '../core/errors.js';
import type { LiveState } from '../state/types.js';
import { LOCAL_ENDPOINT, parsePlanFile, renderPlanFile } from './plan-file.js';
import { checkPlanTarget, resolveSavedPlanSettings, verifySavedPlan } from './plan-verify.js';
import type { ChildChange, Plan } from './types.js';

const change = (over: Partial<ChildChange> = {}): ChildChange => ({
  address: 'Pipeline/P1',
  kind: 'Pipeline',
  name: 'P1',
  action: 'update',
  changes: [{ path: ['properties', 'description'], op: 'replace', before: 'a', after: 'b' }],
  etag: 'e1',
  desired: { properties: { description: 'b', activities: [] } },
  dependsOn: [],
  ...over,
});

function plan(over: Partial<Plan> = {}): Plan {
  return {
    formatVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    target: { subscriptionId: 'sub', resourceGroup: 'rg', factoryName: 'adf-x', endpoint: 'http://127.0.0.1:1' },
    source: { dir: '/work/project', prune: false },
    factory: { address: 'Factory/adf-x', kind: 'Factory', name: 'adf-x', action: 'no-op', changes: [], dependsOn: [] },
    changes: [change()],
    triggers: [],
    summary: { create: 0, update: 1, replace: 0, delete: 0, noop: 1 },
    hasChanges: true,
    ...over,
  };
}

const live: LiveState = {
  factory: { etag: 'f', body: {} },
  resources: [{ kind: 'Pipeline', name: 'P1', etag: 'e1', body: { properties: {} } }],
} as unknown as LiveState;

function fileOf(p: Plan, edit?: (doc: any) => void): string {
  const doc = JSON.parse(renderPlanFile(p, '/work/plans/plan.json', { local: false }));
  edit?.(doc);
  return JSON.stringify(doc);
}

function errorOf(fn: () => unknown): AdfDeployError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AdfDeployError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('plan file: writer and strict parser', () => {
  it('round-trips, source.dir relative to the file', () => {
    const text = fileOf(plan());
    expect(JSON.parse(text).source.dir).toBe('../project');
    const back = parsePlanFile(text, '/elsewhere/plans/plan.json');
    expect(back.source.dir).toBe('/elsewhere/project');
    expect(back.changes).toEqual(plan().changes);
  });

  it('records the embedded emulator as `local`, never its port', () => {
    const text = renderPlanFile(plan(), '/work/p.json', { local: true });
    expect(JSON.parse(text).target.endpoint).toBe(LOCAL_ENDPOINT);
  });

  it.each([
    ['not JSON', () => '{', /is not a plan file: /],
    ['another version', () => fileOf(plan(), (d) => (d.formatVersion = 2)), /formatVersion: expected 1/],
    ['a missing field', () => fileOf(plan(), (d) => delete d.triggers), /triggers: expected a list/],
    [
      'an unknown field',
      () => fileOf(plan(), (d) => (d.changes[0].url = '/x')),
      /changes\[0\]: unexpected field 'url'/,
    ],
    ['an unknown kind', () => fileOf(plan(), (d) => (d.changes[0].kind = 'Secret')), /changes\[0\]\.kind/],
    [
      'a name breaking the kind rule (`..`)',
      () =>
        fileOf(plan(), (d) => {
          d.changes[0].name = '..';
          d.changes[0].address = 'Pipeline/..';
          d.changes[0].action = 'delete';
        }),
      /changes\[0\]\.name: invalid name/,
    ],
    [
      'an address that is not kind/name',
      () => fileOf(plan(), (d) => (d.changes[0].address = 'Pipeline/Other')),
      /changes\[0\]\.address: expected "Pipeline\/P1"/,
    ],
    [
      'duplicate addresses differing in case',
      () => fileOf(plan({ changes: [change(), change({ address: 'Pipeline/p1', name: 'p1' })] })),
      /Pipeline\/p1 appears twice/,
    ],
    ['an unknown action', () => fileOf(plan(), (d) => (d.changes[0].action = 'purge')), /changes\[0\]\.action/],
    ['an etag that is not a string', () => fileOf(plan(), (d) => (d.changes[0].etag = 1)), /changes\[0\]\.etag/],
  ])('refuses %s with a clear error', (_l, text, message) => {
    const err = errorOf(() => parsePlanFile(text(), '/work/plans/plan.json'));
    expect(err.code).toBe('plan.file-invalid');
    expect(err.message).toMatch(message);
    expect(err.message).toContain('/work/plans/plan.json');
  });
});

describe('saved plan: settings from the file, command line may only repeat them', () => {
  it('needs no flags', () => {
    const s = resolveSavedPlanSettings(plan({ source: { dir: '/p', env: 'dev', prune: true } }), {});
    expect(s).toMatchObject({ env: 'dev', subscription: 'sub', resourceGroup: 'rg', prune: true, local: false });
  });
  it.each([
    [{ env: 'prod' }, /--env "prod" \(the plan: "dev"\)/],
    [{ prune: true }, /--prune true/],
    [{ subscription: 'other' }, /--subscription/],
    [{ endpoint: 'https://management.azure.com' }, /--endpoint/],
    [{ local: true }, /--local/],
    [{ target: ['Pipeline/P1'] }, /--target/],
  ])('refuses %o contradicting the file', (cli, message) => {
    const err = errorOf(() => resolveSavedPlanSettings(plan({ source: { dir: '/p', env: 'dev', prune: false } }), cli));
    expect(err.code).toBe('apply.plan-options');
    expect(err.message).toMatch(message);
  });
  it('accepts the same values repeated', () => {
    expect(() =>
      resolveSavedPlanSettings(plan({ source: { dir: '/p', env: 'dev', prune: false } }), {
        env: 'dev',
        subscription: 'SUB',
        endpoint: 'http://127.0.0.1:1/',
      }),
    ).not.toThrow();
  });
  it('refuses another factory or backend', () => {
    const conn = { subscriptionId: 'sub', resourceGroup: 'rg', factoryName: 'adf-x', endpoint: 'http://127.0.0.1:1' };
    expect(() => checkPlanTarget(plan(), conn, false)).not.toThrow();
    expect(() => checkPlanTarget(plan(), { ...conn, factoryName: 'adf-prod' }, false)).toThrow(/adf-prod/);
    expect(() => checkPlanTarget(plan(), conn, true)).toThrow(/at local/);
    expect(() => checkPlanTarget(plan(), { ...conn, endpoint: 'https://management.azure.com' }, false)).toThrow();
  });
});

describe('verifySavedPlan: every field that reaches a request', () => {
  it('accepts the same plan', () => {
    expect(verifySavedPlan(plan(), plan(), live)).toEqual({ status: 'apply' });
  });
  it.each([
    ['kind', { kind: 'Dataset', address: 'Dataset/P1' } as Partial<ChildChange>],
    ['name case', { name: 'p1', address: 'Pipeline/p1' }],
    ['action', { action: 'replace' } as Partial<ChildChange>],
    ['body', { desired: { properties: { description: 'evil', activities: [] } } }],
    ['fingerprint', { secretFingerprint: 'ab' }],
    ['dependencies', { dependsOn: ['Dataset/D'] }],
  ])('refuses a file differing in %s', (_l, over) => {
    const saved = plan({ changes: [change(over)] });
    const err = errorOf(() => verifySavedPlan(saved, plan(), live));
    expect(['apply.plan-mismatch', 'apply.stale-plan']).toContain(err.code);
  });
  it('refuses an etag that does not match the factory', () => {
    const err = errorOf(() => verifySavedPlan(plan({ changes: [change({ etag: 'e0' })] }), plan(), live));
    expect(err.code).toBe('apply.stale-plan');
  });
  it('says when a plan was already applied', () => {
    const moved = { ...live, resources: [{ ...live.resources[0], etag: 'e2' }] } as LiveState;
    const nothing = plan({ changes: [], hasChanges: false });
    expect(verifySavedPlan(plan(), nothing, moved)).toEqual({ status: 'already-applied' });
  });
});
