import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start the worker whose entry is `./<name>.js` beside the calling module (`fromModule`: its import.meta.url), or
 * `./<name>.ts` when the caller runs from the TypeScript sources (the tests run them through tsx). In the bundled CLI
 * the entry is dist/bundle/<name>.js, bundled beside the chunks (scripts/bundle-cli.ts lists the worker entries).
 */
export function startWorkerThread(fromModule: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSources = fromModule.endsWith('.ts');
  const entry = new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, fromModule);
  return fromSources ? new Worker(tsxBootstrap(entry), { ...options, eval: true }) : new Worker(entry, options);
}

/**
 * The worker's code under the TypeScript sources: `--import tsx` in a worker's execArgv does not reach its entry
 * module, so tsx's ESM hooks are registered inside the worker first (tsx's ESM API: its CommonJS build registers
 * hooks from a path that does not exist), then the entry is imported.
 */
function tsxBootstrap(entry: URL): string {
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}
