import { setMaxListeners } from 'node:events';
import type { RunClock } from './clock.js';
import type { DataActivityExecutor, FactoryView, StorageAccess } from './data-contract.js';
import type { ActivityStub } from './stubs.js';
import { emptyError, type ActivityErrorRecord, type ActivityRunRecord, type InvokedBy } from './records.js';
import { finishRecord, formatSpan, newRecord } from './activity-records.js';
import { activityView, evaluateIn, type ExecScope, type LiveRun, type Outcome } from './scope.js';
import { monitoredRecord, secureFlags, type SecureFlags } from './secure.js';

/** What the scheduler and the activities need from the engine. */
export interface RunServices {
  clock: RunClock;
  newId(): string;
  saveActivity(run: LiveRun, record: ActivityRunRecord): void;
  /** Run one activity's own work (dispatch by type). */
  perform(call: ActivityCall): Promise<Outcome>;
  host: RuntimeHost;
}

/** What activities reach beyond their scope: the factory, storage, the data executor, stubs, child runs. */
export interface RuntimeHost {
  factoryView(run: LiveRun): FactoryView;
  storage: StorageAccess;
  /** The data activities' executor, or undefined when this build has none. */
  dataExecutor(): Promise<DataActivityExecutor | undefined>;
  stubs: readonly ActivityStub[];
  /** Start a run of another pipeline of the same factory (ExecutePipeline); throws when it does not exist. */
  startChild(parent: LiveRun, pipelineName: string, parameters: Record<string, unknown>, invokedBy: InvokedBy): LiveRun;
}

export type ActivityDef = Record<string, unknown>;

/** One attempt of one activity. */
export interface ActivityCall {
  def: ActivityDef;
  name: string;
  type: string;
  scope: ExecScope;
  svc: RunServices;
  /** Aborts on cancel of the run or on the activity's timeout. */
  signal: AbortSignal;
  record: ActivityRunRecord;
  /** Evaluate expressions in the activity's scope (optionally with another item()). */
  evaluate(value: unknown, item?: { value: unknown }): unknown;
}

export type FinalStatus = 'Succeeded' | 'Failed' | 'Skipped' | 'Cancelled';

export interface ScopeResult {
  status: 'Succeeded' | 'Failed' | 'Cancelled';
  /** The activity that failed the scope (by the leaf rule) and its error. */
  failed?: { name: string; error: ActivityErrorRecord };
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const lower = (s: unknown) => String(s ?? '').toLowerCase();

interface Dependency {
  activity: string;
  conditions: string[];
}

function dependenciesOf(def: ActivityDef): Dependency[] {
  const deps = Array.isArray(def.dependsOn) ? def.dependsOn.filter(isObj) : [];
  return deps.map((d) => ({
    activity: lower(d.activity),
    conditions: (Array.isArray(d.dependencyConditions) ? d.dependencyConditions : []).map((c) => lower(c)),
  }));
}

/** Does an upstream outcome satisfy one dependsOn entry (its conditions are OR; Completed = Succeeded or Failed). */
function satisfies(status: FinalStatus, conditions: string[]): boolean {
  const s = status.toLowerCase();
  return conditions.some((c) => c === s || (c === 'completed' && (s === 'succeeded' || s === 'failed')));
}

/**
 * Run a list of activities (a pipeline or a container's inner list) as a graph: an activity starts when every
 * activity it depends on has ended; several dependsOn entries are AND, an unmet one skips it (and so skips its
 * dependents in turn). The result follows the documented leaf rule (adf-runs-v1-facts A7).
 */
export async function runScope(list: unknown, scope: ExecScope, svc: RunServices): Promise<ScopeResult> {
  const defs = Array.isArray(list) ? list.filter(isObj) : [];
  const byName = new Map(defs.map((d) => [lower(d.name), d]));
  const started = new Map<string, Promise<FinalStatus>>();
  const final = new Map<string, FinalStatus>();
  const errors = new Map<string, ActivityErrorRecord>();

  const resolve = (def: ActivityDef, path: string[]): Promise<FinalStatus> => {
    const key = lower(def.name);
    const known = started.get(key);
    if (known !== undefined) return known;
    if (path.includes(key)) throw new Error(`dependency cycle: ${[...path, key].join(' -> ')}`);
    const deps = dependenciesOf(def).filter((d) => byName.has(d.activity));
    const promise = (async (): Promise<FinalStatus> => {
      const upstream = await Promise.all(
        deps.map((d) => resolve(byName.get(d.activity) as ActivityDef, [...path, key])),
      );
      let status: FinalStatus;
      if (scope.signal.aborted) status = 'Cancelled';
      else if (!deps.every((d, i) => satisfies(upstream[i], d.conditions))) status = 'Skipped';
      else {
        const done = await executeActivity(def, scope, svc);
        status = done.status;
        if (done.error) errors.set(key, done.error);
      }
      final.set(key, status);
      return status;
    })();
    started.set(key, promise);
    return promise;
  };
  await Promise.all(defs.map((d) => resolve(d, [])));
  return judgeScope(defs, final, errors, scope.signal.aborted);
}

/** The leaf rule: judge every leaf; a skipped leaf is judged by its parents instead. */
function judgeScope(
  defs: ActivityDef[],
  final: Map<string, FinalStatus>,
  errors: Map<string, ActivityErrorRecord>,
  aborted: boolean,
): ScopeResult {
  if (aborted || [...final.values()].includes('Cancelled')) return { status: 'Cancelled' };
  const names = new Set(defs.map((d) => lower(d.name)));
  const depsOf = new Map(defs.map((d) => [lower(d.name), dependenciesOf(d).filter((x) => names.has(x.activity))]));
  const hasDependents = new Set([...depsOf.values()].flatMap((ds) => ds.map((d) => d.activity)));
  const failed: string[] = [];
  const seen = new Set<string>();
  const judge = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const s = final.get(name);
    if (s === 'Failed') failed.push(name);
    else if (s === 'Skipped') for (const d of depsOf.get(name) ?? []) judge(d.activity);
  };
  for (const d of defs) if (!hasDependents.has(lower(d.name))) judge(lower(d.name));
  if (failed.length === 0) return { status: 'Succeeded' };
  const first = defs.find((d) => failed.includes(lower(d.name))) as ActivityDef;
  const name = String(first.name);
  return { status: 'Failed', failed: { name, error: errors.get(lower(name)) ?? emptyError(name) } };
}

const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$/;

/** `d.hh:mm:ss` (ActivityPolicy.timeout) in ms; undefined when it does not parse. */
export function parseTimeSpan(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000;
  const m = typeof value === 'string' ? TIMESPAN.exec(value.trim()) : null;
  if (!m) return undefined;
  return (((Number(m[1] ?? 0) * 24 + Number(m[2])) * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000;
}

const SEVEN_DAYS = 7 * 24 * 3600 * 1000;

interface Executed {
  status: 'Succeeded' | 'Failed' | 'Cancelled';
  error?: ActivityErrorRecord;
}

/** Run one activity: inactive marking, recovery reuse, retries with their interval, the policy timeout. */
async function executeActivity(def: ActivityDef, scope: ExecScope, svc: RunServices): Promise<Executed> {
  const name = String(def.name);
  const type = String(def.type);
  const run = scope.run;
  const reused = scope.top ? run.reuse[lower(name)] : undefined;
  if (reused) {
    scope.activities[name] = { output: reused.output, status: reused.status, error: reused.error };
    run.top[lower(name)] = reused;
    const status = reused.status === 'Failed' ? 'Failed' : 'Succeeded';
    return { status, error: status === 'Failed' ? (reused.error as ActivityErrorRecord) : undefined };
  }
  const secure = secureFlags(def);
  if (lower(def.state) === 'inactive') {
    const markAs = lower(def.onInactiveMarkAs) === 'failed' ? 'Failed' : 'Succeeded';
    const record = newRecord(def, scope, svc, null);
    finishRecord(
      record,
      svc.clock.now(),
      markAs === 'Failed'
        ? {
            status: 'Failed',
            error: { errorCode: 'ActivityInactive', message: `Activity ${name} is inactive and marked ${markAs}.` },
          }
        : { status: 'Succeeded', output: {} },
    );
    svc.saveActivity(run, record);
    return remember(scope, record, secure);
  }
  const policy = isObj(def.policy) ? def.policy : {};
  const now = () => svc.clock.now();
  let retries = 0;
  let timeoutMs = SEVEN_DAYS;
  let intervalMs = 30_000;
  try {
    retries = Math.max(0, Math.trunc(Number(evaluateIn(scope, policy.retry ?? 0, now)) || 0));
    timeoutMs = parseTimeSpan(evaluateIn(scope, policy.timeout ?? '7.00:00:00', now)) ?? SEVEN_DAYS;
    intervalMs = Math.max(0, Number(evaluateIn(scope, policy.retryIntervalInSeconds ?? 30, now)) || 0) * 1000;
  } catch {
    // A policy that does not evaluate keeps the defaults; the activity's own expressions report errors.
  }
  let record = newRecord(def, scope, svc, null);
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) record = newRecord(def, scope, svc, attempt);
    svc.saveActivity(run, monitoredRecord(record, secure));
    const outcome = await attemptOnce(def, name, type, scope, svc, record, timeoutMs);
    finishRecord(record, svc.clock.now(), outcome);
    svc.saveActivity(run, monitoredRecord(record, secure));
    if (outcome.status !== 'Failed' || attempt >= retries || scope.signal.aborted) break;
    try {
      await svc.clock.sleep(intervalMs, scope.signal);
    } catch {
      break;
    }
  }
  return remember(scope, record, secure);
}

/**
 * Expressions of the run see the real values; a secured output is not kept for recovery reruns (it would be
 * journalled), so a rerun from failure runs that activity again instead of reusing it.
 */
function remember(scope: ExecScope, record: ActivityRunRecord, secure: SecureFlags): Executed {
  scope.activities[record.activityName] = activityView(record);
  if (scope.top && !secure.output)
    scope.run.top[lower(record.activityName)] = { status: record.status, output: record.output, error: record.error };
  const status = record.status === 'Succeeded' ? 'Succeeded' : record.status === 'Cancelled' ? 'Cancelled' : 'Failed';
  return { status, error: status === 'Failed' ? record.error : undefined };
}

async function attemptOnce(
  def: ActivityDef,
  name: string,
  type: string,
  scope: ExecScope,
  svc: RunServices,
  record: ActivityRunRecord,
  timeoutMs: number,
): Promise<Outcome> {
  const ac = new AbortController();
  // A container's inner activities (ForEach: up to 50 at once) all listen on its signal.
  setMaxListeners(0, ac.signal);
  const onCancel = () => ac.abort(new Error('cancelled'));
  scope.signal.addEventListener('abort', onCancel, { once: true });
  let timedOut = false;
  const timer = svc.clock.sleep(timeoutMs, ac.signal).then(
    () => {
      timedOut = true;
      ac.abort(new Error('timeout'));
    },
    () => undefined,
  );
  const call: ActivityCall = {
    def,
    name,
    type,
    scope,
    svc,
    signal: ac.signal,
    record,
    evaluate: (value, item) => evaluateIn(scope, value, () => svc.clock.now(), item),
  };
  const aborted = new Promise<'aborted'>((r) =>
    ac.signal.addEventListener('abort', () => r('aborted'), { once: true }),
  );
  try {
    const work = svc
      .perform(call)
      .catch(
        (err): Outcome => ({ status: 'Failed', error: { errorCode: 'BadRequest', message: (err as Error).message } }),
      );
    const first = await Promise.race([work, aborted]);
    if (timedOut)
      return {
        status: 'Failed',
        error: {
          errorCode: 'ActivityTimedOut',
          message: `Activity ${name} timed out after ${formatSpan(timeoutMs)} (policy timeout).`,
          failureType: 'UserError',
        },
      };
    if (first === 'aborted' || scope.signal.aborted) return { status: 'Cancelled' };
    return first;
  } finally {
    scope.signal.removeEventListener('abort', onCancel);
    if (!ac.signal.aborted) ac.abort(new Error('done'));
    await timer;
  }
}
