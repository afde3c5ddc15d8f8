import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
// Registered by the test file that imports this helper: its temporary folders go when the file is done.
afterAll(() => {
  for (const dir of created) {
    try {
      chmodSync(dir, 0o755);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort: a leftover temp folder is harmless
    }
  }
});

/** Write a project from a map of relative path -> text into a fresh temporary folder. */
export function writeTmpProject(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'adf-deploy-test-'));
  created.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(root, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return root;
}

export const CONFIG = 'factory:\n  name: test-factory\n  location: eastus\n';
