/**
 * Count the non-null assertions (`x!`) and type casts (`x as T`, `<T>x`; `as const` is not a cast) in src/,
 * test files excluded. Issue 21 records the figures before and after; run `npx tsx scripts/count-assertions.ts`
 * (add `--files` for the count per file, largest first).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

interface Counts {
  nonNull: number;
  casts: number;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
      out.push(path);
  }
  return out;
}

function isAsConst(node: ts.AsExpression): boolean {
  return ts.isTypeReferenceNode(node.type) && node.type.typeName.getText() === 'const';
}

function countFile(path: string): Counts {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const counts: Counts = { nonNull: 0, casts: 0 };
  const visit = (node: ts.Node): void => {
    if (ts.isNonNullExpression(node)) counts.nonNull++;
    else if (ts.isAsExpression(node) && !isAsConst(node)) counts.casts++;
    else if (ts.isTypeAssertionExpression(node)) counts.casts++;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return counts;
}

const root = join(import.meta.dirname, '..');
const files = listSources(join(root, 'src'));
const perFile = files.map((f) => ({ file: relative(root, f), ...countFile(f) }));
const total = perFile.reduce((t, f) => ({ nonNull: t.nonNull + f.nonNull, casts: t.casts + f.casts }), {
  nonNull: 0,
  casts: 0,
});
process.stdout.write(`files ${files.length}\nnon-null assertions ${total.nonNull}\ncasts ${total.casts}\n`);
if (process.argv.includes('--files')) {
  for (const f of perFile
    .filter((x) => x.nonNull + x.casts > 0)
    .sort((a, b) => b.nonNull + b.casts - a.nonNull - a.casts))
    process.stdout.write(`${f.nonNull}\t${f.casts}\t${f.file}\n`);
}
