import type { HandlerContext, HandlerRequest, Reply } from '../context.js';
import { requireFactory } from '../factories.js';
import { EmulatorError } from '../http.js';
import type { FactoryPath } from '../routes.js';
import { runNotFound, type RunEngine } from './engine.js';
import { parseRunFilter, queryPage, type FieldReader } from './filter.js';
import type { ActivityRunRecord, PipelineRunRecord, TriggerRunRecord } from './records.js';
import type { RunStore } from './run-store.js';
import type { TriggerClock } from './triggers.js';

/** What the run routes need (the emulator builds one per server). */
export interface RunApi {
  engine: RunEngine;
  runs: RunStore;
  triggers: TriggerClock;
  /** Runs and activity runs per query page (100, as the service: A3). */
  pageSize: number;
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : null);

const readPipelineRun: FieldReader<PipelineRunRecord> = (r, field) => {
  switch (field) {
    case 'PipelineName':
      return r.pipelineName;
    case 'Status':
      return r.status;
    case 'RunStart':
      return ms(r.runStart);
    case 'RunEnd':
      return ms(r.runEnd);
    case 'RunGroupId':
      return r.runGroupId;
    case 'LatestOnly':
      return r.isLatest;
    default:
      return null;
  }
};

const readActivityRun: FieldReader<ActivityRunRecord> = (r, field) => {
  switch (field) {
    case 'ActivityName':
      return r.activityName;
    case 'ActivityType':
      return r.activityType;
    case 'Status':
      return r.status;
    case 'ActivityRunStart':
      return ms(r.activityRunStart);
    case 'ActivityRunEnd':
      return ms(r.activityRunEnd);
    default:
      return null;
  }
};

const readTriggerRun: FieldReader<TriggerRunRecord> = (r, field) => {
  switch (field) {
    case 'TriggerName':
      return r.triggerName;
    case 'Status':
      return r.status;
    case 'TriggerRunTimestamp':
      return ms(r.triggerRunTimestamp);
    default:
      return null;
  }
};

function flag(q: URLSearchParams, name: string): boolean {
  for (const [k, v] of q) if (k.toLowerCase() === name.toLowerCase()) return v.toLowerCase() === 'true';
  return false;
}

function param(q: URLSearchParams, name: string): string | undefined {
  for (const [k, v] of q) if (k.toLowerCase() === name.toLowerCase() && v !== '') return v;
  return undefined;
}

/** The path segments after `factories/{name}`. */
function restOf(pathname: string): string[] {
  const parts = pathname
    .split('/')
    .filter((p) => p.length > 0)
    .map(decodeURIComponent);
  const i = parts.findIndex((p) => p.toLowerCase() === 'factories');
  return parts.slice(i + 2);
}

function methodNotAllowed(req: HandlerRequest): EmulatorError {
  return new EmulatorError(405, 'MethodNotAllowed', `The method '${req.method}' is not allowed on '${req.pathname}'.`);
}

/** The run routes of SPEC.md section N (createRun, pipelineruns, the three queries, trigger-run rerun/cancel). */
export function handleRuns(ctx: HandlerContext, api: RunApi, req: HandlerRequest, route: FactoryPath): Reply {
  const f = requireFactory(ctx, route);
  const rest = restOf(req.pathname);
  const low = rest.map((s) => s.toLowerCase());
  const post = req.method === 'POST';
  if (low[0] === 'pipelines' && low[2] === 'createrun' && rest.length === 3) {
    if (!post) throw methodNotAllowed(req);
    const run = api.engine.createRun(f, rest[1], {
      parameters: req.body,
      referencePipelineRunId: param(req.query, 'referencePipelineRunId'),
      isRecovery: flag(req.query, 'isRecovery'),
      startActivityName: param(req.query, 'startActivityName'),
      startFromFailure: flag(req.query, 'startFromFailure'),
    });
    return { status: 200, body: { runId: run.runId }, committed: true };
  }
  if (low[0] === 'querypipelineruns' && rest.length === 1) {
    if (!post) throw methodNotAllowed(req);
    const q = parseRunFilter(req.body, 'pipeline runs');
    const items = api.runs.listPipelineRuns(f.name).map((p) => p.record);
    return {
      status: 200,
      body: queryPage(
        items,
        q,
        readPipelineRun,
        (r) => Date.parse(r.lastUpdated),
        (r) => r.runId,
        'RunStart',
        api.pageSize,
      ),
    };
  }
  if (low[0] === 'querytriggerruns' && rest.length === 1) {
    if (!post) throw methodNotAllowed(req);
    const q = parseRunFilter(req.body, 'trigger runs');
    const items = api.runs.listTriggerRuns(f.name);
    return {
      status: 200,
      body: queryPage(
        items,
        q,
        readTriggerRun,
        (r) => Date.parse(r.triggerRunTimestamp),
        (r) => r.triggerRunId,
        'TriggerRunTimestamp',
        api.pageSize,
      ),
    };
  }
  if (low[0] === 'querytriggers' && rest.length === 1) {
    if (!post) throw methodNotAllowed(req);
    return { status: 200, body: api.triggers.queryTriggers(f, req.body) };
  }
  if (low[0] === 'pipelineruns' && rest.length >= 2) {
    const stored = api.runs.getPipelineRun(f.name, rest[1]);
    if (rest.length === 2) {
      if (req.method !== 'GET') throw methodNotAllowed(req);
      if (!stored) throw runNotFound(rest[1], f.name);
      return { status: 200, body: stored.record };
    }
    if (low[2] === 'cancel' && rest.length === 3) {
      if (!post) throw methodNotAllowed(req);
      api.engine.cancel(f, rest[1], flag(req.query, 'isRecursive'));
      return { status: 200, body: {}, committed: true };
    }
    if (low[2] === 'queryactivityruns' && rest.length === 3) {
      if (!post) throw methodNotAllowed(req);
      if (!stored) throw runNotFound(rest[1], f.name);
      // Chosen (C7): the quickstart posts no body; then every activity run of the run is returned, page by page.
      const body = req.body ?? { lastUpdatedAfter: '0001-01-01T00:00:00Z', lastUpdatedBefore: '9999-12-31T23:59:59Z' };
      const q = parseRunFilter(body, 'activity runs');
      const items = api.runs.listActivityRuns(stored.record.runId);
      const page = queryPage(
        items,
        q,
        readActivityRun,
        (r) => Date.parse(r.lastUpdated ?? r.activityRunStart),
        (r) => r.activityRunId,
        'ActivityRunStart',
        api.pageSize,
      );
      return {
        status: 200,
        body: { value: page.value.map(({ lastUpdated: _, ...r }) => r), continuationToken: page.continuationToken },
      };
    }
  }
  if (
    low[0] === 'triggers' &&
    low[2] === 'triggerruns' &&
    rest.length === 5 &&
    (low[4] === 'rerun' || low[4] === 'cancel')
  ) {
    if (!post) throw methodNotAllowed(req);
    if (low[4] === 'rerun') api.triggers.rerun(f, rest[1], rest[3]);
    else api.triggers.cancel(f, rest[1], rest[3]);
    return { status: 200, committed: true };
  }
  throw new EmulatorError(
    404,
    'NotFound',
    `No route matches '${req.method} ${req.pathname}' in the ADF management API emulator.`,
  );
}
