import type { ActivityRun, PipelineRun } from '../runs/types.js';
import { activityError, dataColumns, formatRunDuration, formatRunTime, runHeadline } from './run-format.js';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `runs show`: the run, then its activity runs as a table (name, type, status, start, duration, data, rows, error). */
export function renderRunText(run: PipelineRun, activities: ActivityRun[]): string {
  const head = [runHeadline(run)];
  if (run.message) head.push(`  ${run.message}`);
  head.push(
    `  started ${formatRunTime(run.runStart)}, invoked by ${run.invokedBy?.name ?? '?'} (${run.invokedBy?.invokedByType ?? '?'})`,
  );
  const params = Object.entries(run.parameters ?? {});
  if (params.length > 0) head.push(`  parameters: ${params.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (activities.length === 0) return `${head.join('\n')}\n\n(no activity runs)\n`;
  const rows = activities.map((a) => {
    const d = dataColumns(a);
    return [
      a.activityName + (a.retryAttempt ? ` (retry ${a.retryAttempt})` : ''),
      a.activityType,
      a.status,
      formatRunTime(a.activityRunStart),
      formatRunDuration(a.durationInMs),
      d.read,
      d.written,
      d.rows,
      activityError(a),
    ];
  });
  return `${head.join('\n')}\n\n${table(['ACTIVITY', 'TYPE', 'STATUS', 'START (UTC)', 'DURATION', 'READ', 'WRITTEN', 'ROWS', 'ERROR'], rows)}\n`;
}

/** `runs list`: one line per run, newest first. */
export function renderRunListText(runs: PipelineRun[]): string {
  if (runs.length === 0) return 'No pipeline runs.\n';
  const rows = runs.map((r) => [
    r.runId,
    r.pipelineName,
    r.status,
    formatRunTime(r.runStart),
    formatRunDuration(r.durationInMs),
    r.invokedBy?.name ?? '',
    r.message ?? '',
  ]);
  return `${table(['RUN ID', 'PIPELINE', 'STATUS', 'START (UTC)', 'DURATION', 'INVOKED BY', 'MESSAGE'], rows)}\n`;
}
