import { describe, expect, it } from 'vitest';
import { Dag, DependencyCycleError } from '../graph/dag.js';
import { runWorkGraph, type WorkEvent } from './work-graph.js';

/** A task runner whose tasks finish only when the test says so. */
function controlledRunner() {
  const pending = new Map<string, { resolve: () => void; reject: (e: unknown) => void }>();
  const started: string[] = [];
  const run = (key: string) =>
    new Promise<void>((resolve, reject) => {
      started.push(key);
      pending.set(key, { resolve, reject });
    });
  const flush = () => new Promise<void>((r) => setImmediate(r));
  return {
    run,
    started,
    running: () => [...pending.keys()].sort(),
    async succeed(key: string) {
      const p = pending.get(key);
      if (!p) throw new Error(`${key} is not running`);
      pending.delete(key);
      p.resolve();
      await flush();
    },
    async fail(key: string, error: unknown = new Error(`${key} broke`)) {
      const p = pending.get(key);
      if (!p) throw new Error(`${key} is not running`);
      pending.delete(key);
      p.reject(error);
      await flush();
    },
    flush,
  };
}

/** Build a dag from 'a->b' edges (a depends on b) plus lone nodes. */
function dagOf(nodes: string[], edges: string[] = []): Dag<string> {
  const dag = new Dag<string>();
  for (const n of nodes) dag.add(n, n);
  for (const e of edges) {
    const [from, to] = e.split('->');
    dag.connect(from, to);
  }
  return dag;
}

describe('runWorkGraph', () => {
  it('starts a node only when all its dependencies are done', async () => {
    const r = controlledRunner();
    const done = runWorkGraph(dagOf(['a', 'b', 'c'], ['c->a', 'c->b']), r.run, { concurrency: 8 });
    await r.flush();
    expect(r.running()).toEqual(['a', 'b']);
    await r.succeed('a');
    expect(r.running()).toEqual(['b']);
    await r.succeed('b');
    expect(r.running()).toEqual(['c']);
    await r.succeed('c');
    const result = await done;
    expect([...result.states.values()]).toEqual(['done', 'done', 'done']);
  });

  it.each([1, 2, 3])('never runs more than %i at once', async (cap) => {
    let now = 0;
    let peak = 0;
    const r = controlledRunner();
    const nodes = ['a', 'b', 'c', 'd', 'e'];
    const done = runWorkGraph(dagOf(nodes), r.run, {
      concurrency: cap,
      onEvent: () => (peak = Math.max(peak, r.running().length)),
      now: () => now++,
    });
    await r.flush();
    while (r.running().length) {
      peak = Math.max(peak, r.running().length);
      await r.succeed(r.running()[0]);
    }
    await done;
    expect(peak).toBe(cap);
    expect(r.started.sort()).toEqual(nodes);
  });

  it('skips every transitive dependent of a failure once, and lets other branches finish', async () => {
    const r = controlledRunner();
    const events: WorkEvent<string>[] = [];
    // x <- y <- z, and z also depends on w (a second failure must not skip z twice); q is independent.
    const done = runWorkGraph(dagOf(['x', 'y', 'z', 'w', 'q'], ['y->x', 'z->y', 'z->w']), r.run, {
      concurrency: 8,
      onEvent: (e) => events.push(e),
    });
    await r.flush();
    expect(r.running()).toEqual(['q', 'w', 'x']);
    await r.fail('x');
    await r.fail('w');
    await r.succeed('q');
    const result = await done;
    expect(Object.fromEntries(result.states)).toEqual({
      x: 'failed',
      y: 'skipped',
      z: 'skipped',
      w: 'failed',
      q: 'done',
    });
    expect(
      events
        .filter((e) => e.type === 'skipped')
        .map((e) => e.key)
        .sort(),
    ).toEqual(['y', 'z']);
    expect(result.skippedBecause.get('z')).toBe('x');
    expect(events.filter((e) => e.type === 'failed')).toHaveLength(2);
    expect((result.errors.get('x') as Error).message).toBe('x broke');
  });

  it('on abort starts nothing new, lets running tasks finish, and marks the rest not-started', async () => {
    const r = controlledRunner();
    const controller = new AbortController();
    const done = runWorkGraph(dagOf(['a', 'b', 'c', 'd'], ['d->a']), r.run, {
      concurrency: 2,
      signal: controller.signal,
    });
    await r.flush();
    const first = r.running();
    expect(first).toHaveLength(2);
    controller.abort();
    await r.succeed(first[0]);
    expect(r.running()).toEqual([first[1]]); // nothing new started
    let settled = false;
    void done.then(() => (settled = true));
    await r.flush();
    expect(settled).toBe(false); // still waits for the task in flight
    await r.succeed(first[1]);
    const result = await done;
    expect(result.aborted).toBe(true);
    const notStarted = [...result.states]
      .filter(([, s]) => s === 'not-started')
      .map(([k]) => k)
      .sort();
    expect(notStarted).toEqual(['a', 'b', 'c', 'd'].filter((k) => !first.includes(k)).sort());
  });

  it('resolves at once when aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = controlledRunner();
    const result = await runWorkGraph(dagOf(['a']), r.run, { concurrency: 1, signal: controller.signal });
    expect(r.started).toEqual([]);
    expect(result.states.get('a')).toBe('not-started');
  });

  it('starts the node on the longest chain first when the cap forces a choice', async () => {
    const r = controlledRunner();
    // 'deep' heads a chain of three; 'a' and 'b' are alone. Keys sort before 'deep' alphabetically.
    const done = runWorkGraph(dagOf(['a', 'b', 'deep', 'm', 'n'], ['m->deep', 'n->m']), r.run, { concurrency: 1 });
    await r.flush();
    expect(r.running()).toEqual(['deep']);
    // After 'deep', 'm' (still two links of chain) jumps ahead of the lone nodes; then equal priorities keep FIFO.
    for (const k of ['deep', 'm', 'a', 'b', 'n']) {
      expect(r.running()).toEqual([k]);
      await r.succeed(k);
    }
    await done;
  });

  it('treats a task that throws synchronously as a failure', async () => {
    const result = await runWorkGraph(
      dagOf(['a', 'b'], ['b->a']),
      () => {
        throw new Error('sync');
      },
      { concurrency: 1 },
    );
    expect(result.states.get('a')).toBe('failed');
    expect(result.states.get('b')).toBe('skipped');
  });

  it('refuses a cycle before starting anything', () => {
    const r = controlledRunner();
    expect(() => runWorkGraph(dagOf(['a', 'b'], ['a->b', 'b->a']), r.run, { concurrency: 1 })).toThrow(
      DependencyCycleError,
    );
    expect(r.started).toEqual([]);
  });

  it('reports durations from the injected clock', async () => {
    let t = 100;
    const events: WorkEvent<string>[] = [];
    await runWorkGraph(
      dagOf(['a']),
      async () => {
        t += 42;
      },
      { concurrency: 1, now: () => t, onEvent: (e) => events.push(e) },
    );
    expect(events.find((e) => e.type === 'done')).toMatchObject({ durationMs: 42 });
  });

  it('completes an empty graph', async () => {
    const result = await runWorkGraph(dagOf([]), async () => {}, { concurrency: 4 });
    expect(result.states.size).toBe(0);
  });
});

describe('runWorkGraph: tolerant nodes', () => {
  it('runs a tolerant node once its dependencies have settled, even when one failed or was skipped', async () => {
    const r = controlledRunner();
    // x fails; y depends on x (skipped); restore depends on x, y and z (tolerant); after depends on restore.
    const dag = dagOf(
      ['x', 'y', 'z', 'restore', 'after'],
      ['y->x', 'restore->x', 'restore->y', 'restore->z', 'after->restore'],
    );
    const done = runWorkGraph(dag, r.run, { concurrency: 8, tolerant: (k) => k === 'restore' });
    await r.flush();
    expect(r.running()).toEqual(['x', 'z']);
    await r.fail('x');
    expect(r.running()).toEqual(['z']); // restore still waits for z
    await r.succeed('z');
    expect(r.running()).toEqual(['restore']);
    await r.succeed('restore');
    await r.succeed('after');
    const result = await done;
    expect(Object.fromEntries(result.states)).toEqual({
      x: 'failed',
      y: 'skipped',
      z: 'done',
      restore: 'done',
      after: 'done',
    });
  });

  it('a failed tolerant node still skips its own dependents', async () => {
    const r = controlledRunner();
    const done = runWorkGraph(dagOf(['t', 'd'], ['d->t']), r.run, { concurrency: 1, tolerant: (k) => k === 't' });
    await r.flush();
    await r.fail('t');
    expect((await done).states.get('d')).toBe('skipped');
  });

  it('a task that resolves { skipped } ends skipped (not failed), names why once, and skips its dependents', async () => {
    const events: WorkEvent<string>[] = [];
    const dag = dagOf(['create', 'start', 'after'], ['start->create', 'after->start']);
    const result = await runWorkGraph(
      dag,
      async (key) => {
        if (key === 'create') throw new Error('create broke');
        if (key === 'start') return { skipped: 'create' };
      },
      { concurrency: 2, tolerant: (k) => k === 'start', onEvent: (e) => events.push(e) },
    );
    expect(Object.fromEntries(result.states)).toEqual({ create: 'failed', start: 'skipped', after: 'skipped' });
    expect(result.errors.has('start')).toBe(false);
    expect(Object.fromEntries(result.skippedBecause)).toEqual({ start: 'create', after: 'start' });
    expect(events.filter((e) => e.type === 'skipped').map((e) => e.key)).toEqual(['start', 'after']);
    expect(events.some((e) => e.type === 'failed' && e.key === 'start')).toBe(false);
  });
});
