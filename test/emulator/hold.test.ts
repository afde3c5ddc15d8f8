import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { client, F } from './helpers.js';

const factory = { location: 'westeurope', properties: {} };
const pipeline = (i: number) => ({ properties: { activities: [], description: `v${i}` } });

describe('request hold (test hook)', () => {
  it('holds writes past the k-th until released; dropped ones never commit, served ones do', async () => {
    const e = await startEmulator({ port: 0, throttle: 'off' });
    try {
      const call = client(() => e.url);
      const hold = e.holdRequests({ after: 2 });
      expect((await call('PUT', F(), factory)).status).toBe(200);
      expect((await call('PUT', `${F()}/pipelines/p1`, pipeline(1))).status).toBe(200);
      // The third write waits; reads still pass (they change nothing).
      const third = call('PUT', `${F()}/pipelines/p2`, pipeline(2)).then(
        (a) => a.status,
        () => 'reset' as const,
      );
      await hold.reached;
      expect(hold.waiting()).toBe(1);
      expect((await call('GET', `${F()}/pipelines/p2`)).status).toBe(404);
      hold.release('drop');
      expect(await third).toBe('reset');
      expect((await call('GET', `${F()}/pipelines/p2`)).status).toBe(404);
      expect(e.requestLog().filter((l) => l.status === 0)).toHaveLength(1);
      // Released, the hold is over: the next write passes.
      expect((await call('PUT', `${F()}/pipelines/p3`, pipeline(3))).status).toBe(200);

      const again = e.holdRequests({ after: 0, match: 'all' });
      const read = call('GET', `${F()}/pipelines/p1`);
      await again.reached;
      again.release('serve');
      expect((await read).status).toBe(200);
      expect((await call('PUT', `${F()}/pipelines/p2`, pipeline(2))).status).toBe(200);
    } finally {
      await e.close();
    }
  });
});
