/**
 * The loader's read path (issue 19): one open/read/close per file (an fstat only for a file that fills the first
 * read), the 4 MB refusal from fstat, a BOM dropped,
 * bad UTF-8 located; and only files that mention `adf-deploy:` are read again for inline waivers.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadProject } from '../../src/manifest/load.js';
import { MAX_MANIFEST_BYTES, readTextFile } from '../../src/manifest/yaml-file.js';
import { checkProject } from '../../src/validate/validate.js';
import { CONFIG, writeTmpProject } from '../validate/tmp-project.js';

const WAIT = (name: string, extra = '') =>
  `${extra}kind: Pipeline\nname: ${name}\nproperties:\n  activities:\n    - name: W\n      type: Wait\n      typeProperties:\n        waitTimeInSeconds: "30"\n`;

describe('readTextFile', () => {
  it('drops a BOM, refuses a file over 4 MB before reading it, and points at the line of a bad byte', async () => {
    const dir = writeTmpProject({
      'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 1\n')]),
      'big.yaml': Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x20),
      'bad.yaml': Buffer.concat([Buffer.from('a: 1\nb: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
    });
    expect(await readTextFile(path.join(dir, 'bom.yaml'))).toEqual({ text: 'a: 1\n' });
    expect((await readTextFile(path.join(dir, 'big.yaml'))).diagnostic?.code).toBe('manifest.too-large');
    expect((await readTextFile(path.join(dir, 'bad.yaml'))).diagnostic).toMatchObject({
      code: 'file.encoding',
      location: { line: 2 },
    });
    expect(await readTextFile(path.join(dir, 'none.yaml'))).toMatchObject({ missing: true });
    expect((await readTextFile(dir)).diagnostic?.message).toBe('cannot read file (EISDIR)');
  });

  it('reads a file larger than its first read whole, and one exactly its size, each with its own bytes', async () => {
    // The first read's buffer is 64 KiB, shared by every file: around that size, and after a larger file, every
    // byte must still be the file's own.
    const line = (i: number) => `k${String(i).padStart(6, '0')}: ${'v'.repeat(40)}\n`;
    const big = Array.from({ length: 3000 }, (_, i) => line(i)).join('');
    const exact = 'x'.repeat(64 * 1024 - 1) + '\n';
    const dir = writeTmpProject({ 'big.yaml': big, 'exact.yaml': exact, 'small.yaml': 'a: 1\n' });
    expect(big.length).toBeGreaterThan(2 * 64 * 1024);
    expect(await readTextFile(path.join(dir, 'big.yaml'))).toEqual({ text: big });
    expect(await readTextFile(path.join(dir, 'small.yaml'))).toEqual({ text: 'a: 1\n' });
    expect(await readTextFile(path.join(dir, 'exact.yaml'))).toEqual({ text: exact });
    expect(await readTextFile(path.join(dir, 'small.yaml'))).toEqual({ text: 'a: 1\n' });
  });
});

describe('inline waivers', () => {
  it('are looked for only in files that mention adf-deploy:, and still apply there', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': CONFIG,
      'a.yaml': WAIT('A', '# adf-deploy: ignore schema.described-type\n'),
      'b.yaml': WAIT('B'),
    });
    const { project, diagnostics } = await loadProject(dir, { environ: {} });
    expect([...(project?.inlineWaiverFiles ?? [])]).toEqual([path.join(dir, 'a.yaml')]);
    const checked = checkProject(project, diagnostics);
    expect(checked.waived.map((d) => d.resource)).toEqual(['Pipeline/A']);
    expect(checked.diagnostics.map((d) => `${d.code} ${d.resource}`)).toEqual(['schema.described-type Pipeline/B']);
  });
});
