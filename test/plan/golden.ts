import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

const DIR = path.join(PROJECT_ROOT, 'test/fixtures/plan');

/**
 * Compare `actual` with test/fixtures/plan/<name>.golden. Only UPDATE_GOLDEN=1 writes the file: a missing golden
 * file fails the test (never written silently, so a renamed case cannot pass by creating its own expectation).
 */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(DIR, `${name}.golden`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(
      `missing golden file ${path.relative(PROJECT_ROOT, file)}: run the test with UPDATE_GOLDEN=1 and review it`,
    );
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
