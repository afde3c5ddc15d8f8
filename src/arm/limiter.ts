import type { HttpMethod, PacingOptions, RateClass } from './types.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** ARM counts GET as reads, DELETE as deletes, and every other method (PUT, PATCH, POST) as writes. */
export function rateClassOf(method: HttpMethod): RateClass {
  if (method === 'GET') return 'reads';
  if (method === 'DELETE') return 'deletes';
  return 'writes';
}

/** ARM reports each class per subscription and per tenant; either running low is reason to slow down. */
export const SCOPES = ['subscription', 'tenant'] as const;
export type Scope = (typeof SCOPES)[number];
const CLASSES: RateClass[] = ['reads', 'writes', 'deletes'];
const DEFAULT_REFILL: Record<RateClass, number> = { reads: 25, writes: 10, deletes: 10 };

/** A counting semaphore with a FIFO queue: at most `size` holders at once. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.size) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(wake);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal!.reason);
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(wake);
    });
    // The releasing holder handed its slot over: `active` is unchanged.
    return this.releaser();
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }
}

interface ClassState {
  /** Per scope: last x-ms-ratelimit-remaining-<scope>-<class> seen, and the largest seen (the bucket size, roughly). */
  scopes: Partial<Record<Scope, { remaining: number; largest: number }>>;
  /** No request of this class may start before this time (set by a 429's Retry-After). */
  holdUntil: number;
  /** Next free start time while pacing: reserved synchronously so concurrent callers get distinct slots. */
  nextSlot: number;
}

/**
 * Client-side pacing per ARM throttling class, so a large deploy slows down before ARM starts answering 429.
 *
 * - Every response's `x-ms-ratelimit-remaining-{subscription,tenant}-{reads,writes,deletes}` updates the class.
 * - While a class's remaining count is low (under `lowThreshold`, or under `lowFraction` of the largest count
 *   seen, whichever is higher) new requests of that class start at most at ARM's refill rate (reads 25/s,
 *   writes and deletes 10/s by default), i.e. one every 1000/rate ms: the bucket then stops draining.
 * - A 429 holds the whole class (not only the request that got it) until its Retry-After has passed.
 *
 * Time comes from the injected `now` and waits go through the injected `sleep`, so tests drive it with a fake clock.
 */
export class RateLimiter {
  private readonly states: Record<RateClass, ClassState>;
  private readonly lowFraction: number;
  private readonly lowThreshold: number;
  private readonly refill: Record<RateClass, number>;
  /** Total ms callers were told to wait. */
  pacedMs = 0;
  /** Responses read by observe() (a limiter shared by several clients counts them all). */
  observed = 0;

  constructor(
    private readonly now: () => number,
    private readonly sleep: Sleep,
    options: PacingOptions | false = {},
  ) {
    this.enabled = options !== false;
    const o = options === false ? {} : options;
    this.lowFraction = o.lowFraction ?? 0.1;
    this.lowThreshold = o.lowThreshold ?? 20;
    this.refill = { ...DEFAULT_REFILL, ...o.refillPerSecond };
    this.states = { reads: fresh(), writes: fresh(), deletes: fresh() };
  }

  private readonly enabled: boolean;

  /** How long a request of `cls` starting now must wait; reserves its pacing slot. */
  reserve(cls: RateClass): number {
    const state = this.states[cls];
    const now = this.now();
    let start = Math.max(now, state.holdUntil);
    if (this.enabled && this.isLow(state)) {
      start = Math.max(start, state.nextSlot);
      state.nextSlot = start + 1000 / this.refill[cls];
    }
    return Math.max(0, start - now);
  }

  /** Wait for the class's hold and pacing slot. Re-checks after waiting: a 429 may have extended the hold. */
  async wait(cls: RateClass, signal?: AbortSignal): Promise<void> {
    for (let guard = 0; guard < 100; guard++) {
      const delay = this.reserve(cls);
      if (delay <= 0) return;
      this.pacedMs += delay;
      await this.sleep(delay, signal);
      if (this.now() >= this.states[cls].holdUntil) return;
    }
  }

  /** Read the remaining-count headers of a response. */
  observe(headers: Record<string, string | string[] | undefined>): void {
    this.observed++;
    for (const cls of CLASSES) {
      const state = this.states[cls];
      for (const scope of SCOPES) {
        const value = remainingCount(headers, scope, cls);
        if (value === undefined) continue;
        const seen = state.scopes[scope];
        state.scopes[scope] = { remaining: value, largest: Math.max(seen?.largest ?? 0, value) };
      }
      if (!this.isLow(state)) state.nextSlot = 0;
    }
  }

  /** A 429 for this class: hold every request of the class until `retryAfterMs` from now. */
  hold(cls: RateClass, retryAfterMs: number): void {
    const state = this.states[cls];
    state.holdUntil = Math.max(state.holdUntil, this.now() + retryAfterMs);
  }

  /** Neither paced nor held after a 429: a request of the class may go now (list pages are read ahead only then). */
  isClear(cls: RateClass): boolean {
    return !this.isPacing(cls) && this.now() >= this.states[cls].holdUntil;
  }

  /** The class is being paced (for tests and --verbose). */
  isPacing(cls: RateClass): boolean {
    return this.enabled && this.isLow(this.states[cls]);
  }

  private isLow(state: ClassState): boolean {
    return Object.values(state.scopes).some(
      (s) => s.remaining < Math.max(this.lowThreshold, this.lowFraction * s.largest),
    );
  }
}

function fresh(): ClassState {
  return { scopes: {}, holdUntil: 0, nextSlot: 0 };
}

/** What x-ms-ratelimit-remaining-<scope>-<cls> says remains; undefined when the answer does not say. */
export function remainingCount(
  headers: Record<string, string | string[] | undefined>,
  scope: Scope,
  cls: RateClass,
): number | undefined {
  const raw = headers[`x-ms-ratelimit-remaining-${scope}-${cls}`];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || raw === '' || !Number.isFinite(value) ? undefined : value;
}
