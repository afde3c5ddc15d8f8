import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

const SPEC = path.join(PROJECT_ROOT, 'src/emulator/SPEC.md');
const TESTS = path.join(PROJECT_ROOT, 'test/emulator');

/** Every numbered SPEC line, with the `file › test name` references it makes. */
function specLines(): Array<{ line: string; refs: Array<{ file: string; name: string }> }> {
  return fs
    .readFileSync(SPEC, 'utf8')
    .split('\n')
    .filter((l) => /^\d+[a-z]?\. /.test(l))
    .map((line) => ({
      line,
      refs: [...line.matchAll(/`([\w.-]+\.test\.ts) › ([^`]+)`/g)].map((m) => ({
        file: m[1],
        name: m[2].replace(/^<factory>: /, ''),
      })),
    }));
}

describe('SPEC.md', () => {
  it('names, on every line, a test that exists', () => {
    const lines = specLines();
    expect(lines.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const { line, refs } of lines) {
      if (line.includes('measure-5000.ts')) continue;
      if (refs.length === 0) problems.push(`no test named: ${line.slice(0, 60)}`);
      for (const { file, name } of refs) {
        const full = path.join(TESTS, file);
        if (!fs.existsSync(full)) {
          problems.push(`${file} missing (${line.slice(0, 40)})`);
          continue;
        }
        // Test titles may carry a table suffix (': %s'); the SPEC names their stem.
        if (!fs.readFileSync(full, 'utf8').includes(name)) problems.push(`${file} has no test '${name}'`);
      }
    }
    expect(problems).toEqual([]);
  });
});
