import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolders } from './make-folders.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

describe('makeFolders', () => {
  it('makes a folder and its missing parents, and accepts one that exists', () => {
    const root = tempDir('adf-folders-');
    const deep = path.join(root, 'a', 'b', 'c');
    makeFolders(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
    makeFolders(deep);
  });

  it('a folder that cannot be made is a clear error naming it (below a file; below /proc, where recursive mkdir spins)', () => {
    const root = tempDir('adf-folders-');
    const file = path.join(root, 'file');
    fs.writeFileSync(file, '');
    expect(() => makeFolders(path.join(file, 'x'))).toThrow(/cannot create folder '.*file.*' \(ENOTDIR\)/);
    if (fs.existsSync('/proc/self')) expect(() => makeFolders('/proc/adf-deploy-test/x')).toThrow(/\(ENOENT\)/);
  });
});
