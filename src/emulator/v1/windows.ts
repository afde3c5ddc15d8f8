import type { HandlerContext, HandlerRequest, Reply } from '../context.js';
import { isObject } from '../documents.js';
import { badRequest, methodNotAllowed } from '../errors.js';
import { EmulatorError } from '../http.js';
import { requireV1Factory } from './factories.js';
import { RUN_MS, slotsOf, type Slot } from './generate.js';
import { comparatorOf, type OrderKey, parseFilter, parseOrderBy, QueryError, type WindowRecord } from './query.js';
import { formatTimeSpan } from './schedule.js';
import { V1_API_VERSION, V1_PAGE_SIZE, type V1Factory } from './state.js';

const WINDOW_STATES = ['None', 'Waiting', 'InProgress', 'Ready', 'Failed', 'Skipped'];
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface WindowsPath {
  sub: string;
  rg: string;
  factory: string;
  scope?: { coll: 'datapipelines' | 'datasets'; name: string; activity?: string };
}

/** State, substate and run of a slot at `now` (B3 state table; B4 derived algorithm). */
function stateOf(f: V1Factory, s: Slot, now: number): Pick<WindowRecord, string> {
  const notRun = { runAttempts: 0, runStart: null, runEnd: null, duration: '00:00:00', percentComplete: 0 };
  if (now < s.due) return { windowState: 'Waiting', windowSubstate: 'ScheduledTime', ...notRun };
  if (s.paused) return { windowState: 'Waiting', windowSubstate: 'ActivityResume', ...notRun };
  const missing = s.inputs.some((i) => f.children.datasets.get(i.toLowerCase())?.properties.emulatorMissing === true);
  if (missing) return { windowState: 'Failed', windowSubstate: 'TimedOut', ...notRun };
  const deps = s.dependsReadyAt ?? Number.NEGATIVE_INFINITY;
  if (now < deps) return { windowState: 'Waiting', windowSubstate: 'DatasetDependencies', ...notRun };
  const runStart = Math.max(s.due, deps);
  const runEnd = runStart + RUN_MS;
  const policy = isObject(s.activity.policy) ? s.activity.policy : {};
  const attempts = s.activity.emulatorFailure === true ? (typeof policy.retry === 'number' ? policy.retry : 0) + 1 : 1;
  if (now < runEnd) {
    const pct = Math.floor(((now - runStart) / RUN_MS) * 100);
    return {
      windowState: 'InProgress',
      windowSubstate: '',
      runAttempts: 1,
      runStart: iso(runStart),
      runEnd: null,
      duration: formatTimeSpan(now - runStart),
      percentComplete: pct,
    };
  }
  const run = { runAttempts: attempts, runStart: iso(runStart), runEnd: iso(runEnd), duration: formatTimeSpan(RUN_MS) };
  if (s.activity.emulatorFailure === true)
    return { windowState: 'Failed', windowSubstate: '', ...run, percentComplete: 0 };
  return { windowState: 'Ready', windowSubstate: '', ...run, percentComplete: 100 };
}

function render(f: V1Factory, s: Slot, now: number): WindowRecord {
  const ids = (ns: string[]) => ns.map((n) => f.children.datasets.get(n.toLowerCase())?.id ?? '');
  return {
    resourceGroupName: f.rg,
    dataFactoryName: f.name,
    pipelineName: s.pipeline.name,
    activityName: String(s.activity.name ?? ''),
    // Empty for Copy, the compute linked service otherwise (PSAW).
    linkedServiceName: typeof s.activity.linkedServiceName === 'string' ? s.activity.linkedServiceName : '',
    activityType: String(s.activity.type ?? ''),
    ...stateOf(f, s, now),
    windowStart: iso(s.window.start),
    windowEnd: iso(s.window.end),
    inputDatasets: s.inputs,
    outputDatasets: s.outputs,
    inputDatasetIds: ids(s.inputs),
    outputDatasetIds: ids(s.outputs),
  };
}

/** Body keys are matched case-insensitively: the sources disagree on their casing (B3). */
function bodyField(body: Record<string, unknown> | undefined, key: string): unknown {
  if (!body) return undefined;
  const k = Object.keys(body).find((b) => b.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : body[k];
}

function timeField(body: Record<string, unknown> | undefined, key: string): number | undefined {
  const v = bodyField(body, key);
  if (v === undefined || v === null) return undefined;
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t)) throw badRequest(`'${key}' must be an ISO 8601 date-time, found ${JSON.stringify(v)}.`, key);
  return t;
}

function stringField(body: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = bodyField(body, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`'${key}' must be a string, found ${JSON.stringify(v)}.`, key);
  return v;
}

/** The predicates of the body: filter plus the window-state and time-range fields (B3). */
function predicatesOf(body: Record<string, unknown> | undefined): ((w: WindowRecord) => boolean)[] {
  const out: ((w: WindowRecord) => boolean)[] = [];
  const filter = stringField(body, 'filter');
  if (filter !== undefined && filter.trim() !== '') out.push(parseFilter(filter));
  const ws = timeField(body, 'windowStart');
  const we = timeField(body, 'windowEnd');
  if (ws !== undefined) out.push((w) => Date.parse(String(w.windowStart)) >= ws);
  if (we !== undefined) out.push((w) => Date.parse(String(w.windowEnd)) <= we);
  const rs = timeField(body, 'runStart');
  const re = timeField(body, 'runEnd');
  if (rs !== undefined) out.push((w) => typeof w.runStart === 'string' && Date.parse(w.runStart) >= rs);
  if (re !== undefined) out.push((w) => typeof w.runEnd === 'string' && Date.parse(w.runEnd) <= re);
  const state = stringField(body, 'windowState');
  if (state !== undefined) {
    if (!WINDOW_STATES.includes(state))
      throw badRequest(`'windowState' must be one of ${WINDOW_STATES.join(', ')}, found '${state}'.`, 'windowState');
    out.push((w) => w.windowState === state);
  }
  const sub = stringField(body, 'windowSubstate');
  if (sub !== undefined) out.push((w) => String(w.windowSubstate).toLowerCase() === sub.toLowerCase());
  return out;
}

/** POST …/activitywindows: `{ value: { activityWindows, lastUpdate, aggregates }, nextLink }` (B3). */
export function listActivityWindows(ctx: HandlerContext, req: HandlerRequest, p: WindowsPath): Reply {
  if (req.method !== 'POST') throw methodNotAllowed(req.method);
  const f = requireV1Factory(ctx, p);
  const now = ctx.now();
  let slots = slotsOf(f, now);
  if (p.scope) {
    const { coll, name, activity } = p.scope;
    const entity = f.children[coll].get(name.toLowerCase());
    if (!entity)
      throw new EmulatorError(
        404,
        'NotFound',
        `The ${coll === 'datasets' ? 'dataset' : 'pipeline'} '${name}' was not found in data factory '${f.name}'.`,
      );
    slots =
      coll === 'datasets'
        ? slots.filter((s) => s.outputs.some((o) => o.toLowerCase() === name.toLowerCase()))
        : slots.filter((s) => s.pipeline === entity);
    if (activity !== undefined) {
      slots = slots.filter((s) => String(s.activity.name).toLowerCase() === activity.toLowerCase());
      if (
        slots.length === 0 &&
        !(entity.properties.activities as unknown[]).some(
          (a) => isObject(a) && String(a.name).toLowerCase() === activity.toLowerCase(),
        )
      )
        throw new EmulatorError(
          404,
          'NotFound',
          `The activity '${activity}' was not found in pipeline '${entity.name}'.`,
        );
    }
  }
  let windows: WindowRecord[];
  let order: OrderKey[];
  try {
    const preds = predicatesOf(req.body);
    const orderBy = stringField(req.body, 'orderBy');
    order = orderBy ? parseOrderBy(orderBy) : [];
    windows = slots.map((s) => render(f, s, now)).filter((w) => preds.every((pr) => pr(w)));
  } catch (err) {
    if (err instanceof QueryError)
      throw new EmulatorError(400, 'InvalidFilter', `Invalid activity-window query: ${err.message}.`, 'filter');
    throw err;
  }
  // Default order (chosen): windowStart, then pipeline and activity; orderBy keys come first.
  windows.sort(
    comparatorOf([
      ...order,
      { field: 'windowStart', desc: false },
      { field: 'pipelineName', desc: false },
      { field: 'activityName', desc: false },
    ]),
  );
  const top = bodyField(req.body, 'top');
  if (top !== undefined && top !== null) {
    if (!Number.isInteger(top) || (top as number) < 1)
      throw badRequest(`'top' must be a positive integer, found ${JSON.stringify(top)}.`, 'top');
    windows = windows.slice(0, top as number);
  }
  // Paging (chosen: offset in $skipToken; the client POSTs the same body to nextLink).
  const skipText = req.query.get('$skipToken');
  const skip = skipText === null ? 0 : Number(skipText);
  if (!Number.isInteger(skip) || skip < 0) throw badRequest(`Invalid $skipToken '${skipText}'.`, '$skipToken');
  const page = windows.slice(skip, skip + V1_PAGE_SIZE);
  const body: Record<string, unknown> = { value: { activityWindows: page, lastUpdate: iso(now), aggregates: {} } };
  if (skip + page.length < windows.length)
    body.nextLink = `${ctx.baseUrl()}${req.pathname}?api-version=${V1_API_VERSION}&%24skipToken=${skip + page.length}`;
  return { status: 200, body };
}
