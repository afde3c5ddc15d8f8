/**
 * `npm run build` (and `prepare`), last step: write dist/build-id.json, a hash of what decides the program's
 * results (every file of dist/, schemas/types/ and schemas/validators/, the package version). The caches under a
 * project's .adf-deploy/cache/ (src/core/project-cache.ts) hold only entries of the build that wrote them, so a
 * rebuilt program never reads what an older one concluded. Not in git (dist/ is not).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './gen-schemas.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = 'build-id.json';

export function computeBuildId(root: string = ROOT): string {
  const hash = createHash('sha256');
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  hash.update(`adf-deploy ${version}\n`);
  for (const dir of ['dist', 'schemas/types', 'schemas/validators']) {
    const base = path.join(root, dir);
    for (const file of listFiles(base).sort()) {
      if (dir === 'dist' && file === OUT) continue;
      hash.update(`${dir}/${file}\n`);
      hash.update(readFileSync(path.join(base, file)));
      hash.update('\n');
    }
  }
  return hash.digest('hex').slice(0, 32);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(path.join(ROOT, 'dist', OUT), `${JSON.stringify({ id: computeBuildId() })}\n`);
}
