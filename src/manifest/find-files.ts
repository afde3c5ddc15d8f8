import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';

export const CONFIG_FILE = 'adf-deploy.yaml';

/** Folders never searched: dependencies, our own state, and dot-folders (.git, .vscode...). */
function skipFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

function isManifestName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/**
 * Every *.yaml / *.yml below `root` except the root adf-deploy.yaml, sorted. Symbolic links are followed once:
 * a link back into a folder already visited is reported as a loop instead of being walked forever.
 */
export async function findManifestFiles(root: string): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const visited = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
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
      if (isDir && !skipFolder(entry.name)) await walk(full);
      else if (isFile && isManifestName(entry.name) && !(dir === root && entry.name === CONFIG_FILE)) files.push(full);
    }
  };
  await walk(root);
  return { files, diagnostics };
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
