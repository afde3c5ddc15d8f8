import { describe, expect, it } from 'vitest';
import { assertLocationUnchanged } from './location.js';

describe('assertLocationUnchanged', () => {
  it.each([
    ['West Europe', 'westeurope'],
    ['eastus', 'EastUS'],
  ])('%s and %s are one location', (a, b) => {
    expect(() => assertLocationUnchanged({ location: a }, { location: b }, 'Factory/f')).not.toThrow();
  });

  it('refuses a move, naming both locations, before any write', () => {
    expect(() => assertLocationUnchanged({ location: 'eastus' }, { location: 'westeurope' }, 'Factory/f')).toThrow(
      "Factory/f: the location cannot change in place (live 'westeurope', adf-deploy.yaml 'eastus')",
    );
  });
});
