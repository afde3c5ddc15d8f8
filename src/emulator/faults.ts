/** Faults the emulator can inject. `reset-after-commit` is opt-in: the write commits, then the socket drops. */
export type FaultKind = '500' | '503' | '429' | 'reset' | 'slow' | 'reset-after-commit';

export const DEFAULT_FAULTS: FaultKind[] = ['500', '503', '429', 'reset', 'slow'];
export const ALL_FAULTS: FaultKind[] = [...DEFAULT_FAULTS, 'reset-after-commit'];

/** mulberry32: a tiny seeded PRNG, so a fault sequence can be replayed from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request, whether to inject a fault (one draw per request, so the sequence is stable). */
export class FaultPlan {
  private random: () => number;
  constructor(
    private rate: number,
    seed: number,
    private kinds: FaultKind[] = DEFAULT_FAULTS,
  ) {
    if (!(rate >= 0 && rate <= 1)) throw new Error(`invalid fault rate ${rate}: expected a number from 0 to 1`);
    if (kinds.length === 0) throw new Error('no fault kinds given');
    this.random = mulberry32(seed);
  }

  next(): FaultKind | undefined {
    if (this.rate === 0) return undefined;
    const r = this.random();
    if (r >= this.rate) return undefined;
    return this.kinds[Math.min(this.kinds.length - 1, Math.floor((r / this.rate) * this.kinds.length))];
  }
}

export function parseFaultKinds(text: string): FaultKind[] {
  const kinds = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const k of kinds) {
    if (!(ALL_FAULTS as string[]).includes(k))
      throw new Error(`unknown fault kind '${k}': expected ${ALL_FAULTS.join(', ')}`);
  }
  return kinds as FaultKind[];
}
