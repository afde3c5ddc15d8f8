/**
 * Lower bounds: no deployer, however clever, can beat these on the same emulator.
 * - Latency: dependent request rounds x per-request latency. Reads: the factory GET and every kind's list run
 *   in parallel, but the pages of one list follow nextLink one after another. Writes: the factory first,
 *   then one round per level of the dependency chain of what changes, plus trigger stop/start rounds.
 * - Throttling: ARM's token buckets (sizes and refill rates x scale) start full; every request past the
 *   bucket size waits for a refill: (requests - size) / rate, per bucket, the largest of the three.
 */
export const ARM_RATES = {
  reads: { size: 250, refill: 25 },
  writes: { size: 200, refill: 10 },
  deletes: { size: 200, refill: 10 },
} as const;

export interface StepNeeds {
  /** Sequential read rounds (pages of the longest list, 0 when the step reads nothing). */
  readRounds: number;
  /** Sequential write rounds (dependency levels of what changes, plus factory and trigger rounds). */
  writeRounds: number;
  /** The fewest requests of each bucket the step needs. */
  reads: number;
  writes: number;
  deletes: number;
}

export interface Bound {
  latencyMs: number;
  throttleMs: number;
  /** The larger of the two. */
  boundMs: number;
  /**
   * Not a lower bound for any deployer, only for ours: with at most `concurrency` calls in flight, the writes take
   * at least ceil(writes / concurrency) rounds (plus the read rounds), or the dependency rounds if longer.
   */
  atConcurrencyMs: number;
}

export function lowerBound(
  needs: StepNeeds,
  latencyMs: number,
  throttleScale: number | undefined,
  concurrency: number,
): Bound {
  const latency = (needs.readRounds + needs.writeRounds) * latencyMs;
  const capped =
    (needs.readRounds + Math.max(needs.writeRounds, Math.ceil((needs.writes + needs.deletes) / concurrency))) *
    latencyMs;
  let throttle = 0;
  if (throttleScale !== undefined) {
    const wait = (n: number, b: { size: number; refill: number }): number =>
      (Math.max(0, n - b.size * throttleScale) / (b.refill * throttleScale)) * 1000;
    throttle = Math.max(
      wait(needs.reads, ARM_RATES.reads),
      wait(needs.writes, ARM_RATES.writes),
      wait(needs.deletes, ARM_RATES.deletes),
    );
  }
  return {
    latencyMs: Math.round(latency),
    throttleMs: Math.round(throttle),
    boundMs: Math.round(Math.max(latency, throttle)),
    atConcurrencyMs: Math.round(Math.max(capped, throttle)),
  };
}

/**
 * Seconds until the buckets are full again after a step that spent `used` tokens of each: the pause between
 * measured steps, so that each starts as a fresh deploy would (at most size / refill = 20 s).
 */
export function refillSeconds(
  used: { reads: number; writes: number; deletes: number },
  throttleScale: number | undefined,
): number {
  if (throttleScale === undefined) return 0;
  const wait = (n: number, b: { size: number; refill: number }): number =>
    Math.min(b.size / b.refill, n / (b.refill * throttleScale));
  return Math.max(
    wait(used.reads, ARM_RATES.reads),
    wait(used.writes, ARM_RATES.writes),
    wait(used.deletes, ARM_RATES.deletes),
  );
}

/** Pages a list of `n` items needs with the emulator's page size. */
export function pagesOf(n: number, pageSize: number): number {
  return Math.max(1, Math.ceil(n / pageSize));
}
