import type { ApplyEvent } from '../apply/types.js';
import { formatEventJson, formatEventLine, formatSummary } from './progress-format.js';

/** A view of apply events: `handle` each event, `close` once the apply has returned. */
export interface ProgressView {
  handle(event: ApplyEvent): void;
  close(): Promise<void>;
}

/**
 * Without a TTY: one plain line per event on `write` (stderr: progress), then the summary on `writeResult`
 * (stdout: the result, so `apply > deploy.log` keeps it and "fail on stderr" wrappers see no false failure).
 */
export function createLineView(
  write: (text: string) => void,
  what = 'Apply',
  writeResult: (text: string) => void = write,
): ProgressView {
  return {
    handle(e) {
      const line = formatEventLine(e);
      if (line) write(`${line}\n`);
      if (e.type === 'end') writeResult(formatSummary(e.summary, what));
    },
    close: async () => {},
  };
}

/** `--json`: every event as one JSON line on `write` (stdout). */
export function createJsonView(write: (text: string) => void): ProgressView {
  return { handle: (e) => write(formatEventJson(e)), close: async () => {} };
}
