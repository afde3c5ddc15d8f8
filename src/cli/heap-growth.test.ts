import { beforeEach, describe, expect, it, vi } from 'vitest';

const flags = vi.hoisted(() => [] as string[]);
vi.mock('node:v8', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:v8')>()),
  setFlagsFromString: (f: string) => void flags.push(f),
}));

const { HEAP_GROWING_PERCENT, LOADING_HEAP_GROWING_PERCENT, holdsFactory, limitHeapGrowth, tightenHeapGrowth } =
  await import('./heap-growth.js');

const argv = (...words: string[]) => ['node', 'adf-deploy', ...words];

describe('heap growth (issue 19)', () => {
  beforeEach(() => {
    flags.length = 0;
  });

  it('is tightened for plan, apply and destroy only', () => {
    expect(holdsFactory(argv('apply', 'dir', '--auto-approve'))).toBe(true);
    expect(holdsFactory(argv('--no-color', 'plan', '.'))).toBe(true);
    expect(holdsFactory(argv('destroy'))).toBe(true);
    expect(holdsFactory(argv('validate', 'apply'))).toBe(false);
    expect(holdsFactory(argv('--version'))).toBe(false);
    expect(holdsFactory(argv())).toBe(false);
  });

  it('grows loosely while the project loads, then tightly once, for a factory command', () => {
    limitHeapGrowth(argv('plan', '.'));
    expect(flags).toEqual([`--heap-growing-percent=${LOADING_HEAP_GROWING_PERCENT}`]);
    tightenHeapGrowth();
    tightenHeapGrowth();
    expect(flags).toEqual([
      `--heap-growing-percent=${LOADING_HEAP_GROWING_PERCENT}`,
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    ]);
  });

  it('leaves V8 alone for other commands', () => {
    limitHeapGrowth(argv('validate', '.'));
    tightenHeapGrowth();
    expect(flags).toEqual([]);
  });
});
