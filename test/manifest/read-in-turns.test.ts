import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadProject } from '../../src/manifest/load.js';

// Every file a turn, and every read recorded: an I/O callback must come between two reads, not after them all.
const events = vi.hoisted(() => ({ log: [] as string[] }));
vi.mock('../../src/manifest/event-loop-turns.js', () => ({
  eventLoopTurns: () => () => new Promise<void>((resolve) => setImmediate(resolve)),
}));
vi.mock('../../src/manifest/yaml-file.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/manifest/yaml-file.js')>();
  return {
    ...real,
    readTextFileSync: (file: string) => {
      if (file.endsWith('.yaml') && !file.endsWith('adf-deploy.yaml')) events.log.push('read');
      return real.readTextFileSync(file);
    },
  };
});

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'adf-read-turns-'));
  writeFileSync(path.join(root, 'adf-deploy.yaml'), 'factory: { name: f, location: westeurope }\n');
  mkdirSync(path.join(root, 'pipeline'));
  for (let i = 0; i < 20; i++)
    writeFileSync(
      path.join(root, 'pipeline', `p${i}.yaml`),
      `kind: Pipeline\nname: P${i}\nproperties: { activities: [] }\n`,
    );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loading reads each file in its turn', () => {
  it('a response that arrives while the files load is handled between two reads, not after the last', async () => {
    events.log = [];
    let answered = false;
    const loading = loadProject(root, { environ: {} });
    // Stands for the factory's answer: its callback is queued as the files start to be read.
    setImmediate(() => {
      answered = true;
      events.log.push('response');
    });
    const { project } = await loading;
    expect(answered).toBe(true);
    expect(project?.resources).toHaveLength(20);
    const at = events.log.indexOf('response');
    expect(at).toBeGreaterThan(-1);
    expect(events.log.slice(at + 1)).toContain('read');
  });
});
