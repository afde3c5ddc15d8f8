import { describe, expect, it } from 'vitest';
import { medianByCpu, type ProcessCost } from '../../bench/validate-cost.js';

const run = (cpuMs: number): ProcessCost => ({ code: 0, wallMs: cpuMs, cpuMs, peakRssMiB: 1 });

describe('validate cost in the bench', () => {
  it('reports the run of median CPU, not the first (one run moved the ratio by 0.1-0.2)', () => {
    expect(medianByCpu([run(3300), run(2900), run(3000)]).cpuMs).toBe(3000);
    expect(medianByCpu([run(2900)]).cpuMs).toBe(2900);
  });
});
