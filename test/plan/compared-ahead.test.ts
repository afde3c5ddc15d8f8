import { describe, expect, it, vi } from 'vitest';
import { compareAhead } from '../../src/plan/compared-ahead.js';
import { computePlan } from '../../src/plan/planner.js';
import type { LiveResource } from '../../src/state/types.js';
import { input, liveFactory, liveOf, makeProject, res, TARGET } from './fixtures.js';

// Counts the comparisons computePlan makes itself (those made ahead must not be made again), its graphs and its
// walks for references.
const counter = vi.hoisted(() => ({ compared: 0, graphs: 0, references: 0 }));
vi.mock('../../src/model/references.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/references.js')>();
  return {
    ...real,
    dependenciesOf: (...args: Parameters<typeof real.dependenciesOf>) => {
      counter.references++;
      return real.dependenciesOf(...args);
    },
  };
});
vi.mock('../../src/graph/build.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/graph/build.js')>();
  return {
    ...real,
    buildResourceDag: (...args: Parameters<typeof real.buildResourceDag>) => {
      counter.graphs++;
      return real.buildResourceDag(...args);
    },
  };
});
vi.mock('../../src/plan/compare.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/plan/compare.js')>();
  return {
    ...real,
    compareChild: (...args: Parameters<typeof real.compareChild>) => {
      counter.compared++;
      return real.compareChild(...args);
    },
  };
});

const LS = { type: 'AzureBlobStorage', typeProperties: { serviceEndpoint: 'https://a.blob.core.windows.net' } };
const DS = {
  type: 'Binary',
  linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
  typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'in' } },
};
const PIPE = { activities: [{ name: 'Wait', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] };
const SECRET_LS = {
  type: 'AzureSqlDatabase',
  typeProperties: { connectionString: { type: 'SecureString', value: 'Server=s;Password=Pw-0123456789' } },
};

function fixture() {
  const project = makeProject([
    res('LinkedService', 'LS', LS),
    res('LinkedService', 'SQL', SECRET_LS),
    res('Dataset', 'DS', DS),
    res('Pipeline', 'P', PIPE),
    res('Pipeline', 'New', PIPE),
  ]);
  const resources: LiveResource[] = [
    liveOf('LinkedService', 'LS', LS),
    liveOf('LinkedService', 'SQL', { type: 'AzureSqlDatabase', typeProperties: {} }),
    // Changed live: the plan shows an update, ahead or not.
    liveOf('Dataset', 'DS', {
      ...DS,
      typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'x' } },
    }),
    liveOf('Pipeline', 'P', PIPE),
    liveOf('Pipeline', 'Unmanaged', PIPE),
  ];
  return { project, live: { factory: liveFactory(), resources } };
}

describe('comparisons made ahead, while the list pages arrive (src/plan/compared-ahead.ts)', () => {
  it('the plan is the same with them, and computePlan does not compare those resources again', () => {
    const { project, live } = fixture();
    counter.compared = 0;
    counter.graphs = 0;
    const without = computePlan(input(project, live, { prune: true }));
    const comparedWithout = counter.compared;
    // The manifests' graph, and the live one that orders the delete.
    expect(counter.graphs).toBe(2);
    const ahead = compareAhead(project, TARGET);
    for (const r of live.resources) ahead.compare(r);
    const comparedAhead = counter.compared - comparedWithout;
    counter.compared = 0;
    counter.graphs = 0;
    const withAhead = computePlan(input(project, live, { prune: true, comparedAhead: ahead }));
    expect(counter.graphs).toBe(2);
    expect(withAhead.plan).toEqual(without.plan);
    expect([...withAhead.bodies]).toEqual([...without.bodies]);
    // The changes in dependency order, as without (the dataset after its service).
    expect(withAhead.plan.changes.find((c) => c.address === 'Dataset/DS')?.dependsOn).toEqual(['LinkedService/LS']);
    // LS, DS and P ahead; SQL (secrets: its fingerprint may need a scrypt) is left to the plan.
    expect(comparedAhead).toBe(3);
    expect(counter.compared).toBe(comparedWithout - 3);
    expect(without.plan.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual([
      'create Pipeline/New',
      'delete Pipeline/Unmanaged',
      'update Dataset/DS',
      'update LinkedService/SQL',
    ]);
  });

  it('is used only for the same resource and the same live body it compared', () => {
    const { project, live } = fixture();
    const ahead = compareAhead(project, TARGET);
    for (const r of live.resources) ahead.compare(r);
    const ls = project.resources[0];
    expect(ahead.take(ls, live.resources[0].body)).toBeDefined();
    // A body read again (another object, even an equal one) or another resource object: not this comparison.
    expect(ahead.take(ls, structuredClone(live.resources[0].body))).toBeUndefined();
    expect(ahead.take({ ...ls }, live.resources[0].body)).toBeUndefined();
    // A live resource the manifests do not declare is not compared at all.
    expect(ahead.take(res('Pipeline', 'Unmanaged', PIPE), live.resources[4].body)).toBeUndefined();
  });
});

describe('a plan without changes (issue 19)', () => {
  it('builds no dependency graph and walks no body for references, unless the factory holds what is not declared', () => {
    const project = makeProject([res('LinkedService', 'LS', LS), res('Dataset', 'DS', DS), res('Pipeline', 'P', PIPE)]);
    const resources = [liveOf('LinkedService', 'LS', LS), liveOf('Dataset', 'DS', DS), liveOf('Pipeline', 'P', PIPE)];
    counter.graphs = 0;
    counter.references = 0;
    const same = computePlan(input(project, { factory: liveFactory(), resources }));
    expect(same.plan.hasChanges).toBe(false);
    expect(same.plan.summary.noop).toBe(4);
    expect(counter.graphs).toBe(0);
    expect(counter.references).toBe(0);
    // A live resource the manifests do not declare: drift, unless a manifest references it (so the walk is made).
    const unmanaged = [...resources, liveOf('LinkedService', 'Shared', LS), liveOf('Pipeline', 'Other', PIPE)];
    const referencing = makeProject([
      res('LinkedService', 'LS', LS),
      res('Dataset', 'DS', { ...DS, linkedServiceName: { referenceName: 'Shared', type: 'LinkedServiceReference' } }),
      res('Pipeline', 'P', PIPE),
    ]);
    const drift = computePlan(input(referencing, { factory: liveFactory(), resources: unmanaged })).plan.drift;
    expect(drift?.map((d) => d.address)).toEqual(['Pipeline/Other']);
    expect(counter.references).toBeGreaterThan(0);
    // The dataset now names another service: a change, which the graph orders.
    expect(counter.graphs).toBe(1);
  });
});
