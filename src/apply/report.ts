import { describeFailure } from './operations.js';
import type { ApplyEvent, ApplyStep, ApplySummary } from './types.js';
import type { WorkEvent } from './work-graph.js';

/** How a step settled, by its id (case-insensitive, as addresses are). */
export type OutcomeOf = (id: string) => 'done' | 'failed' | 'skipped' | undefined;

/**
 * The summary of one apply and the events that tell it as it happens: the work graph's events go in, ApplyEvents
 * come out, and every settled step lands in exactly one list of the summary.
 */
export interface ApplyReport {
  begin(): void;
  /** `counts`: false for a not-started step that will still run (a trigger start the restore runs after Ctrl-C). */
  onWorkEvent(e: WorkEvent<ApplyStep>, counts?: boolean): void;
  /** A note for the step's done event ('already absent'). */
  note(step: ApplyStep, note: string | undefined): void;
  retry(step: ApplyStep, attempt: number, delayMs: number, reason: string): void;
  /** A failure outside the work graph (the restart markers' clean-up). */
  fail(step: ApplyStep, durationMs: number, error: unknown): void;
  outcomeOf: OutcomeOf;
  end(aborted: boolean, durationMs: number): ApplySummary;
}

export function createReport(all: ApplyStep[], onEvent?: (e: ApplyEvent) => void): ApplyReport {
  const emit = (e: ApplyEvent): void => onEvent?.(e);
  const notes = new Map<string, string | undefined>();
  const outcomes = new Map<string, 'done' | 'failed' | 'skipped'>();
  const addressOf = new Map(all.map((s) => [s.id.toLowerCase(), s.address]));
  const summary: ApplySummary = {
    succeeded: [],
    failed: [],
    skipped: [],
    notStarted: [],
    aborted: false,
    durationMs: 0,
  };
  const fail = (step: ApplyStep, durationMs: number, error: unknown): void => {
    const f = describeFailure(error);
    summary.failed.push({ step, ...f });
    emit({ type: 'step-failed', step, durationMs, ...f });
  };
  return {
    begin: () => emit({ type: 'begin', steps: all }),
    onWorkEvent(e, counts = true) {
      if (e.type === 'done' || e.type === 'failed' || e.type === 'skipped') outcomes.set(e.key.toLowerCase(), e.type);
      const step = e.value;
      switch (e.type) {
        case 'started':
          return emit({ type: 'step-started', step });
        case 'done':
          summary.succeeded.push(step);
          return emit({ type: 'step-done', step, durationMs: e.durationMs, note: notes.get(step.id) });
        case 'failed':
          return fail(step, e.durationMs, e.error);
        case 'skipped': {
          const because = addressOf.get(e.because.toLowerCase()) ?? e.because;
          summary.skipped.push({ step, because });
          return emit({ type: 'step-skipped', step, because });
        }
        case 'not-started':
          if (!counts) return;
          summary.notStarted.push(step);
          return emit({ type: 'step-not-started', step });
      }
    },
    note: (step, note) => void notes.set(step.id, note),
    retry: (step, attempt, delayMs, reason) => emit({ type: 'step-retry', step, attempt, delayMs, reason }),
    fail,
    outcomeOf: (id) => outcomes.get(id.toLowerCase()),
    end(aborted, durationMs) {
      summary.aborted = aborted;
      summary.durationMs = durationMs;
      emit({ type: 'end', summary });
      return summary;
    },
  };
}
