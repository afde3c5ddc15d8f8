import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliContext } from './context.js';
import { tightenHeapGrowth } from './heap-growth.js';
import { projectDir } from './project-dir.js';
import type { V1CliOptions, V1Command } from './v1-deploy.js';

/**
 * A project whose adf-deploy.yaml says `version: 1` is a Data Factory V1 project: validate, plan, apply and destroy
 * hand it to the V1 path (src/v1/, the datafactories API). Returns undefined for a V2 project. Loaded on demand so
 * V2 commands pay nothing for V1.
 */
export async function runIfV1Project(
  kind: V1Command,
  dir: string | undefined,
  opts: V1CliOptions,
  ctx: CliContext,
): Promise<number | undefined> {
  if (!mayBeV1(projectDir(ctx, dir))) return undefined;
  const { isV1Project } = await import('../v1/project.js');
  if (!isV1Project(projectDir(ctx, dir))) return undefined;
  // The V1 path loads its own way: the tight heap growth of plan and apply from the start (src/cli/heap-growth.ts).
  tightenHeapGrowth();
  const { runV1 } = await import('./v1-deploy.js');
  return runV1(kind, dir, opts, ctx);
}

/**
 * False when adf-deploy.yaml cannot say `version: 1` (the word is not in it, nor an escape that could spell it):
 * then the V1 check, which loads the yaml package, is skipped (start-up of `validate`, issue 19).
 */
function mayBeV1(dir: string): boolean {
  try {
    const text = readFileSync(path.join(dir, 'adf-deploy.yaml'), 'utf8');
    return text.includes('version') || text.includes('\\');
  } catch {
    return false; // isV1Project says no as well for a missing or unreadable file
  }
}
