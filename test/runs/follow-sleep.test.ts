import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleepUnlessAborted } from '../../src/runs/follow.js';

describe('the wait between two polls of a followed run (sleepUnlessAborted)', () => {
  it('leaves no abort listener behind: twenty polls on one signal, none left (no MaxListenersExceededWarning)', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await sleepUnlessAborted(0, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it("rejects with the signal's reason when it aborts during the wait, or before it", async () => {
    const controller = new AbortController();
    const waiting = sleepUnlessAborted(60_000, controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    await expect(sleepUnlessAborted(0, controller.signal)).rejects.toThrow('interrupted');
  });
});
