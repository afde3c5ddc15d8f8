/** A pipeline run as the service returns it (the fields the CLI reads). */
export interface PipelineRun {
  runId: string;
  runGroupId?: string;
  isLatest?: boolean;
  pipelineName: string;
  parameters?: Record<string, string>;
  invokedBy?: { name?: string; invokedByType?: string; pipelineRunId?: string };
  runStart?: string | null;
  runEnd?: string | null;
  durationInMs?: number | null;
  status: string;
  message?: string;
  lastUpdated?: string;
}

/** An activity run as the service returns it (the fields the CLI reads). */
export interface ActivityRun {
  activityRunId: string;
  activityName: string;
  activityType: string;
  status: string;
  activityRunStart?: string | null;
  activityRunEnd?: string | null;
  durationInMs?: number | null;
  retryAttempt?: number | null;
  input?: unknown;
  output?: unknown;
  error?: { errorCode?: string; message?: string; failureType?: string; target?: string };
  iterationHash?: string;
}

/** Statuses after which a pipeline run changes no more. */
export const TERMINAL_RUN_STATUSES = ['Succeeded', 'Failed', 'Cancelled', 'Canceled'];

export function isTerminalStatus(status: string): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}
