import { makeFolders } from '../core/make-folders.js';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import type { RunningAzurite } from '../emulator/runtime/storage/azurite.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';

interface StorageFlags {
  project: string;
  connectionString?: string;
  blobEndpoint?: string;
  allowRealStorage?: boolean;
}

/**
 * `adf-deploy storage ls|upload|download|cat`: data in and out of the project's local Azurite (the one `--local`
 * runs use, its blobs in `<project>/.adf-deploy/azurite/`), or of any account given by connection string.
 */
export function register(program: Command, ctx: CliContext): void {
  const storage = program
    .command('storage')
    .description("move data in and out of the project's local Azure Storage (Azurite), for local pipeline runs");
  const common = (cmd: Command) =>
    cmd
      .option(
        '-C, --project <dir>',
        'the project whose local Azurite to use (its data in <dir>/.adf-deploy/azurite)',
        '.',
      )
      .option(
        '--connection-string <cs>',
        'use this storage account instead (e.g. the one `adf-deploy emulator --storage` prints); or ADF_DEPLOY_STORAGE_CONNECTION_STRING',
      )
      .option(
        '--blob-endpoint <url>',
        'a running Azurite (the second line `adf-deploy emulator --storage` prints); or ADF_DEPLOY_STORAGE_ENDPOINT',
      )
      .option('--allow-real-storage', 'allow a connection string that points at real Azure Storage');
  common(storage.command('ls').argument('[container[/prefix]]', 'what to list (no argument: the containers)'))
    .description('list containers, or the blobs under a container/prefix')
    .action(
      action(ctx, async (target: string | undefined, flags: StorageFlags) =>
        withService(ctx, flags, (s) => list(ctx, s, target)),
      ),
    );
  common(storage.command('upload').argument('<file-or-dir>').argument('<container/path>'))
    .description("upload a file (or a folder's files, recursively); a target ending in '/' keeps the file name")
    .action(
      action(ctx, async (source: string, target: string, flags: StorageFlags) =>
        withService(ctx, flags, (s) => upload(ctx, s, path.resolve(ctx.cwd, source), target)),
      ),
    );
  common(storage.command('download').argument('<container/path>').argument('<file>'))
    .description('download one blob to a file')
    .action(
      action(ctx, async (source: string, file: string, flags: StorageFlags) =>
        withService(ctx, flags, (s) => download(ctx, s, source, path.resolve(ctx.cwd, file))),
      ),
    );
  common(storage.command('cat').argument('<container/path>'))
    .description('print one blob on stdout (as UTF-8 text)')
    .action(
      action(ctx, async (source: string, flags: StorageFlags) => withService(ctx, flags, (s) => cat(ctx, s, source))),
    );
}

async function withService(
  ctx: CliContext,
  flags: StorageFlags,
  fn: (s: BlobServiceClient) => Promise<number>,
): Promise<number> {
  const endpoint = flags.blobEndpoint ?? ctx.env.ADF_DEPLOY_STORAGE_ENDPOINT;
  const cs =
    flags.connectionString ??
    ctx.env.ADF_DEPLOY_STORAGE_CONNECTION_STRING ??
    (endpoint ? 'UseDevelopmentStorage=true' : undefined);
  // Loaded when a storage command runs, not for every --help (they bring @azure/storage-blob).
  const { AccountError, accountFromConnectionString } = await import('../emulator/runtime/storage/accounts.js');
  const { projectStorageDir, startAzurite } = await import('../emulator/runtime/storage/azurite.js');
  let azurite: RunningAzurite | undefined;
  try {
    if (cs === undefined)
      azurite = await startAzurite({ location: projectStorageDir(path.resolve(ctx.cwd, flags.project)) });
    const account = accountFromConnectionString(azurite?.connectionString ?? cs ?? '', {
      developmentBlobEndpoint: azurite?.blobEndpoint ?? endpoint,
      allowRealStorage: Boolean(flags.allowRealStorage),
    });
    return await fn(account.service);
  } catch (err) {
    if (err instanceof AccountError)
      throw new AdfDeployError('storage.account', err.message, { hint: 'see adf-deploy storage --help' });
    if (err instanceof Error && 'statusCode' in err)
      throw new AdfDeployError('storage.request', err.message.split('\n')[0], {
        hint: 'check the container and blob names',
      });
    throw err;
  } finally {
    await azurite?.close();
  }
}

function split(target: string): { container: string; name: string } {
  const clean = target.replace(/^\/+/, '');
  const i = clean.indexOf('/');
  const container = i < 0 ? clean : clean.slice(0, i);
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(container))
    throw new AdfDeployError('storage.bad-target', `'${target}': '${container}' is not a valid container name`, {
      hint: 'write container/path, e.g. adftutorial/input/emp.txt (3-63 lower-case letters, digits and dashes)',
    });
  return { container, name: i < 0 ? '' : clean.slice(i + 1) };
}

async function list(ctx: CliContext, service: BlobServiceClient, target: string | undefined): Promise<number> {
  if (!target) {
    for await (const c of service.listContainers()) ctx.io.out(`${c.name}\n`);
    return 0;
  }
  const { container, name } = split(target);
  const client = service.getContainerClient(container);
  for await (const b of client.listBlobsFlat(name ? { prefix: name } : {}))
    ctx.io.out(
      `${container}/${b.name}\t${b.properties.contentLength ?? 0}\t${b.properties.lastModified.toISOString()}\n`,
    );
  return 0;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

async function upload(ctx: CliContext, service: BlobServiceClient, source: string, target: string): Promise<number> {
  const info = await stat(source).catch(() => undefined);
  if (!info)
    throw new AdfDeployError('storage.no-file', `'${source}' does not exist`, {
      hint: 'give a file or a folder to upload',
    });
  const { container, name } = split(target);
  const client = service.getContainerClient(container);
  await client.createIfNotExists();
  const files = info.isDirectory() ? await filesUnder(source) : [source];
  const base = info.isDirectory() ? source : path.dirname(source);
  const keepName = info.isDirectory() || name === '' || name.endsWith('/');
  for (const file of files) {
    const relative = path.relative(base, file).split(path.sep).join('/');
    const blobName = keepName ? `${name.replace(/\/?$/, name ? '/' : '')}${relative}` : name;
    const size = (await stat(file)).size;
    await client.getBlockBlobClient(blobName).uploadStream(createReadStream(file), 4 * 1024 * 1024, 4);
    ctx.io.out(`${container}/${blobName}\t${size}\n`);
  }
  return 0;
}

async function download(ctx: CliContext, service: BlobServiceClient, source: string, file: string): Promise<number> {
  const { container, name } = split(source);
  if (!name)
    throw new AdfDeployError('storage.bad-target', `'${source}' names no blob`, {
      hint: 'write container/path/to/blob',
    });
  const res = await service.getContainerClient(container).getBlobClient(name).download();
  if (!res.readableStreamBody) throw new AdfDeployError('storage.request', `'${source}' has no content`);
  makeFolders(path.dirname(file));
  await pipeline(res.readableStreamBody, createWriteStream(file));
  ctx.io.out(`${file}\t${res.contentLength ?? 0}\n`);
  return 0;
}

async function cat(ctx: CliContext, service: BlobServiceClient, source: string): Promise<number> {
  const { container, name } = split(source);
  if (!name)
    throw new AdfDeployError('storage.bad-target', `'${source}' names no blob`, {
      hint: 'write container/path/to/blob',
    });
  const data = await service.getContainerClient(container).getBlobClient(name).downloadToBuffer();
  ctx.io.out(data.toString('utf8'));
  return 0;
}
