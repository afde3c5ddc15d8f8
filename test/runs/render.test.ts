import { describe, expect, it, vi } from 'vitest';
import { renderRunGantt } from '../../src/render/run-gantt.js';
import { createRunLineView, createRunListrView } from '../../src/render/run-progress.js';
import { renderRunText } from '../../src/render/run-table.js';
import { checkRunParameters } from '../../src/runs/parameters.js';
import type { ActivityRun, PipelineRun } from '../../src/runs/types.js';

const run: PipelineRun = {
  runId: 'r1',
  pipelineName: 'p',
  status: 'Failed',
  runStart: '2026-01-05T08:00:00.0000000Z',
  durationInMs: 65_000,
  message: 'Operation on target Copy failed: nope',
};
const acts: ActivityRun[] = [
  {
    activityRunId: 'a1',
    activityName: 'Copy',
    activityType: 'Copy',
    status: 'Failed',
    activityRunStart: '2026-01-05T08:00:00.0000000Z',
    durationInMs: 5000,
    output: { dataRead: 2048, dataWritten: 2048, rowsCopied: 10 },
    error: { errorCode: 'E1', message: 'nope' },
  },
  {
    activityRunId: 'a2',
    activityName: 'Log: it',
    activityType: 'SetVariable',
    status: 'Succeeded',
    activityRunStart: '2026-01-05T08:00:05.0000000Z',
    durationInMs: 0,
  },
];

describe('run renderers', () => {
  it('the activity-run table: name, type, status, start, duration, data read/written, rows, error', () => {
    const text = renderRunText(run, acts);
    expect(text).toContain('Failed p (run r1, 1 min 5 s)');
    expect(text).toMatch(/Copy\s+Copy\s+Failed\s+2026-01-05 08:00:00\s+5\.0 s\s+2\.0 KB\s+2\.0 KB\s+10\s+E1: nope/);
  });

  it('the Gantt chart: one bar per activity run, failed bars crit, names made safe for mermaid', () => {
    const g = renderRunGantt(run, acts);
    expect(g).toBe(
      [
        'gantt',
        '  title p run r1 (Failed)',
        '  dateFormat x',
        '  axisFormat %H:%M:%S',
        '  section Copy',
        `  Copy :crit, a0, ${Date.parse('2026-01-05T08:00:00Z')}, 5000ms`,
        '  section SetVariable',
        `  Log  it :a1, ${Date.parse('2026-01-05T08:00:05Z')}, 1ms`,
        '',
      ].join('\n'),
    );
  });

  it('line view: one line per state change', () => {
    let out = '';
    const view = createRunLineView(
      (t) => (out += t),
      () => new Date('2026-01-05T08:00:09Z'),
    );
    view.handle({ type: 'activity', activity: acts[0] });
    view.handle({ type: 'run', run });
    expect(out).toBe(
      '08:00:09   Copy (Copy) Failed in 5.0 s: E1: nope\n08:00:09 run r1 Failed: Operation on target Copy failed: nope\n',
    );
  });

  it('listr view (a terminal): the run as a task whose output is the tree of activity runs', async () => {
    let written = '';
    const capture = (chunk: unknown) => ((written += String(chunk)), true);
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    try {
      const view = createRunListrView({ renderer: 'test' });
      view.handle({ type: 'activity', activity: { ...acts[1] } });
      view.handle({ type: 'run', run: { ...run, status: 'Succeeded' } });
      await view.close();
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(written).toContain('Log: it (SetVariable) Succeeded');
    expect(written).toContain('p run r1: Succeeded');
  });

  it('parameter checks: a null default is a default; Bool and Float from text', () => {
    const r = checkRunParameters(
      'p',
      { a: { type: 'String', defaultValue: null }, b: { type: 'Bool' }, f: { type: 'Float' } },
      { pairs: ['b=TRUE', 'f=2.5'] },
    );
    expect(r).toEqual({ values: { b: true, f: 2.5 }, problems: [] });
  });
});
