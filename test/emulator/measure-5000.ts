/**
 * Measure the emulator with 5,000 entities in one factory (SPEC.md line 69): PUT, GET and list latency over
 * real HTTP, in memory and with a data directory (fsync per write). Run: npx tsx test/emulator/measure-5000.ts
 * Prints figures; asserts nothing (speed targets belong in benchmarks, not tests).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { client, F } from './helpers.js';

const N = 5000;

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2);
  return `n=${s.length} p50=${at(0.5)}ms p95=${at(0.95)}ms max=${s[s.length - 1].toFixed(2)}ms`;
}

async function timed<T>(fn: () => Promise<T>, into: number[]): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  into.push(performance.now() - t0);
  return r;
}

async function measure(label: string, dataDir?: string): Promise<void> {
  const e = await startEmulator({ port: 0, throttle: 'off', dataDir });
  const call = client(() => e.url);
  await call('PUT', F(), { location: 'x' });
  await call('PUT', `${F()}/linkedservices/ls`, { properties: { type: 'AzureBlobStorage', typeProperties: {} } });
  const put: number[] = [];
  for (let i = 1; i < N; i++) {
    const kind = i % 2 ? 'datasets' : 'pipelines';
    const body =
      kind === 'datasets'
        ? {
            properties: {
              type: 'Json',
              linkedServiceName: { referenceName: 'ls', type: 'LinkedServiceReference' },
              typeProperties: { location: { type: 'AzureBlobStorageLocation', fileName: `f${i}.json` } },
            },
          }
        : { properties: { activities: [{ name: 'wait', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] } };
    const r = await timed(() => call('PUT', `${F()}/${kind}/item${i}`, body), put);
    if (r.status !== 200) throw new Error(`PUT ${i}: ${r.status} ${r.text}`);
  }
  const get: number[] = [];
  for (let i = 0; i < 1000; i++)
    await timed(() => call('GET', `${F()}/datasets/item${1 + 2 * Math.floor(Math.random() * (N / 2 - 1))}`), get);
  const page: number[] = [];
  let next: string | undefined = `${F()}/datasets`;
  let count = 0;
  const full0 = performance.now();
  while (next) {
    const r = await timed(() => call('GET', next!), page);
    count += r.body.value.length;
    next = r.body.nextLink;
  }
  const full = performance.now() - full0;
  const del: number[] = [];
  for (let i = 0; i < 200; i++) await timed(() => call('DELETE', `${F()}/linkedservices/ls`), del);
  const update: number[] = [];
  for (let i = 0; i < 500; i++)
    await timed(
      () => call('PUT', `${F()}/pipelines/item${2 * (1 + i)}`, { properties: { description: `v${i}` } }),
      update,
    );
  await e.close();
  console.log(`${label}:`);
  console.log(`  PUT create (entities 2..${N}): ${stats(put)}`);
  console.log(`  PUT update:                    ${stats(update)}`);
  console.log(`  GET one of ${N}:               ${stats(get)}`);
  console.log(
    `  list page (50 of ${count} datasets): ${stats(page)}; whole list ${full.toFixed(0)}ms over ${page.length} pages`,
  );
  console.log(`  DELETE refused (referenced by ${N / 2} datasets): ${stats(del)}`);
}

await measure('in memory');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-measure-'));
await measure(`with --data (journal, fsync per write) in ${dir}`, dir);
const t0 = performance.now();
const restarted = await startEmulator({ port: 0, dataDir: dir });
console.log(`restart with ${N} entities (load + compact): ${(performance.now() - t0).toFixed(0)}ms`);
await restarted.close();
fs.rmSync(dir, { recursive: true, force: true });
