import { beforeEach, describe, expect, it, vi } from 'vitest';

const flags = vi.hoisted(() => [] as string[]);
vi.mock('node:v8', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:v8')>()),
  setFlagsFromString: (f: string) => void flags.push(f),
}));

const { INTERRUPT_BUDGET, lengthenTiering } = await import('./tiering.js');

describe('V8 tiering budget (issue 19)', () => {
  beforeEach(() => {
    flags.length = 0;
  });

  it('lengthens the interrupt budget', () => {
    lengthenTiering([]);
    expect(flags).toEqual([`--interrupt-budget=${INTERRUPT_BUDGET}`]);
  });

  it('keeps a budget given to node', () => {
    lengthenTiering(['--interrupt-budget=1000']);
    lengthenTiering(['--max-old-space-size=512', '--interrupt_budget=2000']);
    expect(flags).toEqual([]);
    lengthenTiering(['--interrupt-budget-for-feedback-allocation=10']);
    expect(flags).toEqual([`--interrupt-budget=${INTERRUPT_BUDGET}`]);
  });
});
