/**
 * `npx tsx scripts/measure-warnings.ts [CORPUS_DIR]`: import every factory of the corpus (../shared/corpus by
 * default) into a temporary folder, validate it as `adf-deploy validate` does, and print a Markdown table of the
 * findings per 100 objects by code (docs/manifests.md keeps its output). Errors are listed too: on the corpus
 * there should be exactly one (BigFactorySample2_vnet's SharedIR-DEV2019, an IR of a sibling factory).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFactory } from '../src/import/index.js';
import { loadProject } from '../src/manifest/load.js';
import { validateProject } from '../src/validate/validate.js';

/**
 * What each code that fires on a deployed corpus factory risks, by code or 'severity code' (a code without an
 * entry prints '(review)').
 */
const RISK: Record<string, string> = {
  'ref.missing-parameter': 'the child run fails when it reads the parameter that was not passed',
  'schema.unknown-type': 'a type newer than the schema: its properties go unchecked (or a misspelt type)',
  'schema.range': 'ADF Studio will not save the activity again until the retry interval is at least 30 s',
  'factory.no-location': 'creating the factory fails (updating an existing one works)',
  'expr.unknown-global-parameter': 'the run fails unless the factory defines the global parameter outside the project',
  'error ref.missing': 'the service refuses the object (here an IR of a sibling factory: list it under external:)',
  'warning ref.missing':
    'a managed virtual network created outside the manifests: the private endpoints fail without it',
  'ref.unknown-parameter': 'the value is ignored: usually a misspelt parameter name, so the intended one is not set',
  'schema.required': 'a tumbling window trigger without a pipeline cannot be started',
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Row {
  code: string;
  severity: string;
  count: number;
  factories: Set<string>;
}

async function main(): Promise<void> {
  const corpus = path.resolve(process.argv[2] ?? path.join(ROOT, '../shared/corpus'));
  const factories = readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const work = mkdtempSync(path.join(tmpdir(), 'adf-deploy-measure-'));
  const rows = new Map<string, Row>();
  let objects = 0;
  try {
    for (const name of factories) {
      const out = path.join(work, name);
      await importFactory(path.join(corpus, name), { out });
      const { project, diagnostics } = await loadProject(out, { environ: {} });
      if (!project) throw new Error(`${name}: does not load`);
      objects += project.resources.length;
      for (const d of [...diagnostics, ...validateProject(project)]) {
        const key = `${d.severity} ${d.code}`;
        const row = rows.get(key) ?? { code: d.code, severity: d.severity, count: 0, factories: new Set() };
        row.count++;
        row.factories.add(name.split('__').pop() ?? name);
        rows.set(key, row);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const lines = [
    `${factories.length} factories, ${objects} objects`,
    '',
    '| Code | Severity | Findings | Per 100 objects | Factories | Risk |',
    '|---|---|---|---|---|---|',
  ];
  const sorted = [...rows.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  for (const r of sorted) {
    const per100 = ((r.count * 100) / objects).toFixed(2);
    const risk = RISK[`${r.severity} ${r.code}`] ?? RISK[r.code] ?? '(review)';
    lines.push(
      `| \`${r.code}\` | ${r.severity} | ${r.count} | ${per100} | ${[...r.factories].sort().join(', ')} | ${risk} |`,
    );
  }
  if (sorted.length === 0) lines.push('| (none) | | 0 | 0 | | |');
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
