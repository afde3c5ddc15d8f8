#!/usr/bin/env node
// Process entry: wires signals to an AbortController and runs main().
import { commandName } from './command-name.js';
import { limitHeapGrowth } from './heap-growth.js';
import { lengthenTiering } from './tiering.js';

// V8 settings first, then the command's modules (a static import would load them before these lines run).
lengthenTiering(process.execArgv);
limitHeapGrowth(process.argv);
// The commands that read the factory while they load the project: their HTTP worker starts with them (src/cli/http-choice.ts).
if (['plan', 'apply'].includes(commandName(process.argv) ?? '') && process.env.ADF_DEPLOY_HTTP_WORKER !== 'never')
  (await import('../arm/http-worker-client.js')).startHttpWorker();
const { main } = await import('./main.js');

// A reader that goes away (`adf-deploy graph | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const controller = new AbortController();
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    signals++;
    if (signals > 1) process.exit(130);
    process.stderr.write(
      `\nreceived ${sig}: finishing calls in flight, starting nothing new (again to quit at once)\n`,
    );
    controller.abort();
  });
}

void main(process.argv, { signal: controller.signal, httpWorker: true }).then((code) => {
  process.exitCode = code;
});
