import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journal, loadState } from '../../src/emulator/persist.js';
import type { Mutation } from '../../src/emulator/store.js';
import { tempDir } from '../helpers/temp-dir.js';

const mutation = (name: string): Mutation[] => [
  { key: `f/${name}`, entry: { t: 'factory', sub: 's', rg: 'r', name, doc: {}, etag: 'e', createTime: 't' } },
];

describe('journal', () => {
  it('a failed append leaves no partial line behind', () => {
    const dir = tempDir('emu-journal-');
    let failNext = false;
    const journal = new Journal(dir, {
      writeSync: (fd, text) => {
        if (!failNext) return fs.writeSync(fd, text);
        fs.writeSync(fd, text.slice(0, 10));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
      fdatasyncSync: (fd) => fs.fdatasyncSync(fd),
    });
    journal.append(mutation('df-a'));
    failNext = true;
    expect(() => journal.append(mutation('df-b'))).toThrow('ENOSPC');
    failNext = false;
    journal.append(mutation('df-c'));
    journal.close();
    const loaded = loadState(dir);
    expect([...loaded.entries.keys()]).toEqual(['f/df-a', 'f/df-c']);
    expect(loaded.warnings).toEqual([]);
  });
});
