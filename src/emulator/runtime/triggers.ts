import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import { evaluateDeep } from '../../expression/index.js';
import { EmulatorError } from '../http.js';
import type { FactoryEntry, Store } from '../store.js';
import type { RunClock } from './clock.js';
import type { RunEngine } from './engine.js';
import { formatRunTime, type TriggerRunRecord } from './records.js';
import type { RunStore } from './run-store.js';
import { nextFireTime } from './recurrence.js';
import { eventBody } from './blob-events.js';
import { BlobEventTriggers, type BlobTrigger } from './blob-triggers.js';
import type { StorageAccess } from './data-contract.js';
import { readWindowSpec, runWindows, WindowLedger, type WindowHost } from './tumbling-window.js';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export { nextFireTime } from './recurrence.js';

/** US-culture time as the service prints trigger run properties ("6/16/2018 12:43:15 AM"). */
function usTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** Trigger types that fire on the run clock. */
const LOOPED = ['ScheduleTrigger', 'TumblingWindowTrigger'];

/** What a firing passes besides the trigger itself. */
interface FireOptions {
  /** The pipelines to start (default: the trigger's `pipelines`). */
  pipelines?: unknown[];
  /** trigger().outputs (tumbling window times, event body). */
  outputs?: Record<string, unknown>;
  /** TriggerRun.properties beyond TriggerTime / ScheduleTime. */
  properties?: Record<string, string>;
  status?: TriggerRunRecord['status'];
}

/**
 * Started triggers create trigger runs and pipeline runs: schedule and tumbling window triggers on the run clock,
 * blob event triggers on changes in the emulator's storage.
 */
export class TriggerClock {
  private loops = new Map<string, { etag: string; stop: AbortController }>();
  private ledger = new WindowLedger();
  private events: BlobEventTriggers;

  constructor(
    private store: Store,
    private runs: RunStore,
    private engine: RunEngine,
    private clock: RunClock,
    storage?: StorageAccess,
    blobEventPollMs = 2000,
  ) {
    this.events = new BlobEventTriggers(storage, blobEventPollMs, (t, change) =>
      this.fire(t.factory, t.name, t.props, this.clock.now(), this.clock.now(), {
        outputs: { body: eventBody(change) },
        properties: { EventType: change.kind, Subject: `/${change.container}/blobs/${change.blob}` },
      }),
    );
  }

  /** Scan the watched storage now: fire the started blob event triggers its changes match. */
  scanBlobEvents(): Promise<void> {
    return this.events.scan();
  }

  /** Follow the triggers of one factory (after a start/stop, and at start-up). */
  sync(factory: FactoryEntry): void {
    const key = factory.name.toLowerCase();
    const seen = new Set<string>();
    const blobTriggers: BlobTrigger[] = [];
    for (const t of this.store.listChildren(factory.name, 'triggers', undefined, undefined, 1_000_000).items) {
      const props = isObj(t.doc.properties) ? t.doc.properties : {};
      if (t.runtimeState === 'Started' && props.type === 'BlobEventsTrigger')
        blobTriggers.push({ factory, name: t.name, props });
      if (t.runtimeState !== 'Started' || !LOOPED.includes(String(props.type))) continue;
      const id = `${key}/${t.name.toLowerCase()}`;
      seen.add(id);
      if (this.loops.get(id)?.etag === t.etag) continue;
      this.loops.get(id)?.stop.abort();
      const stop = new AbortController();
      // Every waiting tumbling window (up to the backfill) listens on it.
      setMaxListeners(0, stop.signal);
      this.loops.set(id, { etag: t.etag, stop });
      if (props.type === 'TumblingWindowTrigger') this.startWindows(factory, t.name, props, stop.signal);
      else void this.loop(factory, t.name, props, stop.signal);
    }
    for (const [id, l] of this.loops)
      if (id.startsWith(`${key}/`) && !seen.has(id)) {
        l.stop.abort();
        this.loops.delete(id);
      }
    this.events.set(key, blobTriggers);
  }

  /** Stop every loop (emulator close). */
  stopAll(): void {
    this.events.stop();
    for (const l of this.loops.values()) l.stop.abort();
    this.loops.clear();
  }

  private async loop(
    f: FactoryEntry,
    name: string,
    props: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<void> {
    const tp = isObj(props.typeProperties) ? props.typeProperties : {};
    const recurrence = isObj(tp.recurrence) ? tp.recurrence : {};
    let from = this.clock.now();
    while (!signal.aborted) {
      const at = nextFireTime(recurrence, from);
      if (at === undefined) return;
      try {
        await this.clock.sleep(Math.max(0, at - this.clock.now()), signal);
      } catch {
        return;
      }
      this.fire(f, name, props, at, this.clock.now());
      from = at + 1;
    }
  }

  /** The windows of a started tumbling window trigger (one pipeline, `pipeline`, per window). */
  private startWindows(f: FactoryEntry, name: string, props: Record<string, unknown>, signal: AbortSignal): void {
    const spec = readWindowSpec(props);
    if (!spec) return;
    const host: WindowHost = {
      clock: this.clock,
      engine: this.engine,
      runs: this.runs,
      fire: (outputs, scheduled, properties) =>
        this.fire(f, name, props, scheduled, this.clock.now(), {
          pipelines: [props.pipeline],
          outputs,
          properties,
          status: 'Inprogress',
        }),
    };
    void runWindows(f, name, spec, host, this.ledger, signal);
  }

  /** One firing: a trigger run and a pipeline run per pipeline of the trigger. */
  fire(
    f: FactoryEntry,
    name: string,
    props: Record<string, unknown>,
    scheduled: number,
    actual: number,
    options: FireOptions = {},
  ): TriggerRunRecord {
    const id = randomUUID().replace(/-/g, '').toUpperCase();
    const time = formatRunTime(actual);
    const record: TriggerRunRecord = {
      triggerRunId: id,
      triggerName: name,
      triggerType: String(props.type),
      triggerRunTimestamp: time,
      status: options.status ?? 'Succeeded',
      message: '',
      properties: { TriggerTime: usTime(actual), ScheduleTime: usTime(scheduled), ...options.properties },
      triggeredPipelines: {},
      runDimension: {},
      dependencyStatus: {},
    };
    const outputs = options.outputs ?? {};
    const trigger = { name, type: String(props.type), id, time, outputs };
    const context = {
      trigger: { startTime: time, scheduledTime: formatRunTime(scheduled), outputs },
      now: () => new Date(actual),
    };
    const failures: string[] = [];
    const pipelines = options.pipelines ?? (Array.isArray(props.pipelines) ? props.pipelines : []);
    for (const p of pipelines.filter(isObj)) {
      const ref = isObj(p.pipelineReference) ? String(p.pipelineReference.referenceName ?? '') : '';
      try {
        const parameters = evaluateDeep(isObj(p.parameters) ? p.parameters : {}, context) as Record<string, unknown>;
        const run = this.engine.createRun(f, ref, {
          parameters,
          trigger,
          invokedBy: { id, name, invokedByType: String(props.type) },
        });
        record.triggeredPipelines[run.pipelineName] = run.runId;
      } catch (err) {
        failures.push(`${ref}: ${(err as Error).message}`);
      }
    }
    if (failures.length > 0) {
      record.status = 'Failed';
      record.message = failures.join('; ');
    }
    this.runs.putTriggerRun(f.name, record);
    return record;
  }

  /** Rerun a trigger run: the same scheduled time fires again (a new trigger run). */
  rerun(f: FactoryEntry, triggerName: string, triggerRunId: string): void {
    const old = this.requireRun(f, triggerName, triggerRunId);
    const trigger = this.store.getChild(f.name, 'triggers', undefined, triggerName);
    if (!trigger)
      throw new EmulatorError(404, 'NotFound', `The trigger '${triggerName}' was not found in factory '${f.name}'.`);
    const props = isObj(trigger.doc.properties) ? trigger.doc.properties : {};
    const ws = old.properties.WindowStartTime;
    const we = old.properties.WindowEndTime;
    // A tumbling window run again: the same window (its times as the pipeline saw them).
    const windowed =
      props.type === 'TumblingWindowTrigger' && ws && we
        ? {
            pipelines: [props.pipeline],
            outputs: { windowStartTime: formatRunTime(Date.parse(ws)), windowEndTime: formatRunTime(Date.parse(we)) },
            properties: { WindowStartTime: ws, WindowEndTime: we },
          }
        : {};
    this.fire(f, trigger.name, props, Date.parse(old.triggerRunTimestamp), this.clock.now(), windowed);
  }

  /** Cancel a trigger run: cancels the pipeline runs it started (recursively). */
  cancel(f: FactoryEntry, triggerName: string, triggerRunId: string): void {
    const run = this.requireRun(f, triggerName, triggerRunId);
    for (const runId of Object.values(run.triggeredPipelines)) this.engine.cancel(f, runId, true);
  }

  /** POST queryTriggers: the factory's triggers with their runtime state (parentTriggerName is not modelled). */
  queryTriggers(f: FactoryEntry, _body: unknown): { value: unknown[]; continuationToken: null } {
    const items = this.store.listChildren(f.name, 'triggers', undefined, undefined, 1_000_000).items;
    return {
      value: items.map((t) => ({
        id: `/subscriptions/${f.sub}/resourceGroups/${f.rg}/providers/Microsoft.DataFactory/factories/${f.name}/triggers/${t.name}`,
        name: t.name,
        type: 'Microsoft.DataFactory/factories/triggers',
        properties: { ...(isObj(t.doc.properties) ? t.doc.properties : {}), runtimeState: t.runtimeState ?? 'Stopped' },
        etag: t.etag,
      })),
      continuationToken: null,
    };
  }

  private requireRun(f: FactoryEntry, triggerName: string, id: string): TriggerRunRecord {
    const run = this.runs.getTriggerRun(f.name, id);
    if (!run || run.triggerName.toLowerCase() !== triggerName.toLowerCase())
      throw new EmulatorError(
        404,
        'NotFound',
        `The trigger run '${id}' of trigger '${triggerName}' was not found in factory '${f.name}'.`,
      );
    return run;
  }
}
