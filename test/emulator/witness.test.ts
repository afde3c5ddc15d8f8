import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { collectionOfKind } from '../../src/emulator/collections.js';
import { nameProblem, referencesIn } from '../../src/emulator/rules.js';
import { checkName, KIND_INFO, KINDS, type Kind } from '../../src/model/kinds.js';
import { findReferences } from '../../src/model/references.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';

// The emulator is an independent witness (SPEC 130-132): its name and reference rules are its own, written from
// the ARM schema, and these tests hold the two implementations to the same answers over the whole corpus.

interface CorpusDoc {
  kind: Kind;
  file: string;
  name: string;
  properties: unknown;
}

function documentsOf(dir: string): CorpusDoc[] {
  const out: CorpusDoc[] = [];
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  for (const kind of KINDS) {
    if (kind === 'ManagedPrivateEndpoint') continue;
    const folder = path.join(dir, KIND_INFO[kind].studioFolder);
    if (!fs.existsSync(folder)) continue;
    for (const f of fs.readdirSync(folder).filter((n) => n.endsWith('.json'))) {
      const body = read(path.join(folder, f));
      out.push({
        kind,
        file: `${KIND_INFO[kind].studioFolder}/${f}`,
        name: String(body.name),
        properties: body.properties,
      });
      const peDir = path.join(folder, path.basename(f, '.json'), 'managedPrivateEndpoint');
      if (!fs.existsSync(peDir)) continue;
      for (const pe of fs.readdirSync(peDir).filter((n) => n.endsWith('.json'))) {
        const p = read(path.join(peDir, pe));
        out.push({ kind: 'ManagedPrivateEndpoint', file: pe, name: String(p.name), properties: p.properties });
      }
    }
  }
  return out;
}

const clientRefs = (props: unknown) =>
  findReferences(props)
    .map((r) => `${KIND_INFO[r.kind].segment.toLowerCase()}/${r.name.toLowerCase()}`)
    .sort();
const emulatorRefs = (props: unknown) =>
  referencesIn(props)
    .map((r) => `${collectionOfKind(r.kind).key}/${r.name.toLowerCase()}`)
    .sort();

describeShared('the emulator witness agrees with the client over the corpus', () => {
  for (const factory of corpusFactories()) {
    it(`${factory}: same references and same name verdicts`, () => {
      const docs = documentsOf(path.join(CORPUS, factory));
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) {
        expect([d.file, emulatorRefs(d.properties)]).toEqual([d.file, clientRefs(d.properties)]);
        const client = checkName(d.name, KIND_INFO[d.kind].nameRule) === undefined;
        const emulator = nameProblem(d.name, collectionOfKind(d.kind).nameRule) === undefined;
        expect([d.file, d.name, emulator]).toEqual([d.file, d.name, client]);
      }
    });
  }
});

// Edge names: the two tables agree on every kind (the credential rule was the last difference, issue 14).
it.each(
  KINDS.flatMap((kind) =>
    ['a', '_x', '1-2', 'a b', 'a.b', 'a-', '-a', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(127), 'x'.repeat(128)].map(
      (name) => [kind, name] as const,
    ),
  ),
)('%s name %j: same verdict on both sides (or a documented difference)', (kind, name) => {
  const client = checkName(name, KIND_INFO[kind].nameRule) === undefined;
  const emulator = nameProblem(name, collectionOfKind(kind).nameRule) === undefined;
  // Credentials included: both sides follow the newest spec's network pattern (a space or a trailing dash is refused).
  expect(emulator).toBe(client);
});

it('no emulator file imports client rules (src/model, src/validate, src/plan)', () => {
  const dir = path.join(PROJECT_ROOT, 'src/emulator');
  // Every file, the run engine's and V1's included: a client rule reached from any depth is still a client rule.
  const offenders = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => /from '(\.\.\/)+(model|validate|plan)\//.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  expect(offenders).toEqual([]);
});
