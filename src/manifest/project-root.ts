import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from './find-files.js';
import { FACTORY_FOLDER, kindOfStudioFolder } from './studio-layout.js';

/**
 * Where the project is, for a command run in `dir`: `dir` itself when it holds adf-deploy.yaml or is an ADF Studio
 * git folder (which then gets its own hint); otherwise the nearest folder above holding adf-deploy.yaml, as git
 * finds its repository from a subfolder (`cd pipelines && adf-deploy plan`), or the nearest Studio folder above. The search stops at a repository root
 * (a `.git` entry) and at the file-system root; when nothing is found, `dir` is returned and reports itself.
 */
export function findProjectRoot(dir: string): { root: string; foundAbove: boolean } {
  const start = path.resolve(dir);
  if (!existsSync(start) || isProjectHere(start) || isStudioFolder(start)) return { root: start, foundAbove: false };
  for (let current = start; !existsSync(path.join(current, '.git')); ) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
    // A Studio folder above (run from its pipeline/ folder) is the project too: its own hint says what it lacks.
    if (isProjectHere(current) || isStudioFolder(current)) return { root: current, foundAbove: true };
  }
  return { root: start, foundAbove: false };
}

function isProjectHere(dir: string): boolean {
  return existsSync(path.join(dir, CONFIG_FILE));
}

/** A folder with ADF Studio's layout: a `factory/` folder or a folder of a resource kind (`pipeline/`, ...). */
export function isStudioFolder(dir: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return false;
  }
  return entries.some((name) => name.toLowerCase() === FACTORY_FOLDER || kindOfStudioFolder(name) !== undefined);
}
