/**
 * `npm run build` (and `prepare`), after tsc: bundle the CLI (dist/cli/entry.js) and the validation worker
 * (dist/validate/worker.js) with esbuild into dist/bundle/, which bin/adf-deploy.js runs. Node 20 resolves, reads and
 * compiles each ES module on its own: the plan command loaded about 230 of them (176 of dist/, got's 57) before its
 * first request, some 0.1 s of a re-plan's critical path (issue 19, bench/notes/8-bundle.md). Commands stay in
 * chunks of their own, loaded when run.
 *
 * dist/bundle/ sits one folder below the package root's dist/, like dist/cli/: the paths the code takes from its own
 * module's location (../../schemas/, ../build-id.json, ./worker.js) mean the same from either. Packages that find
 * files of their own at run time (Azurite, @azure/*) stay outside the bundle; so does what the code loads by
 * createRequire (yaml, the generated validators, ajv's runtime), which esbuild cannot see.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE_DIR = path.join(ROOT, 'dist', 'bundle');

export async function bundleCli(): Promise<void> {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: [
      path.join(ROOT, 'dist/cli/entry.js'),
      path.join(ROOT, 'dist/validate/worker.js'),
      path.join(ROOT, 'dist/arm/http-worker.js'),
    ],
    entryNames: '[name]',
    outdir: BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@azure/identity', '@azure/storage-blob', 'azurite'],
    // The CommonJS packages inside (commander, parts of got's) call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    // No source maps: they would map to dist/'s JavaScript (the package has no src/), at twice the bundle's size.
    sourcemap: false,
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleCli();
}
