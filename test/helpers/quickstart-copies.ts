import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './cli.js';

/**
 * Copies of examples/quickstart under `root/factories/<name>`, each its own factory (`adfv2-quickstart-<name>`):
 * the many-projects tests deploy several at once.
 */
export function writeQuickstartCopies(root: string, names: readonly string[]): void {
  for (const name of names) {
    const dir = path.join(root, 'factories', name);
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const config = path.join(dir, 'adf-deploy.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('suffix: local', `suffix: ${name}`));
  }
}
