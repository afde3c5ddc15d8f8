import type { ActivityRun, PipelineRun } from '../runs/types.js';
import { renderRunText } from './run-table.js';

/** Mermaid task names may not hold `:` or `#` (they end the name); keep them readable. */
function taskName(a: ActivityRun): string {
  const name = `${a.activityName}${a.retryAttempt ? ` (retry ${a.retryAttempt})` : ''}`;
  return name.replace(/[:#;]/g, ' ').trim() || 'activity';
}

const TAG: Record<string, string> = {
  Failed: 'crit, ',
  InProgress: 'active, ',
  Queued: 'active, ',
  Cancelled: 'done, ',
};

/**
 * `runs show --format mermaid`: the run as a Gantt chart of its activity runs (one bar per activity run, from its
 * start for its duration; failed bars `crit`, running ones `active`), grouped by activity type.
 */
export function renderRunGantt(run: PipelineRun, activities: ActivityRun[]): string {
  const out = [
    'gantt',
    `  title ${run.pipelineName} run ${run.runId} (${run.status})`,
    '  dateFormat x',
    '  axisFormat %H:%M:%S',
  ];
  const byType = new Map<string, ActivityRun[]>();
  for (const a of activities) byType.set(a.activityType, [...(byType.get(a.activityType) ?? []), a]);
  let i = 0;
  for (const [type, list] of byType) {
    out.push(`  section ${type.replace(/[:#;]/g, ' ')}`);
    for (const a of list) {
      const start = Date.parse(a.activityRunStart ?? '') || Date.parse(run.runStart ?? '') || 0;
      // A zero-length bar would not be drawn: at least 1 ms.
      const ms = Math.max(1, a.durationInMs ?? (a.activityRunEnd ? Date.parse(a.activityRunEnd) - start : 1));
      out.push(`  ${taskName(a)} :${TAG[a.status] ?? ''}a${i++}, ${start}, ${ms}ms`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** `runs show --format markdown`: the table and the Gantt chart, for a pull request or a wiki page. */
export function renderRunMarkdown(run: PipelineRun, activities: ActivityRun[]): string {
  return `### Pipeline run \`${run.runId}\`\n\n\`\`\`\n${renderRunText(run, activities)}\`\`\`\n\n\`\`\`mermaid\n${renderRunGantt(run, activities)}\`\`\`\n`;
}
