import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerRequest, Reply } from './context.js';
import { factoryId, getCI, isObject } from './documents.js';
import { badRequest, methodNotAllowed } from './errors.js';
import { requireFactory } from './factories.js';
import { EmulatorError } from './http.js';
import { accepted, beginOperation, pollPending } from './lro.js';
import type { FactoryPath } from './routes.js';
import type { FactoryEntry } from './store.js';

/** One data flow debug session (EX:DataFlowDebugSession_QueryByFactory's fields). */
interface DebugSession {
  sessionId: string;
  startTime: number;
  lastActivityTime: number;
  coreCount: number;
  computeType: string;
  timeToLiveInMinutes: number;
  dataFlows: Set<string>;
}

/**
 * Sessions and finished operations' answers, per emulator, in memory: a debug cluster does not survive a restart
 * (chosen: the emulator runs no Spark cluster; a script meets a session that expired).
 */
interface DebugState {
  sessions: Map<string, Map<string, DebugSession>>;
  results: Map<string, unknown>;
}
const states = new WeakMap<object, DebugState>();

function stateOf(ctx: HandlerContext): DebugState {
  let s = states.get(ctx.volatile);
  if (!s) {
    s = { sessions: new Map(), results: new Map() };
    states.set(ctx.volatile, s);
  }
  return s;
}

/** The factory's live sessions; one idle for longer than its time to live is gone, as in the service. */
function sessionsOf(ctx: HandlerContext, f: FactoryEntry): Map<string, DebugSession> {
  const all = stateOf(ctx).sessions;
  const mine = all.get(f.name.toLowerCase()) ?? new Map<string, DebugSession>();
  all.set(f.name.toLowerCase(), mine);
  for (const [id, s] of mine) if (ctx.now() - s.lastActivityTime > s.timeToLiveInMinutes * 60_000) mine.delete(id);
  return mine;
}

function requireSession(ctx: HandlerContext, f: FactoryEntry, body: Record<string, unknown>): DebugSession {
  const id = getCI(body, 'sessionId').value;
  const s = typeof id === 'string' ? sessionsOf(ctx, f).get(id.toLowerCase()) : undefined;
  if (!s) throw badRequest(`The data flow debug session '${String(id).slice(0, 60)}' does not exist or has expired.`);
  s.lastActivityTime = ctx.now();
  return s;
}

function positiveInt(v: unknown, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw badRequest(`${what} must be a positive integer.`);
  return v;
}

const COMMANDS = new Set(['executepreviewquery', 'executestatisticsquery', 'executeexpressionquery']);

/**
 * `F/createDataFlowDebugSession` (202 + Location on `F/operationStatuses/dfCreateSession$$<id>`),
 * `F/queryDataFlowDebugSessions`, `F/addDataFlowToDebugSession` (`{jobVersion}`), `F/deleteDataFlowDebugSession`,
 * `F/executeDataFlowDebugCommand` (202 + Location on `F/operationResults/dfCommandOutput$$...`). DF + EX.
 */
export function handleDebugSession(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: FactoryPath & { op: string },
): Reply {
  if (req.method !== 'POST') throw methodNotAllowed(req.method);
  const f = requireFactory(ctx, route);
  const body = req.body ?? {};
  const base = `${req.origin}${factoryId(f)}`;
  switch (route.op) {
    case 'createdataflowdebugsession': {
      const ir = getCI(body, 'integrationRuntime').value;
      const compute = isObject(ir) ? findDataFlowProperties(ir) : {};
      const now = ctx.now();
      const s: DebugSession = {
        sessionId: randomUUID(),
        startTime: now,
        lastActivityTime: now,
        coreCount: positiveInt(getCI(body, 'coreCount').value ?? compute.coreCount, 8, 'coreCount'),
        computeType: String(getCI(body, 'computeType').value ?? compute.computeType ?? 'General'),
        timeToLiveInMinutes: positiveInt(getCI(body, 'timeToLive').value, 60, 'timeToLive'),
        dataFlows: new Set(),
      };
      sessionsOf(ctx, f).set(s.sessionId, s);
      const op = beginOperation(ctx, `dfCreateSession$$${s.sessionId}`);
      stateOf(ctx).results.set(op, { status: 'Succeeded', sessionId: s.sessionId });
      return accepted(ctx, `${base}/operationStatuses/${op}?api-version=2018-06-01`);
    }
    case 'querydataflowdebugsessions':
      return {
        status: 200,
        body: {
          value: [...sessionsOf(ctx, f).values()].map((s) => ({
            startTime: new Date(s.startTime).toISOString(),
            lastActivityTime: new Date(s.lastActivityTime).toISOString(),
            dataflowName: `DebugSession-${s.sessionId}`,
            sessionId: s.sessionId,
            coreCount: s.coreCount,
            computeType: s.computeType,
            timeToLiveInMinutes: s.timeToLiveInMinutes,
          })),
        },
      };
    case 'adddataflowtodebugsession': {
      const s = requireSession(ctx, f, body);
      const flow = getCI(body, 'dataFlow').value;
      const name = isObject(flow) ? getCI(flow, 'name').value : undefined;
      if (typeof name !== 'string' || name === '') throw badRequest("'dataFlow.name' is required.");
      // Only the name is kept: the request's linked services may carry secrets, and nothing runs them here.
      s.dataFlows.add(name);
      return { status: 200, body: { jobVersion: randomUUID() } };
    }
    case 'deletedataflowdebugsession': {
      const id = getCI(body, 'sessionId').value;
      if (typeof id !== 'string' || id === '') throw badRequest("'sessionId' is required.");
      sessionsOf(ctx, f).delete(id.toLowerCase());
      return { status: 200 };
    }
    default: {
      const s = requireSession(ctx, f, body);
      const command = getCI(body, 'command').value;
      if (typeof command !== 'string' || !COMMANDS.has(command.toLowerCase()))
        throw badRequest(
          `'command' must be executePreviewQuery, executeStatisticsQuery or executeExpressionQuery, not '${String(command).slice(0, 40)}'.`,
        );
      const op = beginOperation(ctx, `dfCommandOutput$$${s.sessionId}$$${randomUUID()}$$${randomUUID()}`);
      // chosen: no data flow engine runs, so every command succeeds with no rows.
      stateOf(ctx).results.set(op, { status: 'Succeeded', data: '[]' });
      return accepted(ctx, `${base}/operationResults/${op}?api-version=2018-06-01`);
    }
  }
}

function findDataFlowProperties(ir: Record<string, unknown>): { coreCount?: unknown; computeType?: unknown } {
  const props = getCI(ir, 'properties').value;
  const tp = isObject(props) ? getCI(props, 'typeProperties').value : undefined;
  const cp = isObject(tp) ? getCI(tp, 'computeProperties').value : undefined;
  const df = isObject(cp) ? getCI(cp, 'dataFlowProperties').value : undefined;
  return isObject(df) ? { coreCount: getCI(df, 'coreCount').value, computeType: getCI(df, 'computeType').value } : {};
}

/** GET `F/operationStatuses/{id}` and `F/operationResults/{id}`: 202 while pending, then the stored answer. */
export function handleFactoryOperationResult(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: FactoryPath & { id: string },
): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  requireFactory(ctx, route);
  const pending = pollPending(ctx, req, route.id);
  if (pending) return pending;
  const result = stateOf(ctx).results.get(route.id);
  if (result === undefined) throw new EmulatorError(404, 'NotFound', `The operation '${route.id}' was not found.`);
  return { status: 200, body: result };
}
