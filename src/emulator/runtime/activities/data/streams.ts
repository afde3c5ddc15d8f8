import { once } from 'node:events';
import { PassThrough, type Readable, Transform, type Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { BlobClient, BlockBlobClient } from '@azure/storage-blob';
import { badConfig } from './errors.js';
import { isObject as isRecord } from '../../../documents.js';
import { getCI, str } from './resolve.js';

/** Compression codecs the emulator reads and writes (others fail clearly). */
export type Codec = 'none' | 'gzip' | 'deflate';

/** The dataset's compression: `compressionCodec` (new models) or `compression: {type}` (Binary). */
export function codecOf(tp: Record<string, unknown>): Codec {
  const compression = getCI(tp, 'compression');
  const raw = str(getCI(tp, 'compressionCodec')) ?? (isRecord(compression) ? str(compression.type) : undefined);
  if (!raw || raw.toLowerCase() === 'none') return 'none';
  const c = raw.toLowerCase();
  if (c === 'gzip' || c === 'deflate') return c;
  throw badConfig(`Compression '${raw}' is not supported by the emulator (supported: gzip, deflate, none).`);
}

const ENCODINGS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'utf-16': 'utf16le',
  'utf-16le': 'utf16le',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'windows-1252': 'latin1',
  'us-ascii': 'ascii',
  ascii: 'ascii',
};

/** The dataset's encodingName for reading (anything TextDecoder knows) and checked for writing. */
export function encodingOf(tp: Record<string, unknown>, forWrite: boolean): string {
  const name = (str(getCI(tp, 'encodingName')) ?? 'UTF-8').toLowerCase();
  if (forWrite && !(name in ENCODINGS))
    throw badConfig(
      `Writing encoding '${name}' is not supported by the emulator (supported: ${Object.keys(ENCODINGS).join(', ')}).`,
    );
  if (!forWrite) {
    try {
      new TextDecoder(name === 'utf-16' ? 'utf-16le' : name);
    } catch {
      throw badConfig(`The encoding '${name}' is not known.`);
    }
  }
  return name;
}

/** Count bytes flowing through. */
export function counter(): Transform & { bytes: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      (t as Transform & { bytes: number }).bytes += chunk.length;
      cb(null, chunk);
    },
  }) as Transform & { bytes: number };
  t.bytes = 0;
  return t;
}

function decompressor(codec: Codec): Transform | undefined {
  return codec === 'gzip' ? zlib.createGunzip() : codec === 'deflate' ? zlib.createInflate() : undefined;
}

function compressor(codec: Codec): Transform | undefined {
  return codec === 'gzip' ? zlib.createGzip() : codec === 'deflate' ? zlib.createDeflate() : undefined;
}

/** A source blob's bytes (decompressed when `decode` names a codec) and the count of bytes read from storage. */
export async function openSource(
  blob: BlobClient,
  decode: Codec,
  signal: AbortSignal,
): Promise<{ stream: Readable; read: () => number }> {
  const res = await blob.download(0, undefined, { abortSignal: signal });
  const body = res.readableStreamBody;
  if (!body) throw new Error(`no body for ${blob.name}`);
  const count = counter();
  let stream: Readable = body.pipe(count);
  body.on('error', (err) => count.destroy(err));
  const inflate = decompressor(decode);
  if (inflate) {
    count.on('error', (err) => inflate.destroy(err));
    stream = count.pipe(inflate);
  }
  return { stream, read: () => count.bytes };
}

/** Decode a byte stream as text, chunk by chunk (multi-byte characters may straddle chunks). */
export async function* decodeText(stream: Readable, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'utf-16' ? 'utf-16le' : encoding);
  for await (const chunk of stream) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A sink blob being written: bytes (or text) in, compressed when asked, uploaded in blocks as they come. */
export interface SinkStream {
  write(chunk: Buffer | string): Promise<void>;
  end(): Promise<void>;
  /** Give up: the partial upload is abandoned (never committed) and its request ends. */
  abort(err: Error): void;
  written(): number;
}

export function openSink(blob: BlockBlobClient, encode: Codec, encoding: string, signal: AbortSignal): SinkStream {
  const count = counter();
  const wire = new PassThrough();
  count.pipe(wire);
  const deflate = compressor(encode);
  const head: Writable = deflate ?? count;
  if (deflate) deflate.pipe(count);
  const upload = blob.uploadStream(wire, 4 * 1024 * 1024, 4, { abortSignal: signal });
  // Failures surface through `failed` and the upload's promise, not as stray 'error' events.
  for (const st of [head, count, wire]) st.on('error', () => undefined);
  let failed: unknown;
  upload.catch((err: unknown) => {
    failed = err;
    head.destroy(err as Error);
  });
  const bufEnc = ENCODINGS[encoding] ?? 'utf8';
  return {
    async write(chunk) {
      if (failed) throw failed;
      const data = typeof chunk === 'string' ? Buffer.from(chunk, bufEnc) : chunk;
      if (!head.write(data)) await Promise.race([once(head, 'drain'), upload]);
    },
    async end() {
      head.end();
      await upload;
    },
    abort(err) {
      failed ??= err;
      head.destroy(err);
      wire.destroy(err);
    },
    written: () => count.bytes,
  };
}
