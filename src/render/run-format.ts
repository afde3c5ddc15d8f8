import type { ActivityRun, PipelineRun } from '../runs/types.js';

/** `1.2 s`, `3 min 4 s`, `-` when unknown. */
export function formatRunDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** `2026-01-05 08:00:01` from a service time (UTC). */
export function formatRunTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function bytes(n: unknown): string {
  if (typeof n !== 'number') return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Data read / written and rows of a copy-like output, for the table ('' when the activity moves no data). */
export function dataColumns(a: ActivityRun): { read: string; written: string; rows: string } {
  const o = (a.output ?? {}) as Record<string, unknown>;
  const rows = o.rowsCopied ?? o.rowsRead ?? (typeof o.count === 'number' ? o.count : undefined);
  return { read: bytes(o.dataRead), written: bytes(o.dataWritten), rows: rows === undefined ? '' : String(rows) };
}

/** The error text of a failed activity run (code and message). */
export function activityError(a: ActivityRun): string {
  if (!a.error?.message) return '';
  return a.error.errorCode ? `${a.error.errorCode}: ${a.error.message}` : a.error.message;
}

/** The activity runs that failed, the ones that explain a failed run first (leaves). */
export function failedActivities(activities: ActivityRun[]): ActivityRun[] {
  return activities.filter((a) => a.status === 'Failed');
}

/** One line describing a run: `Succeeded  p  (run 1234…, 2.0 s)`. */
export function runHeadline(run: PipelineRun): string {
  return `${run.status} ${run.pipelineName} (run ${run.runId}, ${formatRunDuration(run.durationInMs)})`;
}
