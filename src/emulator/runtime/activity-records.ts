import { emptyError, formatRunTime, type ActivityRunRecord } from './records.js';
import type { ActivityDef, RunServices } from './scheduler.js';
import { evaluateIn, type ExecScope, type Outcome } from './scope.js';

/** Activity run records: how one is opened for an attempt and closed with its outcome. */

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function formatSpan(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${d > 0 ? `${d}.` : ''}${hh}:${mm}:${ss}`;
}

export function newRecord(
  def: ActivityDef,
  scope: ExecScope,
  svc: RunServices,
  retryAttempt: number | null,
): ActivityRunRecord {
  const run = scope.run;
  const id = svc.newId();
  const start = formatRunTime(svc.clock.now());
  const ls = isObj(def.linkedServiceName) ? String(def.linkedServiceName.referenceName ?? '') : '';
  const userProperties: Record<string, string> = {};
  for (const p of Array.isArray(def.userProperties) ? def.userProperties.filter(isObj) : []) {
    try {
      const v = evaluateIn(scope, p.value, () => svc.clock.now());
      userProperties[String(p.name)] = typeof v === 'string' ? v : JSON.stringify(v);
    } catch {
      userProperties[String(p.name)] = String(p.value);
    }
  }
  return {
    activityRunEnd: null,
    activityName: String(def.name),
    activityRunStart: start,
    activityType: String(def.type),
    durationInMs: null,
    retryAttempt,
    error: emptyError(String(def.name)),
    activityRunId: id,
    iterationHash: scope.item ? JSON.stringify(scope.item.value ?? null) : '',
    input: {},
    linkedServiceName: ls,
    output: null,
    userProperties,
    pipelineName: run.record.pipelineName,
    pipelineRunId: run.record.runId,
    status: 'InProgress',
    recoveryStatus: 'None',
    integrationRuntimeNames: ['defaultintegrationruntime'],
    executionDetails: {
      integrationRuntime: [{ name: 'DefaultIntegrationRuntime', type: 'Managed', location: 'emulator' }],
    },
    id: `${run.record.id}/activityruns/${id}`,
    lastUpdated: start,
  };
}

export function finishRecord(record: ActivityRunRecord, endMs: number, outcome: Outcome): void {
  const end = formatRunTime(endMs);
  record.activityRunEnd = end;
  record.lastUpdated = end;
  record.durationInMs = Math.max(0, endMs - Date.parse(record.activityRunStart));
  record.status = outcome.status;
  record.output = outcome.output ?? (outcome.status === 'Succeeded' ? {} : null);
  if (outcome.status === 'Failed')
    record.error = {
      errorCode: outcome.error.errorCode ?? 'BadRequest',
      message: outcome.error.message,
      failureType: outcome.error.failureType ?? 'UserError',
      target: outcome.error.target ?? record.activityName,
      details: outcome.error.details ?? '',
    };
  else if (outcome.status === 'Cancelled')
    record.error = {
      ...emptyError(record.activityName),
      errorCode: 'ActivityCancelled',
      message: 'The activity was cancelled with its pipeline run.',
      failureType: 'UserError',
    };
}
