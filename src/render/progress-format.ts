import type { ApplyEvent, ApplyStep, ApplySummary, Operation } from '../apply/types.js';

/** Words per operation: while running, and once done. */
const VERBS: Record<Operation, [string, string]> = {
  'stop-trigger': ['stopping', 'stopped'],
  factory: ['writing factory', 'wrote factory'],
  create: ['creating', 'created'],
  update: ['updating', 'updated'],
  replace: ['replacing', 'replaced'],
  delete: ['deleting', 'deleted'],
  'delete-factory': ['deleting factory', 'deleted factory'],
  'start-trigger': ['starting', 'started'],
};

export function runningText(step: ApplyStep): string {
  return `${VERBS[step.operation][0]} ${step.address}`;
}

export function doneText(step: ApplyStep): string {
  return `${VERBS[step.operation][1]} ${step.address}`;
}

/** '0.3s', '12s', '2m05s'. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The one-line form of an event (the plain view without a TTY); undefined for begin/end. */
export function formatEventLine(e: ApplyEvent): string | undefined {
  switch (e.type) {
    case 'step-started':
      return `  ${runningText(e.step)}`;
    case 'step-retry':
      return `  ${runningText(e.step)}: ${e.reason.trim()}; retry ${e.attempt} in ${formatDuration(e.delayMs)}`;
    case 'step-done':
      return `✓ ${doneText(e.step)} (${formatDuration(e.durationMs)})${e.note ? `: ${e.note}` : ''}`;
    case 'step-failed':
      return `✗ ${runningText(e.step)} failed (${formatDuration(e.durationMs)}): ${e.message}`;
    case 'step-skipped':
      return `- skipped ${runningText(e.step)}: ${e.because} did not complete`;
    // Not-started steps (after Ctrl-C) are listed once, in the summary, not once per event and again there.
    default:
      return undefined;
  }
}

/**
 * The closing summary (stdout): the verdict and counts, then each failure with its hint (a permanent failure is
 * named before anything else, also when Ctrl-C came after it), then what was skipped and what is left to do.
 */
export function formatSummary(s: ApplySummary, what = 'Apply'): string {
  const lines: string[] = [];
  const failed = s.failed.length + s.skipped.length > 0;
  const verdict =
    failed && s.aborted
      ? `${what} failed, then interrupted`
      : s.aborted
        ? `${what} interrupted`
        : failed
          ? `${what} failed`
          : `${what} complete`;
  // Resources are counted as the plan counts them; trigger stops and starts are counted on their own.
  const isTrigger = (step: ApplyStep) => step.operation === 'stop-trigger' || step.operation === 'start-trigger';
  const count = <T>(list: T[], stepOf: (x: T) => ApplyStep) => list.filter((x) => !isTrigger(stepOf(x))).length;
  const self = (x: ApplyStep) => x;
  const triggerSteps = [
    ...s.succeeded.map((x) => ({ step: x, outcome: 'done' })),
    ...s.failed.map((x) => ({ step: x.step, outcome: 'failed' })),
  ].filter((x) => isTrigger(x.step));
  const triggerText = (op: string, verb: string) => {
    const done = triggerSteps.filter((x) => x.step.operation === op && x.outcome === 'done').length;
    const failed = triggerSteps.filter((x) => x.step.operation === op && x.outcome === 'failed').length;
    return done + failed === 0 ? [] : [`${done} ${verb}${failed ? ` (${failed} failed)` : ''}`];
  };
  const triggers = [...triggerText('stop-trigger', 'stopped'), ...triggerText('start-trigger', 'started')];
  lines.push(
    `${verdict}: ${count(s.succeeded, self)} succeeded, ${count(s.failed, (f) => f.step)} failed, ${count(s.skipped, (k) => k.step)} skipped, ${count(s.notStarted, self)} not started${triggers.length ? `; triggers: ${triggers.join(', ')}` : ''} (${formatDuration(s.durationMs)}).`,
  );
  for (const f of s.failed) {
    lines.push(`  failed: ${runningText(f.step)}: ${f.message}`);
    if (f.hint) lines.push(`    hint: ${f.hint}`);
  }
  for (const k of s.skipped) lines.push(`  skipped: ${runningText(k.step)} (${k.because} did not complete)`);
  for (const n of s.notStarted) lines.push(`  not started: ${runningText(n)}`);
  if (s.aborted || s.failed.length + s.skipped.length > 0)
    lines.push('  Run the same command again to finish: what is already done is not redone.');
  return `${lines.join('\n')}\n`;
}

/** The JSON-lines form of an event (`--json`): versioned, steps reduced to id/address/operation. */
export function formatEventJson(e: ApplyEvent): string {
  const slim = (step: ApplyStep) => ({ id: step.id, address: step.address, operation: step.operation });
  let data: Record<string, unknown>;
  switch (e.type) {
    case 'begin':
      data = { type: e.type, steps: e.steps.map(slim) };
      break;
    case 'end':
      data = {
        type: e.type,
        summary: {
          succeeded: e.summary.succeeded.map((s) => s.id),
          failed: e.summary.failed.map((f) => ({
            id: f.step.id,
            message: f.message,
            ...(f.hint ? { hint: f.hint } : {}),
          })),
          skipped: e.summary.skipped.map((k) => ({ id: k.step.id, because: k.because })),
          notStarted: e.summary.notStarted.map((s) => s.id),
          aborted: e.summary.aborted,
          durationMs: e.summary.durationMs,
        },
      };
      break;
    default: {
      const { step, ...rest } = e;
      data = { ...rest, step: slim(step) };
    }
  }
  return `${JSON.stringify({ formatVersion: 1, ...data })}\n`;
}
