import fs from 'node:fs';
import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import { ensureStateDir, openStateFile, readStateFile, writeStateFileAtomic } from '../core/local-state.js';
import type { Entry, Mutation, MutationSink } from './store.js';

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.jsonl';
const LOCK = 'emulator.lock';
const FORMAT = 1;

/** State read back from a data directory, plus what was noticed on the way (a dropped torn line). */
export interface LoadedState {
  entries: Map<string, Entry>;
  warnings: string[];
}

/**
 * Take the data directory's lock: a file holding our pid. A lock whose pid is dead (a kill -9) is recovered;
 * a live one is an error, since two emulators on one journal would interleave writes.
 */
export function acquireLock(dir: string): () => void {
  ensureDataDir(dir);
  const file = path.join(dir, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openStateFile(dir, LOCK, 'create')!;
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => {
        try {
          if (readStateFile(dir, LOCK)?.trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(readOrEmpty(dir, LOCK).trim(), 10);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new AdfDeployError(
        'emulator.locked',
        `the emulator data directory ${dir} is in use by process ${pid} (lock file ${file})`,
        {
          hint: 'stop that emulator first, or use another --data directory',
        },
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new AdfDeployError('emulator.locked', `could not take the lock ${file}`, {
    hint: 'remove the file if no emulator is running',
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The data directory as local state (src/core/local-state.ts: no symbolic links, 0700, a `.gitignore`). The
 * embedded emulator's `<project>/.adf-deploy/emulator` has `.adf-deploy` as its state root; `--data DIR` is its
 * own root.
 */
function ensureDataDir(dir: string): void {
  const parent = path.dirname(dir);
  if (path.basename(parent) === '.adf-deploy') ensureStateDir(parent, path.basename(dir));
  else ensureStateDir(dir);
}

function readOrEmpty(dir: string, name: string): string {
  try {
    return readStateFile(dir, name) ?? '';
  } catch (err) {
    if ((err as { code?: string }).code === 'state.unsafe') throw err;
    return '';
  }
}

/** Read snapshot then journal. A corrupt file is an error naming it; only a torn last journal line is dropped. */
export function loadState(dir: string): LoadedState {
  const entries = new Map<string, Entry>();
  const warnings: string[] = [];
  const snapFile = path.join(dir, SNAPSHOT);
  const snapText = readStateFile(dir, SNAPSHOT);
  if (snapText !== undefined) {
    let snap: { format?: number; entries?: [string, Entry][] };
    try {
      snap = JSON.parse(snapText);
    } catch (err) {
      throw corrupt(snapFile, `not valid JSON (${(err as Error).message})`);
    }
    if (snap?.format !== FORMAT || !Array.isArray(snap.entries))
      throw corrupt(snapFile, `expected {"format":${FORMAT},"entries":[...]}`);
    for (const [k, v] of snap.entries) entries.set(k, v);
  }
  const journalFile = path.join(dir, JOURNAL);
  const text = readOrEmpty(dir, JOURNAL);
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text.length === 0;
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    const last = i === lines.length - 1;
    let muts: Mutation[];
    try {
      muts = JSON.parse(line);
      if (!Array.isArray(muts)) throw new Error('expected an array of mutations');
    } catch (err) {
      if (last && !complete) {
        // A crash mid-append: that write was never acknowledged (we fsync before answering), so dropping it is safe.
        warnings.push(
          `${journalFile}:${i + 1}: dropped a torn last line (a write interrupted before it was acknowledged)`,
        );
        return;
      }
      throw corrupt(`${journalFile}:${i + 1}`, (err as Error).message);
    }
    for (const m of muts) {
      if (m.entry) entries.set(m.key, m.entry);
      else deleteKey(entries, m.key);
    }
  });
  return { entries, warnings };
}

/** Deleting a factory drops its children too (mirrors Store.apply). */
function deleteKey(entries: Map<string, Entry>, key: string): void {
  entries.delete(key);
  if (!key.startsWith('f/')) return;
  const prefix = `c/${key.slice(2)}/`;
  for (const k of entries.keys()) if (k.startsWith(prefix)) entries.delete(k);
}

function corrupt(where: string, why: string): AdfDeployError {
  return new AdfDeployError('emulator.corrupt-state', `emulator state file ${where} is corrupt: ${why}`, {
    hint: 'the file was left untouched; fix or move it away (starting without it loses that state)',
  });
}

/** Write the whole state as the new snapshot (write, fsync, rename, fsync dir), then empty the journal. */
export function compact(dir: string, entries: Iterable<[string, Entry]>): void {
  writeStateFileAtomic(dir, SNAPSHOT, (fd) => {
    fs.writeSync(fd, `{"format":${FORMAT},"entries":[`);
    let first = true;
    for (const e of entries) {
      fs.writeSync(fd, `${first ? '' : ',\n'}${JSON.stringify(e)}`);
      first = false;
    }
    fs.writeSync(fd, ']}\n');
  });
  syncDir(dir);
  // Replaying the old journal over the new snapshot would be harmless (mutations are whole values), so a crash
  // between the rename and this truncation loses nothing.
  const jfd = openStateFile(dir, JOURNAL, 'truncate')!;
  fs.fsyncSync(jfd);
  fs.closeSync(jfd);
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    // not supported on every platform
  }
}

/** The file operations the journal uses (injectable so a test can make a write fail half-way). */
export interface JournalIo {
  writeSync(fd: number, text: string): number;
  fdatasyncSync(fd: number): void;
}

/** The append-only journal: one JSON line per acknowledged request, fsync'd before the answer is sent. */
export class Journal implements MutationSink {
  private fd: number;
  private size: number;
  constructor(
    dir: string,
    private io: JournalIo = fs,
  ) {
    this.fd = openStateFile(dir, JOURNAL, 'append')!;
    this.size = fs.fstatSync(this.fd).size;
  }
  append(mutations: Mutation[]): void {
    const line = `${JSON.stringify(mutations)}\n`;
    try {
      this.io.writeSync(this.fd, line);
      this.io.fdatasyncSync(this.fd);
    } catch (err) {
      // Cut a partial line off (disk full...): otherwise the next good line would follow garbage, and the
      // journal would no longer load. The request fails and nothing was applied.
      fs.ftruncateSync(this.fd, this.size);
      throw err;
    }
    this.size += Buffer.byteLength(line);
  }
  /** The journal was emptied by a compaction (appends go on at its new end). */
  emptied(): void {
    this.size = 0;
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}
