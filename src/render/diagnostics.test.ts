import { describe, expect, it } from 'vitest';
import { formatPath, renderDiagnosticsJson, renderDiagnosticsText } from './diagnostics.js';
import type { Diagnostic } from '../core/diagnostic.js';

describe('formatPath', () => {
  it.each([
    [['properties', 'activities', 0, 'typeProperties'], 'properties.activities[0].typeProperties'],
    [['factory', 'globalParameters', 'GP-String'], 'factory.globalParameters.GP-String'],
    [['properties', 'a.b', 'c d'], 'properties["a.b"]["c d"]'],
  ])('%j -> %s', (p, expected) => {
    expect(formatPath(p)).toBe(expected);
  });
});

describe('renderDiagnosticsText', () => {
  const list: Diagnostic[] = [
    {
      severity: 'warning',
      code: 'limit.activities',
      message: 'many',
      location: { file: '/p/b.yaml', line: 3, col: 1 },
    },
    {
      severity: 'error',
      code: 'ref.missing',
      message: 'gone',
      location: { file: '/p/a.yaml', line: 9, col: 5 },
      path: ['properties', 'inputs', 0, 'referenceName'],
      resource: 'Pipeline/P',
      hint: 'declare it',
    },
  ];
  it('sorts by file and line, relative to cwd, with path, hint and a count', () => {
    expect(renderDiagnosticsText(list, { cwd: '/p' })).toBe(
      'a.yaml:9:5: error[ref.missing]: gone\n  at Pipeline/P properties.inputs[0].referenceName\n  hint: declare it\nb.yaml:3:1: warning[limit.activities]: many\n1 error, 1 warning\n',
    );
  });
  it('renders versioned JSON with counts', () => {
    expect(JSON.parse(renderDiagnosticsJson(list))).toMatchObject({ formatVersion: 1, errors: 1, warnings: 1 });
  });
});
