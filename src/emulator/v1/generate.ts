import { isObject } from '../documents.js';
import { generateWindows, parseTimeSpan, type Availability, type Window } from './schedule.js';
import type { V1Entity, V1Factory } from './state.js';

/** How long the emulator's simulated run of one window takes. Chosen: one minute. */
export const RUN_MS = 60_000;

/** One activity window with its simulated run, before rendering. */
export interface Slot {
  pipeline: V1Entity;
  activity: Record<string, unknown>;
  window: Window;
  inputs: string[];
  outputs: string[];
  due: number;
  paused: boolean;
  /** When the window's output is Ready; +Infinity when it never is (failed, paused, waiting on a failure). */
  readyAt?: number;
  dependsReadyAt?: number;
}

const names = (v: unknown): string[] =>
  (Array.isArray(v) ? v : []).flatMap((r) => (isObject(r) && typeof r.name === 'string' ? [r.name] : []));

function availabilityOf(v: unknown): Availability | undefined {
  if (!isObject(v) || typeof v.frequency !== 'string' || typeof v.interval !== 'number') return undefined;
  return v as unknown as Availability;
}

/**
 * Every activity window of the factory whose start is not after `now` (B4): the activity scheduler, else its
 * first output dataset's availability, cuts the pipeline's [start, end) into tumbling windows.
 */
export function slotsOf(f: V1Factory, now: number): Slot[] {
  const out: Slot[] = [];
  for (const p of f.children.datapipelines.values()) {
    const props = p.properties;
    const start = typeof props.start === 'string' ? Date.parse(props.start) : Number.NaN;
    const end = typeof props.end === 'string' ? Date.parse(props.end) : Number.NaN;
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    for (const act of Array.isArray(props.activities) ? props.activities : []) {
      if (!isObject(act)) continue;
      const outputs = names(act.outputs);
      const firstOut = outputs.length > 0 ? f.children.datasets.get(outputs[0].toLowerCase()) : undefined;
      const sched = availabilityOf(act.scheduler) ?? availabilityOf(firstOut?.properties.availability);
      if (!sched) continue;
      const policy = isObject(act.policy) ? act.policy : {};
      const delay = typeof policy.delay === 'string' ? (parseTimeSpan(policy.delay) ?? 0) : 0;
      for (const window of generateWindows(sched, start, end, now + 1)) {
        out.push({
          pipeline: p,
          activity: act,
          window,
          inputs: names(act.inputs),
          outputs,
          due: (sched.style === 'StartOfInterval' ? window.start : window.end) + delay,
          paused: props.isPaused === true,
        });
      }
    }
  }
  resolveReadiness(f, out);
  return out;
}

/** readyAt of every slot: a window runs once due and once every overlapping upstream slice is Ready (B4). */
function resolveReadiness(f: V1Factory, slots: Slot[]): void {
  const producers = new Map<string, Slot[]>();
  for (const s of slots)
    for (const o of s.outputs) {
      const k = o.toLowerCase();
      producers.set(k, [...(producers.get(k) ?? []), s]);
    }
  const visiting = new Set<Slot>();
  const readyAt = (s: Slot): number => {
    if (s.readyAt !== undefined) return s.readyAt;
    // A dependency cycle never becomes ready (the service rejects cycles; the emulator just stays Waiting).
    if (visiting.has(s)) return Number.POSITIVE_INFINITY;
    visiting.add(s);
    let deps = Number.NEGATIVE_INFINITY;
    for (const input of s.inputs) {
      const ds = f.children.datasets.get(input.toLowerCase());
      if (ds?.properties.emulatorMissing === true) deps = Number.POSITIVE_INFINITY;
      const ups = producers.get(input.toLowerCase());
      if (!ups) continue;
      const overlapping = ups.filter((u) => u.window.start < s.window.end && u.window.end > s.window.start);
      // An upstream slice not generated yet (it starts in the future) is not Ready.
      const covered = overlapping.reduce(
        (n, u) => n + (Math.min(u.window.end, s.window.end) - Math.max(u.window.start, s.window.start)),
        0,
      );
      if (covered < s.window.end - s.window.start) deps = Number.POSITIVE_INFINITY;
      for (const u of overlapping) deps = Math.max(deps, readyAt(u));
    }
    visiting.delete(s);
    s.dependsReadyAt = deps;
    const fails = s.activity.emulatorFailure === true;
    s.readyAt =
      s.paused || fails || deps === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : Math.max(s.due, deps) + RUN_MS;
    return s.readyAt;
  };
  for (const s of slots) readyAt(s);
}
