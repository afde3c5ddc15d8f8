import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';
import { SHARED } from './cli.js';

export const CORPUS = path.join(SHARED, 'corpus');

/** True when ../shared (corpus, schemas, seeds) sits beside the project, as in CI. */
export const HAS_SHARED = existsSync(CORPUS);

/** The corpus factory folders (empty without ../shared). */
export function corpusFactories(): string[] {
  if (!HAS_SHARED) return [];
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/**
 * A describe() that needs ../shared: skipped with a visible message in a fresh clone without it.
 */
export function describeShared(name: string, fn: () => void): void {
  if (!HAS_SHARED) {
    process.stderr.write(
      `[skip] ${name}: ../shared is absent (tests that need the corpus, schemas or seeds are skipped)\n`,
    );
    describe.skip(name, fn);
    return;
  }
  describe(name, fn);
}
