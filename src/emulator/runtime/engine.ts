import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { EmulatorError } from '../http.js';
import type { FactoryEntry, Store } from '../store.js';
import { performActivity } from './activities/index.js';
import type { RunClock } from './clock.js';
import type { DataActivityExecutor, FactoryView, StorageAccess } from './data-contract.js';
import { loadDataExecutor } from './data-loader.js';
import { formatRunTime, stringifyParameter, type InvokedBy, type PipelineRunRecord } from './records.js';
import type { RunStore, TopOutcome } from './run-store.js';
import { runScope, type RunServices } from './scheduler.js';
import type { LiveRun } from './scope.js';
import type { ActivityStub } from './stubs.js';
import { checkParameters, initialVariables, isSecure, recoveryReuse, reviveParameters } from './run-setup.js';

/** How the run engine is set up (from the emulator options). */
export interface EngineOptions {
  store: Store;
  runs: RunStore;
  clock: RunClock;
  storage?: StorageAccess;
  /** Test hook / data helper: the executor of Copy, Lookup, GetMetadata, Delete (default: ./activities/data/). */
  dataExecutor?: DataActivityExecutor;
  /** Clear values of secrets masked at PUT time (kept in memory by the data side). */
  secret?: (
    factory: string,
    kind: 'LinkedService' | 'Dataset',
    name: string,
    path: readonly string[],
  ) => string | undefined;
  stubs?: readonly ActivityStub[];
  newId?: () => string;
}

/** createRun's query options (adf-runs-v1-facts A1). */
export interface RunRequest {
  parameters?: Record<string, unknown>;
  referencePipelineRunId?: string;
  isRecovery?: boolean;
  startActivityName?: string;
  startFromFailure?: boolean;
  invokedBy?: InvokedBy;
  /** Trigger context: system variables and trigger() for runs a trigger starts. */
  trigger?: { name: string; type: string; id: string; time: string; outputs: Record<string, unknown> };
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const lower = (s: string) => s.toLowerCase();

/** The run engine: starts pipeline runs, queues them under `concurrency`, cancels them, records everything. */
export class RunEngine {
  private live = new Map<string, LiveRun>();
  private queues = new Map<string, LiveRun[]>();
  private active = new Map<string, number>();
  private pending = new Set<Promise<unknown>>();
  private services: RunServices;
  private newId: () => string;
  private closed = false;

  constructor(private opts: EngineOptions) {
    this.newId = opts.newId ?? randomUUID;
    this.services = {
      clock: opts.clock,
      newId: this.newId,
      saveActivity: (run, record) => {
        if (!this.closed) opts.runs.putActivityRun(run.factoryKey, { ...record });
      },
      perform: performActivity,
      host: {
        factoryView: (run) => this.factoryView(run),
        storage: opts.storage ?? { allowRealStorage: false },
        dataExecutor: () => (opts.dataExecutor ? Promise.resolve(opts.dataExecutor) : loadDataExecutor()),
        stubs: opts.stubs ?? [],
        startChild: (parent, name, parameters, invokedBy) => {
          const f = opts.store.getFactory(parent.factoryKey);
          if (!f) throw new Error(`the factory '${parent.factoryName}' no longer exists`);
          const child = this.createRun(f, name, { parameters, invokedBy });
          parent.children.add(lower(child.runId));
          return this.live.get(lower(child.runId)) as LiveRun;
        },
      },
    };
  }

  get clock(): RunClock {
    return this.opts.clock;
  }

  /** Emulator close: runs stop where they are (their records stay as journalled: a restart marks them Failed). */
  shutdown(): void {
    this.closed = true;
    for (const run of this.live.values()) run.abort.abort(new Error('emulator closed'));
  }

  /** Resolves when no run is executing (tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** The live run (while it executes), for ExecutePipeline and tests. */
  liveRun(runId: string): LiveRun | undefined {
    return this.live.get(lower(runId));
  }

  /** Start (or queue) a run of a pipeline; returns its record. Bad requests throw EmulatorError. */
  createRun(f: FactoryEntry, pipelineName: string, req: RunRequest): PipelineRunRecord {
    const entry = this.opts.store.getChild(f.name, 'pipelines', undefined, pipelineName);
    if (!entry)
      throw new EmulatorError(404, 'NotFound', `The pipeline '${pipelineName}' was not found in factory '${f.name}'.`);
    const pipeline = isObj(entry.doc.properties) ? entry.doc.properties : {};
    const target = `pipeline/${entry.name}/`;
    let given = req.parameters ?? {};
    let runGroupId: string | undefined;
    let reuse: Record<string, TopOutcome> = {};
    if (req.referencePipelineRunId) {
      const ref = this.opts.runs.getPipelineRun(f.name, req.referencePipelineRunId);
      if (!ref || lower(ref.record.pipelineName) !== lower(entry.name))
        throw new EmulatorError(
          400,
          'ReferencedPipelineRunNotValid',
          `Referenced pipeline run id ${req.referencePipelineRunId} is not a valid run id.`,
          target,
        );
      given = this.live.get(lower(ref.record.runId))?.params ?? reviveParameters(ref.record.parameters, pipeline);
      if (req.isRecovery) {
        runGroupId = ref.record.runGroupId;
        reuse = recoveryReuse(ref.top, pipeline, req, target);
        for (const other of this.opts.runs.listPipelineRuns(f.name))
          if (other.record.runGroupId === runGroupId && other.record.isLatest)
            this.opts.runs.putPipelineRun(f.name, { ...other.record, isLatest: false }, other.top);
      }
    }
    const params = checkParameters(entry.name, pipeline, given, target);
    const runId = this.newId();
    const now = this.opts.clock.now();
    const start = formatRunTime(now);
    const invokedBy: InvokedBy = req.invokedBy ?? {
      id: this.newId().replace(/-/g, ''),
      name: 'Manual',
      invokedByType: 'Manual',
    };
    const record: PipelineRunRecord = {
      id: `/subscriptions/${f.sub}/resourceGroups/${f.rg}/providers/Microsoft.DataFactory/factories/${f.name}/pipelineruns/${runId}`,
      runId,
      debugRunId: null,
      runGroupId: runGroupId ?? runId,
      isLatest: true,
      pipelineName: entry.name,
      parameters: Object.fromEntries(
        Object.entries(params).map(([k, v]) => [k, isSecure(pipeline, k) ? '**********' : stringifyParameter(v)]),
      ),
      runDimension: {},
      invokedBy,
      runStart: start,
      runEnd: null,
      durationInMs: null,
      status: 'Queued',
      message: '',
      lastUpdated: start,
      annotations: Array.isArray(pipeline.annotations) ? pipeline.annotations : [],
    };
    const trig = req.trigger;
    const parent = invokedBy.invokedByType === 'PipelineActivity';
    let finish: (r: PipelineRunRecord) => void = () => undefined;
    const done = new Promise<PipelineRunRecord>((r) => (finish = r));
    const run: LiveRun = {
      factoryKey: lower(f.name),
      factoryName: f.name,
      factoryId: record.id.replace(/\/pipelineruns\/.*$/, ''),
      record,
      pipeline,
      params,
      variables: initialVariables(pipeline),
      top: {},
      reuse,
      system: {
        DataFactory: f.name,
        Pipeline: entry.name,
        RunId: runId,
        TriggerType: trig ? trig.type : parent ? 'PipelineActivity' : 'Manual',
        TriggerId: trig ? trig.id : invokedBy.id,
        TriggerName: trig ? trig.name : parent ? invokedBy.name : 'Manual',
        TriggerTime: trig ? trig.time : start,
        GroupId: record.runGroupId,
        TriggeredByPipelineName: parent ? invokedBy.pipelineName : undefined,
        TriggeredByPipelineRunId: parent ? invokedBy.pipelineRunId : undefined,
      },
      trigger: trig ? { startTime: trig.time, scheduledTime: trig.time, outputs: trig.outputs } : undefined,
      globalParameters: this.globalParameters(f.name),
      abort: new AbortController(),
      children: new Set(),
      done,
      finish: (r) => finish(r),
    };
    // Every running activity listens on the run's signal (cancel): no listener limit applies.
    setMaxListeners(0, run.abort.signal);
    this.live.set(lower(runId), run);
    const key = `${run.factoryKey}/${lower(entry.name)}`;
    const limit = Number(pipeline.concurrency);
    const busy = this.active.get(key) ?? 0;
    this.save(run);
    if (Number.isInteger(limit) && limit >= 1 && busy >= limit) {
      const q = this.queues.get(key) ?? [];
      q.push(run);
      this.queues.set(key, q);
    } else this.start(run, key);
    return { ...record };
  }

  /** Cancel a run (and, recursively, the runs its ExecutePipeline activities started). A finished run: no-op. */
  cancel(f: FactoryEntry, runId: string, recursive: boolean): void {
    const stored = this.opts.runs.getPipelineRun(f.name, runId);
    if (!stored) throw runNotFound(runId, f.name);
    const run = this.live.get(lower(runId));
    if (!run) return;
    if (recursive) for (const child of run.children) this.cancel(f, child, true);
    if (run.record.status === 'Queued') {
      const key = `${run.factoryKey}/${lower(run.record.pipelineName)}`;
      this.queues.set(
        key,
        (this.queues.get(key) ?? []).filter((r) => r !== run),
      );
      this.end(run, 'Cancelled', '');
      return;
    }
    if (run.record.status !== 'InProgress') return;
    run.record.status = 'Canceling';
    this.save(run);
    run.abort.abort(new Error('cancelled'));
  }

  private start(run: LiveRun, key: string): void {
    this.active.set(key, (this.active.get(key) ?? 0) + 1);
    run.record.status = 'InProgress';
    this.save(run);
    const scope = { run, activities: {}, signal: run.abort.signal, top: true };
    const work = runScope(run.pipeline.activities, scope, this.services)
      .then(
        (result) => {
          if (result.status === 'Cancelled' || run.abort.signal.aborted) return this.end(run, 'Cancelled', '');
          if (result.status === 'Failed' && result.failed) {
            run.failedCode = result.failed.error.errorCode;
            return this.end(
              run,
              'Failed',
              `Operation on target ${result.failed.name} failed: ${result.failed.error.message}`,
            );
          }
          this.end(run, 'Succeeded', '');
        },
        (err: Error) => this.end(run, 'Failed', `The emulator failed to run the pipeline: ${err.message}`),
      )
      .catch(() => undefined)
      .finally(() => {
        this.pending.delete(work);
        this.active.set(key, (this.active.get(key) ?? 1) - 1);
        const next = this.queues.get(key)?.shift();
        if (next) this.start(next, key);
      });
    this.pending.add(work);
  }

  private end(run: LiveRun, status: 'Succeeded' | 'Failed' | 'Cancelled', message: string): void {
    const now = this.opts.clock.now();
    run.record.status = status;
    run.record.message = message;
    run.record.runEnd = formatRunTime(now);
    run.record.durationInMs = Math.max(0, now - Date.parse(run.record.runStart));
    try {
      this.save(run);
    } finally {
      // Even when the journal refuses the last write, whoever waits on the run (a parent) must go on.
      this.live.delete(lower(run.record.runId));
      run.finish({ ...run.record });
    }
  }

  private save(run: LiveRun): void {
    if (this.closed) return;
    run.record.lastUpdated = formatRunTime(this.opts.clock.now());
    this.opts.runs.putPipelineRun(run.factoryKey, { ...run.record }, { ...run.top });
  }

  private globalParameters(factory: string): Record<string, unknown> {
    const set = this.opts.store.getChild(factory, 'globalparameters', undefined, 'default');
    const props = set && isObj(set.doc.properties) ? set.doc.properties : {};
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, isObj(v) ? v.value : v]));
  }

  private factoryView(run: LiveRun): FactoryView {
    const store = this.opts.store;
    const secret = this.opts.secret;
    return {
      name: run.factoryName,
      get: (kind, name) =>
        store.getChild(run.factoryKey, kind === 'Dataset' ? 'datasets' : 'linkedservices', undefined, name)?.doc,
      secret: (kind, name, path) => secret?.(run.factoryName, kind, name, path),
      globalParameters: run.globalParameters,
    };
  }
}

export function runNotFound(runId: string, factory: string): EmulatorError {
  return new EmulatorError(404, 'NotFound', `The pipeline run '${runId}' was not found in factory '${factory}'.`);
}
