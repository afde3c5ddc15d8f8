/**
 * Test hook (SPEC 600): hold requests from a given one on, so a test can kill or interrupt a client at an exact
 * point instead of after a count that depends on real latency. Off unless a test calls `holdRequests()` on the
 * in-process emulator; no route and no CLI option reach it.
 */

/** What to hold: every request after the first `after` matching ones (writes = anything but GET). */
export interface HoldOptions {
  after: number;
  /** 'writes' (default) counts and holds PUT, PATCH, POST and DELETE; 'all' every request. */
  match?: 'writes' | 'all';
}

/** A hold in place. */
export interface RequestHold {
  /** Resolves when the first request past the threshold arrived (it and any later match are now waiting). */
  reached: Promise<void>;
  /** Requests waiting now. */
  waiting(): number;
  /**
   * Let the waiting requests go and end the hold (later requests pass as usual): 'serve' answers them normally,
   * 'drop' resets their connections without touching the state (the client was killed: nothing it sent after the
   * point may commit).
   */
  release(outcome: 'serve' | 'drop'): void;
}

type Outcome = 'serve' | 'drop';

/** The emulator's gate: asked by the server before a request changes anything. */
export class RequestGate {
  private active?: { matches(method: string): boolean; arrive(): Promise<Outcome> | undefined };
  private previous?: RequestHold;

  /** Start holding (replaces an earlier hold, which is released with 'serve'). */
  hold(options: HoldOptions): RequestHold {
    this.previous?.release('serve');
    let seen = 0;
    const waiting: Array<(o: Outcome) => void> = [];
    let signalReached: () => void = () => {};
    const reached = new Promise<void>((r) => (signalReached = r));
    const matches = (method: string) => options.match === 'all' || method !== 'GET';
    const active = {
      matches,
      arrive: () => {
        if (++seen <= options.after) return undefined;
        signalReached();
        return new Promise<Outcome>((r) => waiting.push(r));
      },
    };
    this.active = active;
    this.previous = {
      reached,
      waiting: () => waiting.length,
      release: (o) => {
        if (this.active === active) this.active = undefined;
        for (const r of waiting.splice(0)) r(o);
      },
    };
    return this.previous;
  }

  /** Undefined = serve at once (no hold, or before the threshold); otherwise wait for the outcome. */
  pass(method: string): Promise<Outcome> | undefined {
    if (!this.active?.matches(method)) return undefined;
    return this.active.arrive();
  }
}
