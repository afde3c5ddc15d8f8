import { describe, expect, it } from 'vitest';
import { comparatorOf, parseFilter, parseOrderBy, QueryError } from '../../src/emulator/v1/query.js';

const w = (o: Record<string, unknown>) => ({
  pipelineName: 'P',
  activityName: 'A',
  windowState: 'Ready',
  windowSubstate: '',
  percentComplete: 100,
  runAttempts: 1,
  windowStart: '2016-08-25T08:00:00Z',
  windowEnd: '2016-08-25T09:00:00Z',
  runStart: null,
  ...o,
});

describe('activity-window filter grammar', () => {
  it('comparisons eq ne gt ge lt le over strings, numbers and date-times', () => {
    const cases: [string, boolean][] = [
      ["PipelineName eq 'P'", true],
      ["pipelinename ne 'P'", false],
      ['PercentComplete gt 50', true],
      ['PercentComplete ge 100', true],
      ['PercentComplete lt 100', false],
      ['RunAttempts le 1', true],
      ['WindowStart ge 2016-08-25T08:00:00Z', true],
      ["WindowStart lt datetime'2016-08-25T08:00:00Z'", false],
      ["WindowEnd le '2016-08-25T09:00:00Z'", true],
      ['RunStart eq null', true],
      ["ActivityName eq 'it''s'", false],
    ];
    for (const [f, want] of cases) expect(parseFilter(f)(w({})), f).toBe(want);
  });

  it('and binds tighter than or; not; parentheses', () => {
    const yes = w({});
    expect(parseFilter("PipelineName eq 'X' and ActivityName eq 'A' or WindowState eq 'Ready'")(yes)).toBe(true);
    expect(parseFilter("PipelineName eq 'X' and (ActivityName eq 'A' or WindowState eq 'Ready')")(yes)).toBe(false);
    expect(parseFilter("not (PipelineName eq 'X')")(yes)).toBe(true);
    expect(parseFilter("not PipelineName eq 'P'")(yes)).toBe(false);
    // The seed's example.
    expect(parseFilter("(ActivityName eq 'A') and (PipelineName eq 'P')")(yes)).toBe(true);
  });

  it('errors name the field or the position', () => {
    const bad: [string, RegExp][] = [
      ["Colour eq 'red'", /unknown field 'Colour' at position 0/],
      ["PipelineName is 'P'", /expected one of eq, ne, gt, ge, lt, le after 'PipelineName' at position 13/],
      ["(PipelineName eq 'P'", /expected '\)' at the end/],
      ["PipelineName eq 'P", /unterminated string starting at position 16/],
      ["PercentComplete eq 'x'", /'percentComplete' is a number/],
      ["WindowStart gt 'soon'", /'windowStart' is a date-time/],
      ['PipelineName eq P', /expected a literal after 'PipelineName eq' at position 16/],
      ["PipelineName eq 'P' PipelineName", /unexpected input at position 20/],
      ['PipelineName eq 1 # x', /unexpected '#' at position 18/],
      ['', /the filter ends where a comparison was expected/],
    ];
    for (const [f, msg] of bad) {
      expect(() => parseFilter(f), f).toThrow(QueryError);
      expect(() => parseFilter(f), f).toThrow(msg);
    }
  });
});

describe('activity-window orderBy', () => {
  it('several keys, asc by default, desc, nulls first ascending', () => {
    const rows = [
      w({ activityName: 'B', percentComplete: 10 }),
      w({ activityName: 'A', percentComplete: 10 }),
      w({ activityName: 'C', percentComplete: 90 }),
    ];
    const sorted = [...rows].sort(comparatorOf(parseOrderBy('PercentComplete desc, ActivityName')));
    expect(sorted.map((r) => r.activityName)).toEqual(['C', 'A', 'B']);
    const nulls = [w({ runStart: '2016-01-01T00:00:00Z', activityName: 'x' }), w({ activityName: 'y' })];
    expect([...nulls].sort(comparatorOf(parseOrderBy('RunStart ASC'))).map((r) => r.activityName)).toEqual(['y', 'x']);
  });

  it('unknown keys and directions are errors', () => {
    expect(() => parseOrderBy('Colour desc')).toThrow(/unknown field 'Colour' in orderBy/);
    expect(() => parseOrderBy('WindowStart down')).toThrow(/'WindowStart down' is not '<field> \[asc\|desc\]'/);
  });
});
