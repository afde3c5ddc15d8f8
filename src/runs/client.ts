import { factoryPath } from '../arm/paths.js';
import type { ArmClient, FactoryTarget } from '../arm/types.js';
import type { ActivityRun, PipelineRun } from './types.js';

/** Options of createRun (recovery reruns). */
export interface StartRunOptions {
  referencePipelineRunId?: string;
  isRecovery?: boolean;
  startActivityName?: string;
  startFromFailure?: boolean;
  signal?: AbortSignal;
}

/** POST createRun: returns the new run id. The same call for Azure and the emulator. */
export async function startRun(
  client: ArmClient,
  target: FactoryTarget,
  pipeline: string,
  parameters: Record<string, unknown>,
  options: StartRunOptions = {},
): Promise<string> {
  const query: Record<string, string> = {};
  if (options.referencePipelineRunId) query.referencePipelineRunId = options.referencePipelineRunId;
  if (options.isRecovery) query.isRecovery = 'true';
  if (options.startActivityName) query.startActivityName = options.startActivityName;
  if (options.startFromFailure) query.startFromFailure = 'true';
  const res = await client.request<{ runId: string }>(
    'POST',
    `${factoryPath(target)}/pipelines/${encodeURIComponent(pipeline)}/createRun`,
    { body: parameters, query, signal: options.signal, resource: `Pipeline/${pipeline}` },
  );
  return res.body.runId;
}

export async function getRun(
  client: ArmClient,
  target: FactoryTarget,
  runId: string,
  signal?: AbortSignal,
): Promise<PipelineRun> {
  const res = await client.request<PipelineRun>(
    'GET',
    `${factoryPath(target)}/pipelineruns/${encodeURIComponent(runId)}`,
    {
      signal,
      resource: `PipelineRun/${runId}`,
    },
  );
  return res.body;
}

export async function cancelRun(
  client: ArmClient,
  target: FactoryTarget,
  runId: string,
  recursive: boolean,
): Promise<void> {
  await client.request('POST', `${factoryPath(target)}/pipelineruns/${encodeURIComponent(runId)}/cancel`, {
    query: recursive ? { isRecursive: 'true' } : {},
    resource: `PipelineRun/${runId}`,
  });
}

/** RunFilterParameters, as the service takes it. */
export interface RunFilter {
  lastUpdatedAfter: string;
  lastUpdatedBefore: string;
  filters?: Array<{ operand: string; operator: string; values: string[] }>;
  orderBy?: Array<{ orderBy: string; order: 'ASC' | 'DESC' }>;
}

/** Follow continuationToken to the end (or `limit` items). */
async function queryAll<T>(
  client: ArmClient,
  path: string,
  filter: RunFilter,
  signal?: AbortSignal,
  limit = Infinity,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | null | undefined;
  do {
    const res = await client.request<{ value: T[]; continuationToken?: string | null }>('POST', path, {
      body: { ...filter, continuationToken: token ?? undefined },
      signal,
    });
    out.push(...res.body.value);
    token = res.body.continuationToken;
  } while (token && out.length < limit);
  return out.slice(0, limit);
}

/** Every activity run of a run (all pages), within the run's time bounds. */
export function listActivityRuns(
  client: ArmClient,
  target: FactoryTarget,
  run: PipelineRun,
  signal?: AbortSignal,
): Promise<ActivityRun[]> {
  const start = Date.parse(run.runStart ?? '') || Date.now() - 45 * 86_400_000;
  return queryAll<ActivityRun>(
    client,
    `${factoryPath(target)}/pipelineruns/${encodeURIComponent(run.runId)}/queryActivityruns`,
    {
      lastUpdatedAfter: new Date(start - 60_000).toISOString(),
      lastUpdatedBefore: new Date(Date.parse(run.runEnd ?? '') || Date.now() + 86_400_000 * 365).toISOString(),
      orderBy: [{ orderBy: 'ActivityRunStart', order: 'ASC' }],
    },
    signal,
  );
}

/** Pipeline runs of the factory, newest first. */
export function queryPipelineRuns(
  client: ArmClient,
  target: FactoryTarget,
  options: { since: Date; until?: Date; pipeline?: string; status?: string; limit?: number },
): Promise<PipelineRun[]> {
  const filters: RunFilter['filters'] = [];
  if (options.pipeline) filters.push({ operand: 'PipelineName', operator: 'Equals', values: [options.pipeline] });
  if (options.status) filters.push({ operand: 'Status', operator: 'Equals', values: [options.status] });
  return queryAll<PipelineRun>(
    client,
    `${factoryPath(target)}/queryPipelineRuns`,
    {
      lastUpdatedAfter: options.since.toISOString(),
      lastUpdatedBefore: (options.until ?? new Date(Date.now() + 86_400_000 * 365)).toISOString(),
      filters,
      orderBy: [{ orderBy: 'RunStart', order: 'DESC' }],
    },
    undefined,
    options.limit,
  );
}
