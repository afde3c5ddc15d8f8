import { runAction } from './github-action.js';

// Entry point of action.yml: `node dist/ci/github-action-entry.js`.
void runAction(process.env, {
  fetch: (url, init) => fetch(url, init),
  log: (t) => void process.stderr.write(t),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`adf-deploy action: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
