import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/** Folders made outside a test (at file or describe level, in beforeAll): removed once the file's tests are done. */
const pending = new Set<string>();

function remove(dir: string): void {
  pending.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

function removePending(): void {
  for (const dir of [...pending]) remove(dir);
}

// Registered when a test file first imports this module, so on that file: with Vitest's default `stack` order it
// runs after the file's own afterAll hooks (and after every describe's), that is once emulators and children are
// stopped. Outside Vitest (a measure script importing a test helper) the folders go when the process exits.
try {
  afterAll(removePending);
} catch {
  process.once('exit', removePending);
}

/**
 * A fresh folder `os.tmpdir()/<prefix>XXXXXX`, removed with everything in it when it is no longer needed: at the end
 * of the test that made it (in the test or its beforeEach; after its afterEach hooks, so after what they stop), or,
 * made outside a test, at the end of the test file. Removed whether the test passes or fails.
 */
export function tempDir(prefix: string): string {
  // Not for concurrent tests: Vitest's global onTestFinished cannot tell them apart, so the folder could go when
  // another test ends (make one at file level, or in a beforeAll, for those).
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    onTestFinished(() => remove(dir));
  } catch {
    // Not inside a test: at file or describe level while collecting, or in a beforeAll/afterAll hook.
    pending.add(dir);
  }
  return dir;
}
