import { expect } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { createVirtualClock } from '../../src/emulator/runtime/clock.js';
import { F, seedFactory, useEmulator } from './helpers.js';

export const T0 = Date.parse('2026-01-05T08:00:00Z');
export const ALL_TIME = { lastUpdatedAfter: '2000-01-01T00:00:00Z', lastUpdatedBefore: '2100-01-01T00:00:00Z' };

/** An in-memory emulator per test on a virtual run clock (time jumps to the next timer when idle). */
export function useRunEmulator(options: () => EmulatorOptions = () => ({})) {
  const t = useEmulator(() => ({ runClock: createVirtualClock(T0), ...options() }));
  const call = t.call;
  return {
    t,
    call,
    /** PUT the factory (once) and a pipeline with these properties. */
    async pipeline(name: string, properties: Record<string, unknown>): Promise<void> {
      if ((await call('GET', F())).status !== 200) await seedFactory(call);
      const r = await call('PUT', `${F()}/pipelines/${name}`, { properties });
      expect(r.status, r.text).toBe(200);
    },
    /** createRun, wait until no run executes, return the run and its activity runs. */
    async run(name: string, parameters?: Record<string, unknown>, query = '') {
      const created = await call('POST', `${F()}/pipelines/${name}/createRun${query ? `?${query}` : ''}`, parameters);
      expect(created.status, created.text).toBe(200);
      await t.emulator.runs?.idle();
      return this.show(created.body.runId as string);
    },
    async show(runId: string) {
      const run = (await call('GET', `${F()}/pipelineruns/${runId}`)).body;
      const acts = await call('POST', `${F()}/pipelineruns/${runId}/queryActivityruns`, ALL_TIME);
      const activities = acts.body.value as Array<Record<string, any>>;
      const byName = (n: string) => activities.filter((a) => a.activityName === n);
      return {
        run,
        activities,
        byName,
        status: (n: string) =>
          byName(n)
            .map((a) => a.status)
            .join(',') || 'none',
      };
    },
  };
}

export const wait = (name: string, seconds: number | string = 1, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'Wait',
  typeProperties: { waitTimeInSeconds: seconds },
  ...extra,
});
export const fail = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'Fail',
  typeProperties: { message: `${name} failed`, errorCode: 'E42' },
  ...extra,
});
export const after = (activity: string, ...conditions: string[]) => ({
  dependsOn: [{ activity, dependencyConditions: conditions }],
});
