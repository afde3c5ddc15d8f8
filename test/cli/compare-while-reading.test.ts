import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { compareWhileReading } from '../../src/cli/compare-while-reading.js';
import { liveOf, makeProject, res, TARGET } from '../plan/fixtures.js';

const PIPE = { activities: [{ name: 'Wait', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] };

describe('comparing while the pages arrive (src/cli/compare-while-reading.ts)', () => {
  it('keeps the pages that come before the project is loaded, compares them in later turns, stops when told', async () => {
    const project = makeProject([res('Pipeline', 'A', PIPE), res('Pipeline', 'B', PIPE), res('Pipeline', 'C', PIPE)]);
    const [a, b, c] = ['A', 'B', 'C'].map((n) => liveOf('Pipeline', n, PIPE));
    const comparing = compareWhileReading();
    comparing.onResources([a]);
    comparing.start(project, TARGET);
    comparing.onResources([b]);
    // Nothing in this turn: the comparisons wait for the event loop (the pages keep being read meanwhile).
    await nextTurn();
    await nextTurn();
    const ahead = comparing.stop();
    expect(ahead?.take(project.resources[0], a.body)).toBeDefined();
    expect(ahead?.take(project.resources[1], b.body)).toBeDefined();
    // After stop: nothing more is compared.
    comparing.onResources([c]);
    await nextTurn();
    expect(ahead?.take(project.resources[2], c.body)).toBeUndefined();
  });

  it('compares nothing in the turn a page arrives, and nothing without a project', async () => {
    const project = makeProject([res('Pipeline', 'A', PIPE)]);
    const a = liveOf('Pipeline', 'A', PIPE);
    const idle = compareWhileReading();
    idle.onResources([a]);
    await nextTurn();
    expect(idle.stop()).toBeUndefined();
    const comparing = compareWhileReading();
    comparing.start(project, TARGET);
    comparing.onResources([a]);
    expect(comparing.stop()?.take(project.resources[0], a.body)).toBeUndefined();
  });
});
