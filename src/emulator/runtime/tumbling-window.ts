import type { FactoryEntry } from '../store.js';
import type { RunClock } from './clock.js';
import type { RunEngine } from './engine.js';
import { formatRunTime, type TriggerRunRecord } from './records.js';
import type { RunStore } from './run-store.js';

/**
 * TumblingWindowTrigger (how-to-create-tumbling-window-trigger, tumbling-window-trigger-dependency): fixed,
 * contiguous windows from startTime; each fires once its end (+ delay) has passed on the run clock, past windows
 * at once (backfill); at most `maxConcurrency` windows run at a time; a failed run is retried per `retryPolicy`;
 * `dependsOn` waits until the referenced windows (another tumbling window trigger's, or its own earlier ones)
 * have succeeded.
 */

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000 };
/**
 * Past windows run at once when the trigger starts; chosen: only the last BACKFILL of them (the service runs them
 * all), so a trigger whose startTime lies years back does not flood the emulator; older ones count as met.
 */
export const BACKFILL = 100;
const SPAN = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/;

/** `[-][d.]hh:mm:ss` in ms (delay, dependency offset and size); undefined when absent or unreadable. */
export function parseSignedSpan(value: unknown): number | undefined {
  const m = typeof value === 'string' ? SPAN.exec(value.trim()) : null;
  if (!m) return undefined;
  const ms = (((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60 + Number(m[5])) * 1000;
  return m[1] ? -ms : ms;
}

export interface WindowSpec {
  start: number;
  end: number;
  frequency: string;
  interval: number;
  delay: number;
  maxConcurrency: number;
  retryCount: number;
  retryIntervalMs: number;
  dependsOn: Record<string, unknown>[];
}

/** The trigger's type properties read with the documented defaults; undefined when the windows cannot be cut. */
export function readWindowSpec(props: Record<string, unknown>): WindowSpec | undefined {
  const tp = isObj(props.typeProperties) ? props.typeProperties : {};
  const start = Date.parse(String(tp.startTime ?? ''));
  const frequency = String(tp.frequency ?? '').toLowerCase();
  const interval = Math.trunc(Number(tp.interval ?? 1));
  if (Number.isNaN(start) || !(interval >= 1) || !(frequency in UNIT_MS || frequency === 'month')) return undefined;
  const end = tp.endTime ? Date.parse(String(tp.endTime)) : Number.POSITIVE_INFINITY;
  const retry = isObj(tp.retryPolicy) ? tp.retryPolicy : {};
  return {
    start,
    end: Number.isNaN(end) ? Number.POSITIVE_INFINITY : end,
    frequency,
    interval,
    delay: Math.max(0, parseSignedSpan(tp.delay) ?? 0),
    maxConcurrency: Math.min(50, Math.max(1, Math.trunc(Number(tp.maxConcurrency ?? 1)) || 1)),
    retryCount: Math.max(0, Math.trunc(Number(retry.count ?? 0)) || 0),
    retryIntervalMs: Math.max(30, Number(retry.intervalInSeconds ?? 30) || 30) * 1000,
    dependsOn: Array.isArray(tp.dependsOn) ? tp.dependsOn.filter(isObj) : [],
  };
}

/** Window k: [start, end) in ms (months on the UTC calendar). */
export function windowAt(spec: WindowSpec, k: number): [number, number] {
  if (spec.frequency === 'month') {
    const at = (n: number) => {
      const d = new Date(spec.start);
      d.setUTCMonth(d.getUTCMonth() + n * spec.interval);
      return d.getTime();
    };
    return [at(k), at(k + 1)];
  }
  const size = UNIT_MS[spec.frequency] * spec.interval;
  return [spec.start + k * size, spec.start + (k + 1) * size];
}

export interface WindowHost {
  clock: RunClock;
  engine: RunEngine;
  runs: RunStore;
  /** Create the trigger run and the pipeline run of one window (the trigger run starts `Inprogress`). */
  fire(outputs: Record<string, unknown>, scheduled: number, properties: Record<string, string>): TriggerRunRecord;
}

/** Succeeded windows per trigger (factory/trigger, lower case), so dependent windows can wait for them. */
export class WindowLedger {
  private done = new Map<string, Array<[number, number]>>();
  private waiters = new Set<() => void>();

  succeeded(trigger: string, window: [number, number]): void {
    const list = this.done.get(trigger) ?? [];
    list.push(window);
    this.done.set(trigger, list);
    for (const w of [...this.waiters]) w();
  }

  /** Whether [from, to) is covered by succeeded windows of the trigger. */
  covered(trigger: string, from: number, to: number): boolean {
    const list = [...(this.done.get(trigger) ?? [])].sort((a, b) => a[0] - b[0]);
    let at = from;
    for (const [s, e] of list) if (s <= at && e > at) at = e;
    return at >= to;
  }

  /** Resolve once `ready()` holds (re-checked whenever a window succeeds); rejects when the signal aborts. */
  async until(ready: () => boolean, signal: AbortSignal): Promise<void> {
    while (!ready()) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          this.waiters.delete(wake);
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          this.waiters.delete(wake);
          reject(signal.reason);
        };
        if (signal.aborted) return reject(signal.reason);
        this.waiters.add(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
}

/** How many windows are due at `now` (a 15-minute trigger from 2019 has ~250,000: doubling, then bisection). */
export function dueCount(spec: WindowSpec, now: number): number {
  const due = (k: number) => windowAt(spec, k)[1] + spec.delay <= now;
  if (!due(0)) return 0;
  let hi = 1;
  while (due(hi)) hi *= 2;
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (due(mid)) lo = mid;
    else hi = mid;
  }
  return lo + 1;
}

/** Run the windows of one started trigger until its endTime or until stopped. */
export async function runWindows(
  f: FactoryEntry,
  name: string,
  spec: WindowSpec,
  host: WindowHost,
  ledger: WindowLedger,
  signal: AbortSignal,
): Promise<void> {
  const key = `${f.name}/${name}`.toLowerCase();
  let running = 0;
  let freed: (() => void) | undefined;
  const first = Math.max(0, dueCount(spec, host.clock.now()) - BACKFILL);
  if (first > 0) ledger.succeeded(key, [spec.start, windowAt(spec, first)[0]]);
  for (let k = first; !signal.aborted; k++) {
    const window = windowAt(spec, k);
    if (window[1] > spec.end) return;
    // Started again after a stop: windows that already succeeded are not run twice.
    if (ledger.covered(key, window[0], window[1])) continue;
    try {
      await host.clock.sleep(Math.max(0, window[1] + spec.delay - host.clock.now()), signal);
      while (running >= spec.maxConcurrency) await new Promise<void>((r) => (freed = r));
    } catch {
      return;
    }
    if (signal.aborted) return;
    running++;
    void runWindow(f, key, window, spec, host, ledger, signal).finally(() => {
      running--;
      freed?.();
    });
  }
}

/** One window: wait for its dependencies, then run (and retry) its pipeline run; record a success. */
async function runWindow(
  f: FactoryEntry,
  key: string,
  window: [number, number],
  spec: WindowSpec,
  host: WindowHost,
  ledger: WindowLedger,
  signal: AbortSignal,
): Promise<void> {
  const [ws, we] = window;
  const ranges = spec.dependsOn.map((d) => {
    const offset = parseSignedSpan(d.offset) ?? 0;
    const size = parseSignedSpan(d.size) ?? we - ws;
    const self = String(d.type) === 'SelfDependencyTumblingWindowTriggerReference';
    const ref = isObj(d.referenceTrigger) ? String(d.referenceTrigger.referenceName ?? '') : '';
    return { trigger: self ? key : `${f.name}/${ref}`.toLowerCase(), from: ws + offset, to: ws + offset + size };
  });
  // A self-dependency on windows before the trigger's start is met (there are none to wait for).
  const ready = () =>
    ranges.every((r) => (r.trigger === key && r.to <= spec.start) || ledger.covered(r.trigger, r.from, r.to));
  try {
    await ledger.until(ready, signal);
  } catch {
    return;
  }
  const outputs = { windowStartTime: formatRunTime(ws), windowEndTime: formatRunTime(we) };
  const properties = { WindowStartTime: new Date(ws).toISOString(), WindowEndTime: new Date(we).toISOString() };
  for (let attempt = 0; attempt <= spec.retryCount && !signal.aborted; attempt++) {
    if (attempt > 0)
      try {
        await host.clock.sleep(spec.retryIntervalMs, signal);
      } catch {
        return;
      }
    const record = host.fire(outputs, we, properties);
    const runId = Object.values(record.triggeredPipelines)[0];
    const live = runId ? host.engine.liveRun(runId) : undefined;
    const final = live ? await live.done : undefined;
    const ok = final?.status === 'Succeeded';
    host.runs.putTriggerRun(f.name, {
      ...record,
      status: ok ? 'Succeeded' : 'Failed',
      message: ok ? '' : record.message || `The pipeline run ended ${final?.status ?? 'without starting'}.`,
    });
    if (ok) {
      ledger.succeeded(key, window);
      return;
    }
  }
}
