// `npx tsx bench/data-copy.ts [--mb 100] [--rows 1000000]`: a binary copy and a DelimitedText copy through the data
// executor (what the run engine calls for Copy) beside a direct @azure/storage-blob copy of the same blob, same Azurite,
// same run. Prints a Markdown table (figures for docs/data-movement.md). Long at full size: run it on a quiet machine.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { executeDataActivity } from '../src/emulator/runtime/activities/data/index.js';
import type { DataActivityInput, FactoryView } from '../src/emulator/runtime/data-contract.js';
import { startAzurite } from '../src/emulator/runtime/storage/azurite.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MB = flag('--mb', 100);
const ROWS = flag('--rows', 1_000_000);

function csv(rows: number): Buffer {
  const parts: string[] = ['id,name,amount,created\n'];
  for (let i = 0; i < rows; i++)
    parts.push(
      `${i},"Name ${i % 977}, Jr",${(i * 1.37).toFixed(2)},2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z\n`,
    );
  return Buffer.from(parts.join(''));
}

async function directCopy(c: ContainerClient, from: string, to: string): Promise<void> {
  const res = await c.getBlobClient(from).download();
  if (!res.readableStreamBody) throw new Error('no body');
  await c.getBlockBlobClient(to).uploadStream(res.readableStreamBody as Readable, 4 * 1024 * 1024, 4);
}

function factory(type: string, header: boolean): FactoryView {
  const ds = (folder: string) => ({
    name: folder,
    properties: {
      type,
      linkedServiceName: { referenceName: 'Store', type: 'LinkedServiceReference' },
      typeProperties: {
        location: { type: 'AzureBlobStorageLocation', container: 'bench', folderPath: folder },
        ...(header ? { firstRowAsHeader: true } : {}),
      },
    },
  });
  const docs: Record<string, Record<string, unknown>> = {
    In: ds('in'),
    Out: ds('engine'),
    Store: {
      name: 'Store',
      properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'UseDevelopmentStorage=true' } },
    },
  };
  return { name: 'bench', get: (_k, n) => docs[n], secret: () => undefined, globalParameters: {} };
}

async function engineCopy(endpoint: string, type: string, header: boolean): Promise<Record<string, unknown>> {
  const activity: DataActivityInput = {
    name: 'Copy',
    type: 'Copy',
    typeProperties: { source: { type: `${type}Source` }, sink: { type: `${type}Sink` } },
    inputs: [{ referenceName: 'In' }],
    outputs: [{ referenceName: 'Out' }],
  };
  const result = await executeDataActivity({
    activity,
    factory: factory(type, header),
    storage: { developmentBlobEndpoint: endpoint, allowRealStorage: false },
    system: {},
    signal: new AbortController().signal,
    now: Date.now,
  });
  if (result.status !== 'Succeeded') throw new Error(JSON.stringify(result.error));
  return result.output;
}

async function measure(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adf-bench-data-'));
  const azurite = await startAzurite({ location: dir });
  try {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const c = service.getContainerClient('bench');
    await c.create();
    const rows: string[] = [
      '| Copy | Size | Direct SDK copy | Through the data executor | Ratio (executor / direct throughput) |',
      '|---|---|---|---|---|',
    ];
    const cases: Array<[string, Buffer, boolean, string]> = [
      ['Binary', randomBytes(MB * 1024 * 1024), false, `${MB} MB random bytes`],
      ['DelimitedText', csv(ROWS), true, `${ROWS.toLocaleString('en')} rows`],
    ];
    for (const [type, data, header, label] of cases) {
      await c.getBlockBlobClient('in/data.bin').uploadData(data, { blockSize: 4 * 1024 * 1024, concurrency: 4 });
      const direct = await measure(() => directCopy(c, 'in/data.bin', 'direct/data.bin'));
      let output: Record<string, unknown> = {};
      const engine = await measure(async () => {
        output = await engineCopy(azurite.blobEndpoint, type, header);
      });
      const mbs = (s: number) => `${(data.length / 1024 / 1024 / s).toFixed(1)} MB/s (${s.toFixed(2)} s)`;
      rows.push(
        `| ${type} | ${label}, ${(data.length / 1024 / 1024).toFixed(1)} MB | ${mbs(direct)} | ${mbs(engine)} | ${(direct / engine).toFixed(2)} |`,
      );
      process.stderr.write(
        `${type}: ${JSON.stringify({ dataRead: output.dataRead, dataWritten: output.dataWritten, rowsCopied: output.rowsCopied })}\n`,
      );
      await c.deleteBlob('in/data.bin');
    }
    process.stdout.write(
      `${rows.join('\n')}\n\nMachine: ${os.cpus().length} CPUs, Node ${process.version}, ${new Date().toISOString()}\n`,
    );
  } finally {
    await azurite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
