// `npx tsx bench/data-copy.ts [--mb 100] [--rows 1000000]`: a binary copy and a DelimitedText copy through the data
// executor (what the run engine calls for Copy) beside a direct @azure/storage-blob copy of the same blob, same Azurite,
// same run. Prints a Markdown table (figures for docs/data-movement.md). Long at full size: run it on a quiet machine.
// Also part of `npm run bench` (bench/run.ts: full size only with --tier full), whose docs/performance.md shows its table.
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

export interface DataCopySizes {
  /** Megabytes of random bytes for the binary copy. */
  mb: number;
  /** Rows of the DelimitedText copy. */
  rows: number;
}

export const FULL_DATA: DataCopySizes = { mb: 100, rows: 1_000_000 };

export interface DataCopyRow {
  type: string;
  label: string;
  bytes: number;
  directS: number;
  engineS: number;
  /** Executor throughput / direct throughput (direct seconds / executor seconds). */
  ratio: number;
}

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

/** Both copies, each beside a direct SDK copy of the same blob, in one Azurite started for the purpose. */
export async function measureDataCopy(sizes: DataCopySizes = FULL_DATA): Promise<DataCopyRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adf-bench-data-'));
  const azurite = await startAzurite({ location: dir });
  try {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const c = service.getContainerClient('bench');
    await c.create();
    const rows: DataCopyRow[] = [];
    const cases: Array<[string, Buffer, boolean, string]> = [
      ['Binary', randomBytes(sizes.mb * 1024 * 1024), false, `${sizes.mb} MB random bytes`],
      ['DelimitedText', csv(sizes.rows), true, `${sizes.rows.toLocaleString('en')} rows`],
    ];
    for (const [type, data, header, label] of cases) {
      await c.getBlockBlobClient('in/data.bin').uploadData(data, { blockSize: 4 * 1024 * 1024, concurrency: 4 });
      const direct = await measure(() => directCopy(c, 'in/data.bin', 'direct/data.bin'));
      let output: Record<string, unknown> = {};
      const engine = await measure(async () => {
        output = await engineCopy(azurite.blobEndpoint, type, header);
      });
      rows.push({ type, label, bytes: data.length, directS: direct, engineS: engine, ratio: direct / engine });
      process.stderr.write(
        `  ${type}: ${JSON.stringify({ dataRead: output.dataRead, dataWritten: output.dataWritten, rowsCopied: output.rowsCopied })}\n`,
      );
      await c.deleteBlob('in/data.bin');
    }
    return rows;
  } finally {
    await azurite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Markdown table of docs/data-movement.md and docs/performance.md. */
export function renderDataCopyTable(rows: DataCopyRow[]): string {
  const mbs = (r: DataCopyRow, s: number) => `${(r.bytes / 1024 / 1024 / s).toFixed(1)} MB/s (${s.toFixed(2)} s)`;
  return [
    '| Copy | Size | Direct SDK copy | Through the data executor | Ratio (executor / direct throughput) |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.type} | ${r.label}, ${(r.bytes / 1024 / 1024).toFixed(1)} MB | ${mbs(r, r.directS)} | ${mbs(r, r.engineS)} | ${r.ratio.toFixed(2)} |`,
    ),
  ].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const rows = await measureDataCopy({ mb: flag('--mb', FULL_DATA.mb), rows: flag('--rows', FULL_DATA.rows) });
  process.stdout.write(
    `${renderDataCopyTable(rows)}\n\nMachine: ${os.cpus().length} CPUs, Node ${process.version}, ${new Date().toISOString()}\n`,
  );
}
