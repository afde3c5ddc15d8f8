import path from 'node:path';
import { findProjectRoot } from '../manifest/project-root.js';
import type { CliContext } from './context.js';

/**
 * The project folder a command works on: DIR (default the current folder), or the nearest folder above it holding
 * adf-deploy.yaml when run from a project's subfolder (said once on stderr, so nobody deploys a surprise).
 */
export function projectDir(ctx: CliContext, dir: string | undefined): string {
  const asked = path.resolve(ctx.cwd, dir ?? '.');
  const { root, foundAbove } = findProjectRoot(asked);
  if (foundAbove && !noted.has(ctx)) {
    noted.add(ctx);
    ctx.io.err(`note: no adf-deploy.yaml in ${show(ctx, asked)}: using the project at ${show(ctx, root)}\n`);
  }
  return root;
}

const noted = new WeakSet<CliContext>();

function show(ctx: CliContext, p: string): string {
  const rel = path.relative(ctx.cwd, p);
  return rel === '' ? '.' : path.isAbsolute(rel) ? p : rel;
}
