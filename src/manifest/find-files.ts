import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Diagnostic } from '../core/diagnostic.js';
import { isUnmanagedStudioFolder, type StudioFile, studioFileKind } from './studio-layout.js';

export const CONFIG_FILE = 'adf-deploy.yaml';
/** gitignore syntax, at the project root: files and folders that are not manifests. */
export const IGNORE_FILE = '.adf-deployignore';

/**
 * YAML files of CI systems and tools that sit at repository roots beside the manifests. Skipped by default
 * (with a note), since reading them as manifests only gives errors; list them in .adf-deployignore to silence it.
 */
const WELL_KNOWN = [
  /^azure-pipelines.*\.ya?ml$/i,
  /^bitbucket-pipelines\.ya?ml$/i,
  /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i,
  /^(mkdocs|codecov|appveyor|cloudbuild|buildspec|pnpm-lock|pnpm-workspace|netlify|render|app|gitversion)\.ya?ml$/i,
  /^(catalog-info|sonar-project|environment|conda|action)\.ya?ml$/i,
];

export interface ManifestFiles {
  /** YAML manifests (adf-deploy.yaml excluded). */
  files: string[];
  /** JSON object files in the ADF Studio git layout, with the kind their folder gives them. */
  studioFiles: StudioFile[];
  diagnostics: Diagnostic[];
  /** Skipped well-known files, for the user. */
  notes: string[];
}

/** Folders never searched: dependencies, our own state, and dot-folders (.git, .vscode...). */
function skipFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

function isManifestName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

async function readIgnoreFile(root: string, diagnostics: Diagnostic[]): Promise<Ignore | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(root, IGNORE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      diagnostics.push(fsDiagnostic(path.join(root, IGNORE_FILE), err));
    return undefined;
  }
  return ignore().add(text);
}

/**
 * Every *.yaml / *.yml below `root` except the root adf-deploy.yaml, and every JSON file of the ADF Studio
 * layout, sorted; minus what .adf-deployignore lists and well-known CI files. Symbolic links are followed once:
 * a link back into a folder already visited is reported as a loop instead of being walked forever.
 */
export async function findManifestFiles(root: string): Promise<ManifestFiles> {
  const files: string[] = [];
  const studioFiles: StudioFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const ignored = await readIgnoreFile(root, diagnostics);
  const visited = new Set<string>();
  const unmanaged = new Set<string>();
  const walk = async (dir: string, folders: string[]): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (err) {
      diagnostics.push(fsDiagnostic(dir, err));
      return;
    }
    if (visited.has(real)) {
      diagnostics.push({
        severity: 'error',
        code: 'fs.symlink-loop',
        message: `symbolic link loop: '${dir}' leads back to '${real}', already read`,
        location: { file: dir, line: 1, col: 1 },
        hint: 'remove the link or point it outside the project',
      });
      return;
    }
    visited.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      diagnostics.push(fsDiagnostic(dir, err));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const s = await stat(full);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch (err) {
          diagnostics.push(fsDiagnostic(full, err));
          continue;
        }
      }
      const rel = [...folders, entry.name].join('/');
      if (ignored?.ignores(isDir ? `${rel}/` : rel)) continue;
      if (isDir) {
        if (!skipFolder(entry.name)) await walk(full, [...folders, entry.name]);
      } else if (!isFile || (dir === root && entry.name === CONFIG_FILE)) {
        continue;
      } else if (isManifestName(entry.name)) {
        if (WELL_KNOWN.some((re) => re.test(entry.name)))
          notes.push(`skipped ${rel}: a CI or tool file, not a manifest (list it in ${IGNORE_FILE} to silence this)`);
        else files.push(full);
      } else if (/\.json$/i.test(entry.name)) {
        const studio = studioFileKind(full, folders);
        if (studio) studioFiles.push(studio);
        else if (isUnmanagedStudioFolder(folders.at(-1) ?? '') && !unmanaged.has(dir)) {
          unmanaged.add(dir);
          notes.push(`skipped ${folders.join('/')}/: adf-deploy does not manage these objects yet`);
        }
      }
    }
  };
  await walk(root, []);
  return { files, studioFiles, diagnostics, notes };
}

function fsDiagnostic(file: string, err: unknown): Diagnostic {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') {
    return {
      severity: 'error',
      code: 'fs.symlink-loop',
      message: 'symbolic link loop',
      location: { file, line: 1, col: 1 },
      hint: 'remove the link or point it at a real file',
    };
  }
  if (code === 'ENOENT') {
    return {
      severity: 'error',
      code: 'fs.unreadable',
      message: 'broken symbolic link (its target does not exist)',
      location: { file, line: 1, col: 1 },
      hint: 'remove the link or restore its target',
    };
  }
  return {
    severity: 'error',
    code: 'fs.unreadable',
    message: `cannot read (${code ?? 'unknown error'})`,
    location: { file, line: 1, col: 1 },
    hint: 'check the permissions',
  };
}
