import { createHash } from 'node:crypto';
import type { LoadOptions } from './types.js';

/** What a load read: enough to tell whether a second load would build the same project (src/cli/validation-cache.ts). */
export interface LoadInputs {
  /** The options to load with: they report every text and environment variable read to this record. */
  options: LoadOptions;
  /**
   * SHA-256 of what is public: the options (environment name, target flags), each text read with its file name, in
   * order, and the names of the environment variables read. Never a variable's value.
   */
  publicDigest(): string;
  /** The environment variables read and their values (undefined when unset), sorted by name: may hold secrets. */
  environment(): [string, string | null][];
}

/**
 * Wrap `options` so that loadProject reports what it reads: the texts (through `onSource`) and the environment
 * variables (through a proxy of `environ`). A load that lists the variables (Object.keys and the like) records that
 * it did and their names, so a new variable changes the digest too.
 */
export function recordLoadInputs(options: LoadOptions): LoadInputs {
  const texts = createHash('sha256');
  const environ = options.environ ?? process.env;
  const reads = new Map<string, string | null>();
  let listed: string[] | undefined;
  const note = (name: string | symbol): void => {
    if (typeof name !== 'string' || reads.has(name)) return;
    const value = Object.prototype.hasOwnProperty.call(environ, name) ? environ[name] : undefined;
    reads.set(name, value ?? null);
  };
  const recorded = new Proxy(environ, {
    get(target, name) {
      note(name);
      return Reflect.get(target, name);
    },
    has(target, name) {
      note(name);
      return Reflect.has(target, name);
    },
    getOwnPropertyDescriptor(target, name) {
      note(name);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      listed = keys.filter((k): k is string => typeof k === 'string').sort();
      return keys;
    },
  });
  const userSource = options.onSource;
  return {
    options: {
      ...options,
      environ: recorded,
      onSource: (file, text) => {
        // Three updates, not one concatenated string: building and flattening that copy cost more than the hash.
        texts.update(file);
        texts.update(`\u0000${text.length}\u0000`);
        texts.update(text);
        userSource?.(file, text);
      },
    },
    publicDigest: () =>
      createHash('sha256')
        .update(JSON.stringify([options.env ?? null, options.target ?? null, [...reads.keys()].sort(), listed ?? null]))
        .update(texts.copy().digest('hex'))
        .digest('hex'),
    environment: () => [...reads].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}
