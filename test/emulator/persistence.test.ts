import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedEmulator, startEmulator } from '../../src/emulator/index.js';
import { client, F, LS } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

function tmp(): string {
  return tempDir('emu-persist-');
}

async function withData<T>(dir: string, fn: (call: ReturnType<typeof client>) => Promise<T>): Promise<T> {
  const e = await startEmulator({ port: 0, dataDir: dir });
  try {
    return await fn(client(() => e.url));
  } finally {
    await e.close();
  }
}

describe('durability', () => {
  it('restart replays and compacts', async () => {
    const dir = tmp();
    const etag = await withData(dir, async (call) => {
      await call('PUT', F(), { location: 'x' });
      await call('PUT', `${F()}/linkedservices/ls1`, LS().body);
      await call('PUT', `${F()}/datasets/ds1`, {
        properties: { type: 'Json', linkedServiceName: { referenceName: 'ls1', type: 'LinkedServiceReference' } },
      });
      await call('PUT', `${F()}/triggers/t1`, { properties: { type: 'ScheduleTrigger' } });
      await call('POST', `${F()}/triggers/t1/start`);
      await call('PUT', `${F()}/pipelines/gone`, { properties: {} });
      await call('DELETE', `${F()}/pipelines/gone`);
      return (await call('GET', `${F()}/datasets/ds1`)).body.etag;
    });
    expect(fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').trim().split('\n')).toHaveLength(7);
    await withData(dir, async (call) => {
      expect((await call('GET', `${F()}/datasets/ds1`)).body.etag).toBe(etag);
      expect((await call('GET', `${F()}/triggers/t1`)).body.properties.runtimeState).toBe('Started');
      expect((await call('GET', `${F()}/pipelines/gone`)).status).toBe(404);
      // The reverse reference index is rebuilt from the loaded state.
      expect((await call('DELETE', `${F()}/linkedservices/ls1`)).status).toBe(400);
    });
    // Compacted at start: the snapshot holds everything, the journal only what came after.
    const snap = JSON.parse(fs.readFileSync(path.join(dir, 'snapshot.json'), 'utf8'));
    expect(snap.entries.map(([k]: [string]) => k).sort()).toEqual([
      'c/df-test/datasets//ds1',
      'c/df-test/linkedservices//ls1',
      'c/df-test/triggers//t1',
      'f/df-test',
    ]);
    expect(fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')).toBe('');
    expect(fs.existsSync(path.join(dir, 'snapshot.json.tmp'))).toBe(false);
  });

  it('restart replays and compacts: while running too, every compactEvery writes', async () => {
    const dir = tmp();
    const e = await startEmulator({ port: 0, dataDir: dir, compactEvery: 3 });
    const journalLines = () =>
      fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    try {
      const call = client(() => e.url);
      await call('PUT', F(), { location: 'x' });
      await call('PUT', `${F()}/pipelines/p1`, { properties: {} });
      expect(journalLines()).toBe(2);
      await call('PUT', `${F()}/pipelines/p2`, { properties: {} });
      expect(journalLines()).toBe(0);
      await call('DELETE', `${F()}/pipelines/p1`);
      expect(journalLines()).toBe(1);
    } finally {
      await e.close();
    }
    await withData(dir, async (call) => {
      expect((await call('GET', `${F()}/pipelines/p2`)).status).toBe(200);
      expect((await call('GET', `${F()}/pipelines/p1`)).status).toBe(404);
    });
  });

  it('corrupt files are errors; a torn last line is dropped', async () => {
    const dir = tmp();
    await withData(dir, async (call) => {
      await call('PUT', F(), { location: 'x' });
    });
    await withData(dir, async (call) => {
      await call('PUT', `${F()}/pipelines/p1`, { properties: {} });
      await call('PUT', `${F()}/pipelines/p2`, { properties: {} });
    });
    const journal = path.join(dir, 'journal.jsonl');
    const good = fs.readFileSync(journal, 'utf8');
    const snapshot = fs.readFileSync(path.join(dir, 'snapshot.json'), 'utf8');

    // A torn last line (a crash mid-append) is dropped with a warning naming the file and line.
    fs.writeFileSync(journal, `${good}[{"key":"c/df-test/pipelines//p3","entry":{"t":"ch`);
    const e = await startEmulator({ port: 0, dataDir: dir });
    try {
      expect(e.warnings).toEqual([
        `${journal}:3: dropped a torn last line (a write interrupted before it was acknowledged)`,
      ]);
      const call = client(() => e.url);
      expect((await call('GET', `${F()}/pipelines/p2`)).status).toBe(200);
      expect((await call('GET', `${F()}/pipelines/p3`)).status).toBe(404);
    } finally {
      await e.close();
    }

    // A bad line in the middle is an error naming file:line; nothing is emptied.
    fs.writeFileSync(journal, `garbage\n${good}`);
    await expect(startEmulator({ port: 0, dataDir: dir })).rejects.toThrow(
      `emulator state file ${journal}:1 is corrupt`,
    );
    expect(fs.readFileSync(journal, 'utf8')).toBe(`garbage\n${good}`);

    fs.writeFileSync(journal, '');
    fs.writeFileSync(path.join(dir, 'snapshot.json'), snapshot.slice(0, 40));
    await expect(startEmulator({ port: 0, dataDir: dir })).rejects.toThrow(
      `emulator state file ${path.join(dir, 'snapshot.json')} is corrupt`,
    );
    expect(fs.readFileSync(path.join(dir, 'snapshot.json'), 'utf8')).toBe(snapshot.slice(0, 40));
    // The lock is released after a failed start.
    expect(fs.existsSync(path.join(dir, 'emulator.lock'))).toBe(false);
  });

  it('lock file', async () => {
    const dir = tmp();
    const first = await startEmulator({ port: 0, dataDir: dir });
    try {
      await expect(startEmulator({ port: 0, dataDir: dir })).rejects.toThrow(
        new RegExp(`in use by process ${process.pid}`),
      );
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, 'emulator.lock'))).toBe(false);
    // A lock left by a dead process is recovered.
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid!)));
    fs.writeFileSync(path.join(dir, 'emulator.lock'), `${deadPid}\n`);
    const again = await startEmulator({ port: 0, dataDir: dir });
    expect(fs.readFileSync(path.join(dir, 'emulator.lock'), 'utf8').trim()).toBe(String(process.pid));
    await again.close();
  });

  it("embedded emulator: a second start sees the first one's writes", async () => {
    const root = tmp();
    const a = await startEmbeddedEmulator(root);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await client(() => a.url)('PUT', F(), { location: 'x' });
    await client(() => a.url)('PUT', `${F()}/pipelines/p1`, { properties: { description: 'from the first' } });
    await a.close();
    expect(fs.existsSync(path.join(root, '.adf-deploy', 'emulator', 'snapshot.json'))).toBe(true);
    const b = await startEmbeddedEmulator(root);
    try {
      const r = await client(() => b.url)('GET', `${F()}/pipelines/p1`);
      expect(r.body.properties.description).toBe('from the first');
    } finally {
      await b.close();
    }
  });
});
