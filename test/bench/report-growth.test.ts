import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADF_DEFAULT_ENTITIES, generateFactory, projectConfig } from '../../bench/generate.js';
import type { BenchRun, SizeResult } from '../../bench/report.js';
import { renderGrowthTable } from '../../bench/report-sections.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

/** A stored run of 2026-11-29 (100 / 1,000 / 5,000 / 10,000): at 10,000 every step stopped at limit.entities. */
const stored = (): BenchRun =>
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'bench/results/2026-11-29T07-03.json'), 'utf8')) as BenchRun;

/** The same run as one with a declared raised limit: at 10,000 each step ok, twice the 5,000 figures. */
function withRaisedLimit(run: BenchRun): BenchRun {
  const at5000 = run.sizes.find((sz) => sz.entities === 5000);
  if (!at5000) throw new Error('the stored run has no 5,000 row');
  const at10000: SizeResult = {
    ...at5000,
    entities: 10_000,
    steps: at5000.steps.map((st) => ({
      ...st,
      ok: true,
      note: undefined,
      ms: st.ms * 2,
      peakRssMiB: st.peakRssMiB + 100,
    })),
  };
  return { ...run, sizes: [...run.sizes.filter((sz) => sz.entities !== 10_000), at10000] };
}

const rowOf = (lines: string[], start: string): string => lines.find((l) => l.startsWith(start)) ?? '';

describe('bench report: the 10,000 rows of the cost-growth table', () => {
  it('a run whose projects declare the raised limit shows validate, plan and apply at 10,000, growth per object included', () => {
    const lines = renderGrowthTable(withRaisedLimit(stored()));
    const row = rowOf(lines, '| 10,000 |');
    expect(row).not.toContain('failed');
    expect(
      row
        .split('|')
        .slice(2, 6)
        .every((cell) => / s \/ \d+ MiB/.test(cell)),
    ).toBe(true);
    const growth = rowOf(lines, '| 5,000 -> 10,000 |');
    expect(
      growth
        .split('|')
        .slice(2, 6)
        .every((cell) => /(ms|µs) \/ \d+ KiB/.test(cell)),
    ).toBe(true);
    expect(lines.join('\n')).toContain('`limits: { entitiesPerFactory: N }`');
    expect(lines.join('\n')).not.toContain('refuses the 5,001st object');
  });

  it('a stored run from before limits: keeps its note (plan and apply stopped at limit.entities)', () => {
    const lines = renderGrowthTable(stored());
    expect(rowOf(lines, '| 10,000 |')).toContain('**failed**');
    expect(lines.join('\n')).toContain('refuses the 5,001st object');
  });
});

describe('bench generator: the raised limit above 5,000', () => {
  it('declares limits.entitiesPerFactory only above ADF’s default, at the factory’s size', () => {
    const small = generateFactory({ entities: 100, seed: 7 });
    expect(projectConfig(small)).not.toHaveProperty('limits');
    const at = (n: number) => ({ ...small, resources: Array.from({ length: n }, () => small.resources[0]) });
    expect(projectConfig(at(ADF_DEFAULT_ENTITIES))).not.toHaveProperty('limits');
    expect(projectConfig(at(10_000))).toMatchObject({ limits: { entitiesPerFactory: 10_000 } });
  });
});
