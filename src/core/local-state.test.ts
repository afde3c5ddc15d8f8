import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureStateDir, openStateFile, readStateFile, writeStateFileAtomic } from './local-state.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

const tmp = () => tempDir('adf-state-');
const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('local state: no symbolic links, private modes, never committed', () => {
  it('creates the folder 0700 with a .gitignore of *, files 0600', () => {
    const root = path.join(tmp(), '.adf-deploy');
    const dir = ensureStateDir(root, 'emulator');
    expect(mode(root)).toBe(0o700);
    expect(mode(dir)).toBe(0o700);
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    writeStateFileAtomic(dir, 'snapshot.json', (fd) => fs.writeSync(fd, '{}'));
    expect(mode(path.join(dir, 'snapshot.json'))).toBe(0o600);
    expect(readStateFile(dir, 'snapshot.json')).toBe('{}');
    const fd = openStateFile(dir, 'journal.jsonl', 'append')!;
    fs.closeSync(fd);
    expect(mode(path.join(dir, 'journal.jsonl'))).toBe(0o600);
  });

  it('tightens an existing folder made 0755', () => {
    const root = path.join(tmp(), '.adf-deploy');
    fs.mkdirSync(root, { mode: 0o755 });
    ensureStateDir(root);
    expect(mode(root)).toBe(0o700);
  });

  it.each([
    ['the state folder', (root: string, outside: string) => fs.symlinkSync(outside, root)],
    [
      'a sub-folder',
      (root: string, outside: string) => {
        fs.mkdirSync(root);
        fs.symlinkSync(outside, path.join(root, 'emulator'));
      },
    ],
  ])('refuses a symbolic link as %s', (_l, plant) => {
    const base = tmp();
    const outside = tempDir('adf-outside-');
    const root = path.join(base, '.adf-deploy');
    plant(root, outside);
    expect(() => ensureStateDir(root, 'emulator')).toThrow(/symbolic link/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it.each(['read', 'append', 'truncate', 'create'] as const)('refuses a file that is a symbolic link (%s)', (how) => {
    const dir = ensureStateDir(path.join(tmp(), '.adf-deploy'));
    const victim = path.join(tmp(), 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(dir, 'journal.jsonl'));
    expect(() => openStateFile(dir, 'journal.jsonl', how)).toThrow(how === 'create' ? /EEXIST/ : /symbolic link/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('refuses to write a file with another hard link', () => {
    const dir = ensureStateDir(path.join(tmp(), '.adf-deploy'));
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.linkSync(victim, path.join(dir, 'journal.jsonl'));
    expect(() => openStateFile(dir, 'journal.jsonl', 'truncate')).toThrow(/hard links/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('replaces a planted link on an atomic write, never writing through it', () => {
    const dir = ensureStateDir(path.join(tmp(), '.adf-deploy'));
    const victim = path.join(tmp(), 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(dir, 'snapshot.json.tmp'));
    writeStateFileAtomic(dir, 'snapshot.json', (fd) => fs.writeSync(fd, 'new'));
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
  });

  it.skipIf(!fs.existsSync('/proc/self'))(
    'a folder that cannot be made (below /proc) is an error, not an endless retry',
    () => {
      // In a child process with a time limit: Node's recursive mkdir spins forever here, and would hang this worker.
      const script = `import { ensureStateDir } from ${JSON.stringify(path.resolve('src/core/local-state.ts'))};
        try { ensureStateDir('/proc/adf-deploy-test/x/state'); console.log('made'); }
        catch (err) { console.log('error', err.code); }`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(child.signal).toBeNull();
      expect(child.stdout.trim()).toBe('error fs.cannot-create');
    },
    30_000,
  );
});
