import { describe, expect, it } from 'vitest';
import { eventLoopTurns } from '../../src/manifest/event-loop-turns.js';

describe('eventLoopTurns (yields of the manifest parse loop)', () => {
  it('lets the event loop run once a slice of synchronous work has passed, not before', async () => {
    let now = 0;
    const turn = eventLoopTurns(8, () => now);
    let ran = 0;
    setImmediate(() => ran++);
    now = 7;
    expect(turn()).toBeUndefined();
    expect(ran).toBe(0);
    now = 8;
    const wait = turn();
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(ran).toBe(1);
    // The next slice counts from the end of the turn.
    now = 15;
    expect(turn()).toBeUndefined();
  });

  it('a loop of slow items gives a callback queued before it a turn in the middle of it', async () => {
    let now = 0;
    const turn = eventLoopTurns(8, () => now);
    const order: string[] = [];
    setImmediate(() => order.push('response'));
    for (let i = 0; i < 4; i++) {
      await turn();
      now += 5; // one file's parse
      order.push(`file ${i}`);
    }
    expect(order).toEqual(['file 0', 'file 1', 'response', 'file 2', 'file 3']);
  });
});
