import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { isV1Project, loadV1Project } from '../../src/v1/project.js';
import { validateV1Project } from '../../src/v1/validate.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'examples/v1-copy');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the example with some files replaced. */
function variant(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'v1-project-'));
  dirs.push(dir);
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  edit(dir);
  return dir;
}
const json = (dir: string, rel: string, change: (doc: any) => void) => {
  const file = path.join(dir, rel);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(doc);
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
};
const codes = (dir: string) => {
  const { project, diagnostics } = loadV1Project(dir);
  return [...diagnostics, ...(project ? validateV1Project(project) : [])].map(
    (d) => `${d.code} ${path.basename(d.location?.file ?? '')}:${d.location?.line ?? 0}`,
  );
};

describe('V1 projects: load and validate', () => {
  it('examples/v1-copy is a valid V1 project', () => {
    expect(isV1Project(EXAMPLE)).toBe(true);
    const { project, diagnostics } = loadV1Project(EXAMPLE);
    expect(diagnostics).toEqual([]);
    expect(project?.resources.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'linkedservices/StorageLinkedService',
      'datasets/InputBlob',
      'datasets/OutputBlob',
      'datapipelines/HourlyCopy',
    ]);
    expect(validateV1Project(project!)).toEqual([]);
    expect(isV1Project(path.join(PROJECT_ROOT, 'examples/quickstart'))).toBe(false);
  });

  it('availability is required (error at the file and line)', () => {
    const dir = variant((d) => json(d, 'datasets/OutputBlob.json', (doc) => delete doc.properties.availability));
    expect(codes(dir)).toEqual(['v1.availability OutputBlob.json:3']);
  });

  it('the scheduler must equal the output availability', () => {
    const dir = variant((d) =>
      json(
        d,
        'pipelines/HourlyCopy.json',
        (doc) => (doc.properties.activities[0].scheduler = { frequency: 'Day', interval: 1 }),
      ),
    );
    expect(codes(dir)).toEqual(['v1.scheduler HourlyCopy.json:37']);
  });

  it('start and end together; references; names', () => {
    const dir = variant((d) => {
      json(d, 'pipelines/HourlyCopy.json', (doc) => {
        delete doc.properties.end;
        doc.properties.activities[0].inputs = [{ name: 'Nope' }];
      });
      json(d, 'linkedservices/StorageLinkedService.json', (doc) => (doc.name = 'bad.name'));
      fs.writeFileSync(path.join(d, 'adf-deploy.yaml'), 'version: 1\nfactory:\n  name: a--b\n  location: westus\n');
    });
    expect(codes(dir).sort()).toEqual(
      [
        'ref.missing InputBlob.json:5',
        'ref.missing OutputBlob.json:5',
        'ref.missing HourlyCopy.json:13',
        'v1.active-period HourlyCopy.json:5',
        'v1.factory-name :0',
        'v1.name StorageLinkedService.json:2',
      ].sort(),
    );
  });

  it('a wrong version and a broken file are diagnostics with file:line', () => {
    const dir = variant((d) => {
      fs.writeFileSync(path.join(d, 'adf-deploy.yaml'), 'version: 2\nfactory:\n  name: abc\n  location: westus\n');
      fs.writeFileSync(path.join(d, 'datasets/Broken.json'), '{\n  "name": "Broken",\n  "properties": [\n');
    });
    expect(codes(dir)).toEqual(['v1.config adf-deploy.yaml:1', expect.stringMatching(/^yaml.syntax Broken.json:\d+$/)]);
  });
});
