import type { ActivityRunRecord, PipelineRunRecord, TriggerRunRecord } from './records.js';

/** Outcome of a top-level activity, kept with its pipeline run for recovery reruns (not part of the API object). */
export interface TopOutcome {
  status: string;
  output: unknown;
  error?: unknown;
}

export interface StoredPipelineRun {
  t: 'prun';
  factory: string;
  record: PipelineRunRecord;
  top: Record<string, TopOutcome>;
}
export interface StoredActivityRun {
  t: 'arun';
  factory: string;
  record: ActivityRunRecord;
}
export interface StoredTriggerRun {
  t: 'trun';
  factory: string;
  record: TriggerRunRecord;
}
export type StoredRun = StoredPipelineRun | StoredActivityRun | StoredTriggerRun;

/** One journal line item: whole values under `r/...` keys, so a replay is idempotent like the store's. */
export interface RunMutation {
  key: string;
  entry: StoredRun | null;
}

/** Where run records are made durable (the emulator's journal); absent = in memory. */
export interface RunJournal {
  append(mutations: RunMutation[]): void;
  /** Called once appended mutations are applied (the emulator may compact then). */
  applied?(): void;
}

/** True for journal keys that belong to runs (the store ignores them; the runtime loads them). */
export function isRunKey(key: string): boolean {
  return key.startsWith('r/');
}

const lower = (s: string) => s.toLowerCase();

/** Run records of every factory, with the journal behind them. */
export class RunStore {
  private pipelineRuns = new Map<string, Map<string, StoredPipelineRun>>();
  private activityRuns = new Map<string, Map<string, ActivityRunRecord>>();
  private triggerRuns = new Map<string, Map<string, TriggerRunRecord>>();

  constructor(private journal?: RunJournal) {}

  /** Load journalled runs. Runs that were in progress when the emulator stopped are marked Failed (and journalled). */
  restore(entries: Iterable<[string, unknown]>, nowIso: string): void {
    for (const [key, value] of entries) if (isRunKey(key)) this.apply({ key, entry: value as StoredRun });
    const fixes: RunMutation[] = [];
    const message = `The emulator stopped while this run was in progress; the run was marked Failed when it restarted at ${nowIso}.`;
    for (const runs of this.pipelineRuns.values())
      for (const p of runs.values()) {
        if (!['Queued', 'InProgress', 'Canceling'].includes(p.record.status)) continue;
        const record = { ...p.record, status: 'Failed' as const, message, runEnd: nowIso, lastUpdated: nowIso };
        record.durationInMs = Math.max(0, Date.parse(nowIso) - Date.parse(record.runStart));
        fixes.push({ key: pipelineKey(p.factory, record.runId), entry: { ...p, record } });
        for (const a of this.activityRuns.get(record.runId)?.values() ?? []) {
          if (a.status !== 'InProgress' && a.status !== 'Queued') continue;
          const ar: ActivityRunRecord = {
            ...a,
            status: 'Failed',
            activityRunEnd: nowIso,
            lastUpdated: nowIso,
            durationInMs: Math.max(0, Date.parse(nowIso) - Date.parse(a.activityRunStart)),
            error: {
              errorCode: 'EmulatorRestarted',
              message,
              failureType: 'SystemError',
              target: a.activityName,
              details: '',
            },
          };
          fixes.push({
            key: activityKey(p.factory, ar.pipelineRunId, ar.activityRunId),
            entry: { t: 'arun', factory: p.factory, record: ar },
          });
        }
      }
    for (const [factory, runs] of this.triggerRuns)
      for (const [id, t] of runs)
        if (t.status === 'Inprogress')
          fixes.push({
            key: triggerKey(factory, id),
            entry: { t: 'trun', factory, record: { ...t, status: 'Failed', message } },
          });
    this.commit(fixes);
  }

  putPipelineRun(factory: string, record: PipelineRunRecord, top: Record<string, TopOutcome>): void {
    this.commit([
      { key: pipelineKey(factory, record.runId), entry: { t: 'prun', factory: lower(factory), record, top } },
    ]);
  }

  putActivityRun(factory: string, record: ActivityRunRecord): void {
    this.commit([
      {
        key: activityKey(factory, record.pipelineRunId, record.activityRunId),
        entry: { t: 'arun', factory: lower(factory), record },
      },
    ]);
  }

  putTriggerRun(factory: string, record: TriggerRunRecord): void {
    this.commit([
      { key: triggerKey(factory, record.triggerRunId), entry: { t: 'trun', factory: lower(factory), record } },
    ]);
  }

  getPipelineRun(factory: string, runId: string): StoredPipelineRun | undefined {
    return this.pipelineRuns.get(lower(factory))?.get(lower(runId));
  }

  listPipelineRuns(factory: string): StoredPipelineRun[] {
    return [...(this.pipelineRuns.get(lower(factory))?.values() ?? [])];
  }

  listActivityRuns(runId: string): ActivityRunRecord[] {
    return [...(this.activityRuns.get(lower(runId))?.values() ?? [])];
  }

  getTriggerRun(factory: string, id: string): TriggerRunRecord | undefined {
    return this.triggerRuns.get(lower(factory))?.get(lower(id));
  }

  listTriggerRuns(factory: string): TriggerRunRecord[] {
    return [...(this.triggerRuns.get(lower(factory))?.values() ?? [])];
  }

  /** Every run record as journal entries, for the snapshot. */
  *entries(): Generator<[string, StoredRun]> {
    for (const runs of this.pipelineRuns.values())
      for (const p of runs.values()) {
        yield [pipelineKey(p.factory, p.record.runId), p];
        for (const a of this.activityRuns.get(lower(p.record.runId))?.values() ?? [])
          yield [
            activityKey(p.factory, a.pipelineRunId, a.activityRunId),
            { t: 'arun', factory: p.factory, record: a },
          ];
      }
    for (const [factory, runs] of this.triggerRuns)
      for (const t of runs.values()) yield [triggerKey(factory, t.triggerRunId), { t: 'trun', factory, record: t }];
  }

  private commit(mutations: RunMutation[]): void {
    if (mutations.length === 0) return;
    this.journal?.append(mutations);
    for (const m of mutations) this.apply(m);
    this.journal?.applied?.();
  }

  private apply({ entry }: RunMutation): void {
    if (!entry) return;
    if (entry.t === 'prun') mapOf(this.pipelineRuns, entry.factory).set(lower(entry.record.runId), entry);
    else if (entry.t === 'arun')
      mapOf(this.activityRuns, entry.record.pipelineRunId).set(lower(entry.record.activityRunId), entry.record);
    else mapOf(this.triggerRuns, entry.factory).set(lower(entry.record.triggerRunId), entry.record);
  }
}

function mapOf<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  const k = lower(key);
  let m = outer.get(k);
  if (!m) outer.set(k, (m = new Map()));
  return m;
}

function pipelineKey(factory: string, runId: string): string {
  return `r/p/${lower(factory)}/${lower(runId)}`;
}
function activityKey(factory: string, runId: string, activityRunId: string): string {
  return `r/a/${lower(factory)}/${lower(runId)}/${lower(activityRunId)}`;
}
function triggerKey(factory: string, id: string): string {
  return `r/t/${lower(factory)}/${lower(id)}`;
}
