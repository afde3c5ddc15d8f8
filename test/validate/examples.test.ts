import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/manifest/load.js';
import { validateProject } from '../../src/validate/validate.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const cases = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    const config = parse(readFileSync(path.join(EXAMPLES, d.name, 'adf-deploy.yaml'), 'utf8'));
    // Data Factory V1 projects (version: 1) have their own loader and tests (test/v1/).
    if (config.version === 1) return [];
    return [undefined, ...Object.keys(config.environments ?? {})].map((env) => [d.name, env] as const);
  });

describe('examples', () => {
  it.each(cases)('%s (--env %s) validates with no diagnostic at all', async (name, env) => {
    // Every ${{ env.X }} an example reads gets a placeholder value, as a user would export.
    const text = readdirSync(path.join(EXAMPLES, name), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readFileSync(path.join(EXAMPLES, name, f), 'utf8'))
      .join('\n');
    const environ = Object.fromEntries(
      [...text.matchAll(/\$\{\{\s*env\.(\w+)\s*\}\}/g)].map((m) => [m[1], `value-of-${m[1]}`]),
    );
    const { project, diagnostics } = await loadProject(path.join(EXAMPLES, name), { env, environ });
    expect([...diagnostics, ...validateProject(project!)]).toEqual([]);
    if (env) expect(project!.env).toBe(env);
  });
});
