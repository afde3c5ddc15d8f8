import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import { CONFIG_FILE } from '../manifest/find-files.js';

/** A pattern rather than a path: `*`, `?` or `[...]` in it. */
export function isGlob(arg: string): boolean {
  return /[*?[]/.test(arg);
}

/** Several projects in one command: more than one argument, or a pattern (its output keeps one shape however many match). */
export function namesSeveralProjects(args: string[]): boolean {
  return args.length > 1 || args.some(isGlob);
}

/**
 * The project folders (or, for apply, saved plan files) that the arguments name, in order, each once. A pattern is
 * expanded here, so it works quoted (the same in every shell and in CI): it matches only folders that hold an
 * adf-deploy.yaml (or, ending in .json, plan files), sorted. A plain argument must exist: a folder, or for apply a
 * .json plan file, so a shell-expanded `factories/*` that also caught a README, or a folder without an adf-deploy.yaml,
 * fails before anything runs.
 */
export async function expandProjectArgs(
  args: string[],
  cwd: string,
  accept: { planFiles: boolean },
): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (arg: string): void => {
    const key = path.resolve(cwd, arg);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(arg);
  };
  for (const arg of args.length ? args : ['.']) {
    if (!isGlob(arg)) {
      await checkPlainArg(arg, cwd, accept);
      add(arg);
      continue;
    }
    const wantsFiles = accept.planFiles && arg.endsWith('.json');
    const matches = (await matchPattern(arg, cwd)).sort();
    const kept: string[] = [];
    for (const m of matches) if (await (wantsFiles ? isFile : isProjectDir)(path.resolve(cwd, m))) kept.push(m);
    if (kept.length === 0)
      throw new AdfDeployError('cli.no-match', `no ${wantsFiles ? 'plan file' : 'project folder'} matches '${arg}'`, {
        hint: wantsFiles
          ? 'save plans with `adf-deploy plan DIRS --out FOLDER`, then name FOLDER/*.json'
          : `a project folder holds an ${CONFIG_FILE}; check the pattern from ${cwd}`,
      });
    for (const k of kept) add(k);
  }
  return out;
}

async function checkPlainArg(arg: string, cwd: string, accept: { planFiles: boolean }): Promise<void> {
  const full = path.resolve(cwd, arg);
  if (await isProjectDir(full)) return;
  // Alone, a subfolder means its project (found above it); among several it would be a second name for a project
  // already named, or for one nobody meant (a repository root): refused before anything runs.
  if (await isDir(full))
    throw new AdfDeployError('cli.not-a-project', `'${arg}' is not a project folder: it holds no ${CONFIG_FILE}`, {
      hint: `with several projects each folder must hold its own ${CONFIG_FILE}; leave '${arg}' out, or quote a pattern ('factories/*') that matches only project folders`,
    });
  if (accept.planFiles && arg.endsWith('.json') && (await isFile(full))) return;
  throw new AdfDeployError(
    'cli.not-a-project',
    `'${arg}' is not a project folder${accept.planFiles ? ' or a saved plan (.json)' : ''}`,
    { hint: `quote a pattern ('factories/*') so that adf-deploy expands it to folders holding an ${CONFIG_FILE}` },
  );
}

/** Expand a pattern segment by segment; `**` is not supported (one level per `*`). */
async function matchPattern(pattern: string, cwd: string): Promise<string[]> {
  const absolute = path.isAbsolute(pattern);
  const segments = pattern.split(/[\\/]+/).filter((s, i) => s !== '' || (i === 0 && absolute));
  let bases = [absolute ? path.parse(pattern).root : ''];
  for (const segment of absolute ? segments.slice(1) : segments) {
    const next: string[] = [];
    for (const base of bases) {
      if (!isGlob(segment)) {
        next.push(base === '' ? segment : path.join(base, segment));
        continue;
      }
      const re = segmentRegExp(segment);
      let names: string[];
      try {
        names = await readdir(path.resolve(cwd, base || '.'));
      } catch {
        continue;
      }
      for (const name of names)
        if (re.test(name) && (segment.startsWith('.') || !name.startsWith('.')))
          next.push(base === '' ? name : path.join(base, name));
    }
    bases = next;
  }
  return bases;
}

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const body = segment
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function isProjectDir(dir: string): Promise<boolean> {
  return isFile(path.join(dir, CONFIG_FILE));
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
