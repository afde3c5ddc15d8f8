import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandProjectArgs, namesSeveralProjects } from './project-args.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

let cwd: string;
beforeAll(() => {
  cwd = tempDir('adf-project-args-');
  for (const name of ['sales', 'hr', 'hr2', '.hidden', 'no-config'])
    mkdirSync(path.join(cwd, 'factories', name), { recursive: true });
  for (const name of ['sales', 'hr', 'hr2', '.hidden'])
    writeFileSync(path.join(cwd, 'factories', name, 'adf-deploy.yaml'), 'factory: {}\n');
  mkdirSync(path.join(cwd, 'factories', 'sales', 'sub'));
  mkdirSync(path.join(cwd, 'plans'));
  writeFileSync(path.join(cwd, 'plans', 'sales.json'), '{}');
  writeFileSync(path.join(cwd, 'plans', 'notes.txt'), '');
});

describe('expandProjectArgs', () => {
  it.each([
    [['factories/*'], ['factories/hr', 'factories/hr2', 'factories/sales']],
    [['factories/hr?'], ['factories/hr2']],
    [['factories/[sh]*'], ['factories/hr', 'factories/hr2', 'factories/sales']],
    [['factories/[!s]*'], ['factories/hr', 'factories/hr2']],
    [
      ['factories/sales', 'factories/*'],
      ['factories/sales', 'factories/hr', 'factories/hr2'],
    ],
    [['./factories/sales', 'factories/sales/'], ['./factories/sales']],
  ])(
    '%j -> %j (folders with an adf-deploy.yaml, sorted, hidden ones only when asked, each once)',
    async (args, want) => {
      expect(await expandProjectArgs(args, cwd, { planFiles: false })).toEqual(want);
    },
  );

  it('an absolute pattern, and plan files for apply', async () => {
    expect(await expandProjectArgs([path.join(cwd, 'factories', 's*')], cwd, { planFiles: false })).toEqual([
      path.join(cwd, 'factories', 'sales'),
    ]);
    expect(await expandProjectArgs(['plans/*.json'], cwd, { planFiles: true })).toEqual(['plans/sales.json']);
  });

  it.each([
    [['nothing/*'], { planFiles: false }, "no project folder matches 'nothing/*'"],
    [['plans/*.json'], { planFiles: false }, "no project folder matches 'plans/*.json'"],
    [['plans/notes.txt'], { planFiles: true }, "'plans/notes.txt' is not a project folder or a saved plan (.json)"],
    [['missing'], { planFiles: false }, "'missing' is not a project folder"],
    [['factories/no-config'], { planFiles: false }, "'factories/no-config' is not a project folder: it holds no"],
    [['factories/sales/sub'], { planFiles: true }, "'factories/sales/sub' is not a project folder: it holds no"],
  ])('%j refused: %s', async (args, accept, message) => {
    await expect(expandProjectArgs(args, cwd, accept)).rejects.toThrow(message);
  });

  it.each([
    [[], false],
    [['a'], false],
    [['a', 'b'], true],
    [['factories/*'], true],
  ])('namesSeveralProjects(%j) = %s', (args, want) => {
    expect(namesSeveralProjects(args)).toBe(want);
  });
});
