import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openParseCache } from '../../src/cli/parse-cache.js';
import { parseFast } from '../../src/manifest/fast-yaml.js';
import { loadProject } from '../../src/manifest/load.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { CORPUS, corpusFactories, HAS_SHARED } from '../helpers/shared.js';
import { importFactory } from '../../src/import/index.js';

const BUILD = 'parse-test';
const SECRET = 'Inline-Secret-3c9d41f0b2a7';
const same = (text: string) => text;

let tmp: string;
let n = 0;
let env: Record<string, string>;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-parse-cache-'));
  env = { XDG_CACHE_HOME: path.join(tmp, 'user-cache') };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fresh = (): string => path.join(tmp, `p${n++}`);
const cacheFile = (root: string) => path.join(root, '.adf-deploy', 'cache', 'parsed.json');

/** parseFast, counting its calls. */
function counting() {
  const calls = { n: 0 };
  return {
    calls,
    parse: (text: string) => {
      calls.n++;
      return parseFast(text);
    },
  };
}

describe('parse cache (.adf-deploy/cache/parsed.json)', () => {
  it('a text parsed by the last run is not parsed again, and gives the same documents', () => {
    const root = fresh();
    const text =
      'kind: Pipeline\nname: P\nproperties:\n  activities: []\n  parameters: { n: { type: int, defaultValue: 3 } }\n';
    const first = openParseCache(root, { env, cacheBuild: BUILD });
    const one = counting();
    const documents = first?.texts.parsed(text, one.parse);
    expect(one.calls.n).toBe(1);
    first?.save(same);
    const second = openParseCache(root, { env, cacheBuild: BUILD });
    const two = counting();
    expect(second?.texts.parsed(text, two.parse)).toEqual(documents);
    expect(two.calls.n).toBe(0);
    // Another text: parsed.
    second?.texts.parsed(`${text}# changed\n`, two.parse);
    expect(two.calls.n).toBe(1);
    // Another build, or the cache off: parsed.
    const other = counting();
    openParseCache(root, { env, cacheBuild: 'another' })?.texts.parsed(text, other.parse);
    expect(other.calls.n).toBe(1);
    expect(openParseCache(root, { env: { ...env, ADF_DEPLOY_CACHE: 'off' }, cacheBuild: BUILD })).toBeUndefined();
    expect(openParseCache(root, { env })).toBeUndefined();
  });

  it('keeps no text JSON would not give back exactly, none the fast path declines, none holding a secret', () => {
    const root = fresh();
    const texts = {
      minusZero: 'a: -0\n',
      infinite: 'a: .inf\n',
      declined: 'a: !!binary aGVsbG8=\n',
      secret: `a: ${SECRET}\n`,
      plain: 'a: 1\n',
    };
    const cache = openParseCache(root, { env, cacheBuild: BUILD });
    for (const text of Object.values(texts)) cache?.texts.parsed(text, parseFast);
    cache?.save((text) => text.replaceAll(SECRET, '***'));
    const written = readFileSync(cacheFile(root), 'utf8');
    expect(written).not.toContain(SECRET);
    const again = openParseCache(root, { env, cacheBuild: BUILD });
    const counted = counting();
    for (const text of Object.values(texts)) again?.texts.parsed(text, counted.parse);
    // Only 'plain' came from the file.
    expect(counted.calls.n).toBe(Object.keys(texts).length - 1);
    const documents = again?.texts.parsed(texts.minusZero, parseFast);
    expect(Object.is((documents?.[0].value as { a: number }).a, -0)).toBe(true);
  });

  it('loadProject reads the same project from kept documents as from the texts', async () => {
    const roots = [path.join(PROJECT_ROOT, 'examples/quickstart'), path.join(PROJECT_ROOT, 'examples/multi-env')];
    for (const source of roots) {
      const root = fresh();
      cpSync(source, root, { recursive: true, filter: (src) => !src.includes('.adf-deploy') });
      await expectSameProject(root, { environ: { PROD_SUBSCRIPTION_ID: 'p' } });
    }
  });

  it.skipIf(!HAS_SHARED)(
    'the corpus factories (imported): the same project from kept documents',
    async () => {
      for (const name of corpusFactories()) {
        const root = fresh();
        await importFactory(path.join(CORPUS, name), { out: root, location: 'westeurope' });
        await expectSameProject(root, { environ: {}, target: { subscriptionId: 's', resourceGroup: 'rg' } });
      }
    },
    120_000,
  );
});

async function expectSameProject(root: string, options: Parameters<typeof loadProject>[1]): Promise<void> {
  const cold = await loadProject(root, options);
  const filling = openParseCache(root, { env, cacheBuild: BUILD });
  await loadProject(root, { ...options, parsedTexts: filling?.texts });
  filling?.save(same);
  expect(existsSync(cacheFile(root))).toBe(true);
  const reading = openParseCache(root, { env, cacheBuild: BUILD });
  const calls = { n: 0 };
  const texts = reading && {
    parsed: (text: string, parse: typeof parseFast) =>
      reading.texts.parsed(text, (t) => {
        const documents = parse(t);
        // A text the fast path declines (left to the yaml package) is never kept: only the others count.
        if (documents) calls.n++;
        return documents;
      }),
  };
  const warm = await loadProject(root, { ...options, parsedTexts: texts });
  expect(calls.n, root).toBe(0);
  expect(warm.diagnostics, root).toEqual(cold.diagnostics);
  expect(warm.project?.resources, root).toEqual(cold.project?.resources);
  expect(warm.project?.factory, root).toEqual(cold.project?.factory);
  // Positions are read from the texts, as before.
  const first = cold.project?.resources[0];
  const locate = (project: typeof cold.project) => (first ? project?.locateDocument?.(first, ['name']) : undefined);
  expect(locate(warm.project), root).toEqual(locate(cold.project));
}
