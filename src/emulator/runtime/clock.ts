/**
 * The emulator's run clock: Wait, retry intervals, timeouts and schedule triggers read and sleep on it, never on
 * the real clock directly, so tests and demos need not wait real minutes.
 * - scaled: virtual time runs `scale` times faster than real time (1 = real time);
 * - virtual: time stands still while work is ready and jumps to the next timer when nothing else can run
 *   (a discrete-event clock; work that waits on real I/O holds the clock with `hold`).
 */
export interface RunClock {
  /** ms since epoch, in run time. */
  now(): number;
  /** Resolve after `ms` of run time; rejects with the signal's reason when it aborts first (the timer is dropped). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Keep virtual time from jumping while `work` is pending (real I/O). A no-op for a scaled clock. */
  hold<T>(work: Promise<T>): Promise<T>;
}

/** Run time = start + (real elapsed) × scale. */
export function createScaledClock(scale = 1, realNow: () => number = Date.now): RunClock {
  if (!(scale > 0)) throw new Error(`invalid time scale ${scale}: expected a positive number`);
  const realStart = realNow();
  return {
    now: () => realStart + (realNow() - realStart) * scale,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms / scale),
        );
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    hold: (work) => work,
  };
}

interface Timer {
  at: number;
  seq: number;
  resolve(): void;
}

/** A virtual clock that tests move by hand. */
export interface ManualClock extends RunClock {
  pending(): number;
  /** Move time forward by `ms`, firing due timers in order and letting their work run between them. */
  advance(ms: number): Promise<void>;
}

/**
 * A discrete-event clock starting at `start` (ms since epoch). With `auto` (default) it jumps to the next timer
 * whenever nothing else can run; without, only `advance` moves it.
 */
export function createVirtualClock(start: number = Date.now(), options: { auto?: boolean } = {}): ManualClock {
  const auto = options.auto ?? true;
  let now = start;
  let seq = 0;
  let held = 0;
  let scheduled = false;
  const timers: Timer[] = [];
  const settle = () => new Promise<void>((r) => setImmediate(r));
  const schedule = () => {
    if (!auto || scheduled || held > 0 || timers.length === 0) return;
    scheduled = true;
    // setImmediate runs after every ready promise continuation: the clock moves only when nothing else can.
    setImmediate(() => {
      scheduled = false;
      if (held > 0 || timers.length === 0) return;
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.shift();
      if (!next) return;
      now = Math.max(now, next.at);
      next.resolve();
      schedule();
    });
  };
  return {
    now: () => now,
    pending: () => timers.length,
    advance: async (ms) => {
      const target = now + ms;
      await settle();
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers[0];
        if (!next || next.at > target) break;
        timers.shift();
        now = Math.max(now, next.at);
        next.resolve();
        await settle();
      }
      now = target;
      await settle();
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer: Timer = {
          at: now + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const i = timers.indexOf(timer);
          if (i >= 0) timers.splice(i, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        schedule();
      }),
    hold: async (work) => {
      held++;
      try {
        return await work;
      } finally {
        held--;
        schedule();
      }
    },
  };
}
