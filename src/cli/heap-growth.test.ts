import { describe, expect, it } from 'vitest';
import { holdsFactory } from './heap-growth.js';

describe('heap growth (issue 19)', () => {
  it('is tightened for plan, apply and destroy only', () => {
    const argv = (...words: string[]) => ['node', 'adf-deploy', ...words];
    expect(holdsFactory(argv('apply', 'dir', '--auto-approve'))).toBe(true);
    expect(holdsFactory(argv('--no-color', 'plan', '.'))).toBe(true);
    expect(holdsFactory(argv('destroy'))).toBe(true);
    expect(holdsFactory(argv('validate', 'apply'))).toBe(false);
    expect(holdsFactory(argv('--version'))).toBe(false);
    expect(holdsFactory(argv())).toBe(false);
  });
});
