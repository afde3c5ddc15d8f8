import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mayHoldPlaceholders } from '../../src/manifest/envelope.js';
import { loadProject } from '../../src/manifest/load.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

// Counts the substitution walks: a document whose text cannot hold a placeholder is not walked.
const counter = vi.hoisted(() => ({ walks: 0 }));
vi.mock('../../src/manifest/substitute.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/manifest/substitute.js')>();
  return {
    ...real,
    substituteShared: (...args: Parameters<typeof real.substituteShared>) => {
      counter.walks++;
      return real.substituteShared(...args);
    },
  };
});

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-placeholders-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('documents without placeholders are not walked for substitution', () => {
  it('tells which texts may hold ${{: the placeholder itself, or any escape that could make one', () => {
    expect(mayHoldPlaceholders('name: x\nproperties: { a: "${{ vars.y }}" }\n')).toBe(true);
    expect(mayHoldPlaceholders('a: "\\x24{{ vars.y }}"\n')).toBe(true);
    expect(mayHoldPlaceholders('{"a": "\\u0024{{ vars.y }}"}')).toBe(true);
    expect(mayHoldPlaceholders('a: ${ {vars.y}}\nb: "@{pipeline().parameters.x}"\n')).toBe(false);
    expect(mayHoldPlaceholders('a: |\n  ${\n  {vars.y}}\n')).toBe(false);
  });

  it('walks only the documents that may hold one, and still substitutes one made by an escape', async () => {
    const dir = path.join(tmp, 'quickstart');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    writeFileSync(
      path.join(dir, 'pipeline', 'escaped.yaml'),
      'kind: Pipeline\nname: Escaped\nproperties:\n  description: "\\x24{{ vars.suffix }}"\n  activities: []\n',
    );
    counter.walks = 0;
    const { project, diagnostics } = await loadProject(dir, { environ: {} });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const escaped = project?.resources.find((r) => r.name === 'Escaped');
    expect(escaped?.properties.description).toBe('local');
    // The linked service (a ${{ vars }} placeholder) and the escaped pipeline; not the datasets nor the copy pipeline.
    expect(counter.walks).toBe(2);
    expect(project?.resources.length).toBeGreaterThan(counter.walks);
  });
});
