/**
 * The run objects as the service returns them (adf-runs-v1-facts A2, A4, A5): field names and spellings as in
 * the spec's examples and the quickstart's responses. Chosen where sources disagree: `Cancelled` (C1),
 * `runDimension` (C2), invokedBy carries `pipelineName`/`pipelineRunId` for child runs (C3).
 */

export type PipelineRunStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed' | 'Canceling' | 'Cancelled';
export type ActivityRunStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled' | 'Skipped';

export interface InvokedBy {
  id: string;
  name: string;
  invokedByType: string;
  pipelineName?: string;
  pipelineRunId?: string;
}

export interface PipelineRunRecord {
  id: string;
  runId: string;
  debugRunId: null;
  runGroupId: string;
  isLatest: boolean;
  pipelineName: string;
  parameters: Record<string, string>;
  runDimension: Record<string, string>;
  invokedBy: InvokedBy;
  runStart: string;
  runEnd: string | null;
  durationInMs: number | null;
  status: PipelineRunStatus;
  message: string;
  lastUpdated: string;
  annotations: unknown[];
}

export interface ActivityErrorRecord {
  errorCode: string;
  message: string;
  failureType: string;
  target: string;
  details: string | unknown[];
}

export interface ActivityRunRecord {
  activityRunEnd: string | null;
  activityName: string;
  activityRunStart: string;
  activityType: string;
  durationInMs: number | null;
  retryAttempt: number | null;
  error: ActivityErrorRecord;
  activityRunId: string;
  iterationHash: string;
  input: unknown;
  linkedServiceName: string;
  output: unknown;
  userProperties: Record<string, string>;
  pipelineName: string;
  pipelineRunId: string;
  status: ActivityRunStatus;
  recoveryStatus: string;
  integrationRuntimeNames: string[];
  executionDetails: Record<string, unknown>;
  id: string;
  /** Internal, not sent: when the run record last changed (lastUpdated filters). */
  lastUpdated?: string;
}

export type TriggerRunStatus = 'Succeeded' | 'Failed' | 'Inprogress';

export interface TriggerRunRecord {
  triggerRunId: string;
  triggerName: string;
  triggerType: string;
  triggerRunTimestamp: string;
  status: TriggerRunStatus;
  message: string;
  properties: Record<string, string>;
  triggeredPipelines: Record<string, string>;
  runDimension: Record<string, string>;
  dependencyStatus: Record<string, unknown>;
}

/** `2018-06-16T00:37:44.6910000Z`: ISO with 7 fractional digits, as the service prints run times. */
export function formatRunTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** The error object every activity run carries, empty strings on success (EX, QS). */
export function emptyError(target: string): ActivityErrorRecord {
  return { errorCode: '', message: '', failureType: '', target, details: '' };
}

/** Parameter values as the run object shows them: strings as sent, anything else as compact JSON (A2). */
export function stringifyParameter(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? null);
}

export function isTerminal(status: string): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Cancelled';
}
