import { describe, expect, it, vi } from 'vitest';
import type { ApplyEvent, ApplyStep, ApplySummary } from '../apply/types.js';
import { formatEventJson, formatSummary } from './progress-format.js';
import { createListrView, createTerminalView, MAX_LISTR_STEPS } from './progress-listr.js';
import { createJsonView, createLineView } from './progress-lines.js';

// The views read only id, address and operation.
const step = (operation: ApplyStep['operation'], address: string): ApplyStep =>
  ({ id: `${operation}:${address}`, address, operation }) as ApplyStep;
const a = step('create', 'LinkedService/ls');
const b = step('update', 'Pipeline/p');
const c = step('create', 'Trigger/t');
const d = step('delete', 'Dataset/old');
const summary: ApplySummary = {
  succeeded: [a],
  failed: [{ step: b, message: 'Pipeline/p changed since plan, run plan again', hint: 'run plan again and review' }],
  skipped: [{ step: c, because: 'Pipeline/p' }],
  notStarted: [d],
  aborted: false,
  durationMs: 1234,
};
const events: ApplyEvent[] = [
  { type: 'begin', steps: [a, b, c, d] },
  { type: 'step-started', step: a },
  { type: 'step-done', step: a, durationMs: 300 },
  { type: 'step-started', step: b },
  { type: 'step-failed', step: b, durationMs: 100, message: summary.failed[0].message, hint: summary.failed[0].hint },
  { type: 'step-skipped', step: c, because: 'Pipeline/p' },
  { type: 'step-not-started', step: d },
  { type: 'end', summary },
];

describe('plain line view', () => {
  it('writes one line per step event, then the summary', () => {
    let text = '';
    const view = createLineView((t) => (text += t));
    for (const e of events) view.handle(e);
    expect(text).toContain('✓ created LinkedService/ls (0.3s)\n');
    expect(text).toContain('✗ updating Pipeline/p failed (0.1s): Pipeline/p changed since plan, run plan again\n');
    expect(text).toContain('- skipped creating Trigger/t: Pipeline/p did not complete\n');
    // Listed once (in the summary), not once per event and again in the summary.
    expect(text.match(/not started: deleting Dataset\/old/g)).toHaveLength(1);
    expect(text).toContain('  not started: deleting Dataset/old\n');
    expect(text).toContain('Apply failed: 1 succeeded, 1 failed, 1 skipped, 1 not started (1.2s).');
    // The failure comes first after the verdict, before what was skipped or not started.
    expect(text.indexOf('  failed: updating Pipeline/p')).toBeLessThan(text.indexOf('  skipped: '));
    expect(text).toContain('    hint: run plan again and review');
  });
});

describe('summary', () => {
  it.each([
    [{ ...summary, failed: [], skipped: [], notStarted: [] }, 'Apply complete: 1 succeeded'],
    [{ ...summary, failed: [], skipped: [], aborted: true }, 'Apply interrupted: 1 succeeded'],
    // Ctrl-C after a permanent failure: the failure is what the user must act on, so it is named first.
    [{ ...summary, aborted: true }, 'Apply failed, then interrupted: 1 succeeded, 1 failed'],
  ])('says whether the apply completed', (s, expected) => {
    expect(formatSummary(s)).toContain(expected);
  });
  it('tells the user a second run finishes the job only when something is left', () => {
    expect(formatSummary(summary)).toContain('Run the same command again');
    expect(formatSummary({ ...summary, failed: [], skipped: [], notStarted: [] })).not.toContain('again');
  });
});

describe('json view', () => {
  it('writes versioned JSON lines with slim steps', () => {
    let text = '';
    const view = createJsonView((t) => (text += t));
    for (const e of events) view.handle(e);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(events.length);
    expect(lines[2]).toEqual({
      formatVersion: 1,
      type: 'step-done',
      durationMs: 300,
      step: { id: a.id, address: a.address, operation: 'create' },
    });
    expect(lines.at(-1).summary.failed[0]).toEqual({
      id: b.id,
      message: summary.failed[0].message,
      hint: summary.failed[0].hint,
    });
  });
  it('never carries the desired body of a change', () => {
    const withChange = { ...a, change: { desired: { properties: { secret: 'x' } } } } as unknown as ApplyStep;
    expect(formatEventJson({ type: 'step-started', step: withChange })).not.toContain('secret');
  });
});

describe('listr view', () => {
  it('drives one task per step from the events and ends after the summary', async () => {
    let out = '';
    const capture = (chunk: unknown) => ((out += String(chunk)), true);
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    let written = '';
    try {
      const view = createListrView((t) => (written += t), { renderer: 'test' });
      for (const e of events) view.handle(e);
      await view.close();
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(out).toContain('created LinkedService/ls (0.3s)');
    expect(out).toMatch(/updating Pipeline\/p: Pipeline\/p changed since plan/);
    expect(out).toContain('skipped, Pipeline/p did not complete');
    expect(written).toContain('Apply failed: 1 succeeded');
  });
});

describe('terminal view', () => {
  it('falls back to plain lines when there are too many steps to draw', () => {
    let text = '';
    const many = Array.from({ length: MAX_LISTR_STEPS + 1 }, (_, i) => step('create', `Pipeline/p${i}`));
    const view = createTerminalView((t) => (text += t));
    view.handle({ type: 'begin', steps: many });
    view.handle({ type: 'step-done', step: many[0], durationMs: 100 });
    expect(text).toBe('✓ created Pipeline/p0 (0.1s)\n');
  });
});

describe('summary counts', () => {
  it('counts resources as the plan does, and trigger stops and starts on their own', () => {
    const stop = step('stop-trigger', 'Trigger/t');
    const start = step('start-trigger', 'Trigger/t');
    const text = formatSummary({
      succeeded: [stop, a, start],
      failed: [],
      skipped: [],
      notStarted: [],
      aborted: false,
      durationMs: 10,
    });
    expect(text).toContain(
      'Apply complete: 1 succeeded, 0 failed, 0 skipped, 0 not started; triggers: 1 stopped, 1 started',
    );
  });
});
