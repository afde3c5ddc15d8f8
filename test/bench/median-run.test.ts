import { describe, expect, it } from 'vitest';
import { medianRun } from '../../bench/key-replan.js';
import type { StepResult } from '../../bench/report.js';

const run = (ms: number, peakRssMiB: number, ok = true): StepResult => ({
  step: 'plan (no change, cached)',
  ok,
  code: ok ? 0 : 1,
  ms,
  peakRssMiB,
  requests: { total: 103, byMethod: { GET: 103 }, writes: 0, throttled: 0, maxPagesPerCollection: 32 },
  ratio: ms / 1130,
});

describe('the cached re-plan row (bench/key-replan.ts medianRun)', () => {
  it('is the run of median time, with its own ratio, the largest peak RSS and every time noted', () => {
    const row = medianRun([run(2300, 160), run(1900, 180), run(2050, 150)]);
    expect(row.ms).toBe(2050);
    expect(row.ratio).toBeCloseTo(2050 / 1130);
    expect(row.peakRssMiB).toBe(180);
    expect(row.ok).toBe(true);
    expect(row.note).toBe('median of 3 runs (2.30 s, 1.90 s, 2.05 s); peak RSS the largest');
  });

  it('fails when any run failed', () => {
    expect(medianRun([run(1900, 150), run(2000, 150, false), run(2100, 150)]).ok).toBe(false);
  });
});
