import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdsNoSecretShape } from '../../src/diff/secrets.js';
import { loadProject } from '../../src/manifest/load.js';
import { shapeFreeNotes } from '../../src/manifest/shape-free.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A document with a shape in it, so that only a note can make it count as shape-free. */
const withShape = () => ({ p: { type: 'SecureString', value: 'S3CRET' } });

describe('documents noted shape-free from their text (issue 19)', () => {
  it('notes the documents of a text without shapes, placeholders or secret env values', () => {
    const notes = shapeFreeNotes();
    const plain = withShape();
    const placeholder = withShape();
    const shaped = withShape();
    const holdsEnv = withShape();
    notes.add('name: a\nproperties: {}\n', false, [plain]);
    notes.add('name: b\nvalue: ${{ env.X }}\n', true, [placeholder]);
    notes.add('name: c\ntype: SecureString\n', false, [shaped]);
    notes.add('name: d\nnote: p4ss-value\n', false, [holdsEnv]);
    const env = new Map([['PW', 'p4ss-value']]);
    notes.note(env);
    expect(holdsNoSecretShape(plain, { env })).toBe(true);
    expect(holdsNoSecretShape(placeholder, { env })).toBe(false);
    expect(holdsNoSecretShape(shaped, { env })).toBe(false);
    expect(holdsNoSecretShape(holdsEnv, { env })).toBe(false);
  });

  it.each([
    ['white space', 'two words'],
    ['a quote', "it's"],
  ])('notes nothing when a secret env value holds %s (YAML can write it other than as it stands)', (_l, value) => {
    const notes = shapeFreeNotes();
    const doc = withShape();
    notes.add('name: a\n', false, [doc]);
    notes.note(new Map([['PW', value]]));
    expect(holdsNoSecretShape(doc)).toBe(false);
  });
});

describe('loadProject notes shape-free documents', () => {
  it('after substitution and overrides, with the project secret env values', async () => {
    const root = tempDir('adf-shape-free-');
    mkdirSync(path.join(root, 'pipeline'));
    mkdirSync(path.join(root, 'linkedService'));
    writeFileSync(
      path.join(root, 'adf-deploy.yaml'),
      [
        'factory: { name: f, location: westeurope }',
        'env: [PW]',
        'environments:',
        '  prod:',
        '    overrides:',
        "      - { target: Pipeline/over, path: description, action: add, value: 'Password=hunter2' }",
        '',
      ].join('\n'),
    );
    const pipeline = (name: string, extra = '') =>
      `kind: Pipeline\nname: ${name}\nproperties:\n  activities:\n    - name: Wait\n      type: Wait\n      typeProperties: { waitTimeInSeconds: 1 }\n${extra}`;
    writeFileSync(path.join(root, 'pipeline', 'plain.yaml'), pipeline('plain'));
    writeFileSync(path.join(root, 'pipeline', 'over.yaml'), pipeline('over'));
    writeFileSync(path.join(root, 'pipeline', 'literal.yaml'), pipeline('literal', '  annotations: [p4ss-value]\n'));
    writeFileSync(
      path.join(root, 'linkedService', 'ls.yaml'),
      'kind: LinkedService\nname: ls\nproperties:\n  type: AzureSqlDatabase\n  typeProperties:\n    connectionString: "Server=s;Password=${{ env.PW }}"\n',
    );
    const { project, diagnostics } = await loadProject(root, { env: 'prod', environ: { PW: 'p4ss-value' } });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const byName = new Map(project?.resources.map((r) => [r.name, r]));
    const env = project?.envSecrets;
    expect(env?.get('PW')).toBe('p4ss-value');
    expect(holdsNoSecretShape(byName.get('plain')?.properties, { env })).toBe(true);
    // The override wrote a secret into a copy of a shape-free text's document: the copy is walked.
    expect(byName.get('over')?.properties.description).toBe('Password=hunter2');
    expect(holdsNoSecretShape(byName.get('over')?.properties, { env })).toBe(false);
    // The secret env value written as it stands: an env secret, found by the walk.
    expect(holdsNoSecretShape(byName.get('literal')?.properties, { env })).toBe(false);
    expect(holdsNoSecretShape(byName.get('ls')?.properties, { env })).toBe(false);
  });
});
