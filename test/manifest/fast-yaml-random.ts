/**
 * Seeded random YAML documents full of traps for the fast path's differential test (fast-yaml.test.ts): scalars that
 * look like numbers, booleans or nulls and are not, keys that resolve to the same string, indicators, quotes and
 * escapes, block scalars with every chomping, comments anywhere, odd indentation, tabs, anchors, and random
 * mutations that make many documents invalid. Whatever the fast path accepts must equal yaml's value.
 */
import { createRng, type Rng } from '../../bench/rng.js';

const SCALARS = [
  'plain',
  'two words',
  'a:b',
  'a#b',
  'x # comment',
  'http://h:80/p?q=1',
  '-a',
  ':a',
  '?a',
  '-',
  '- a',
  '? a',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  '',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'False',
  'yes',
  'no',
  'on',
  'off',
  '0',
  '-0',
  '+0',
  '007',
  '0o17',
  '0o18',
  '0O17',
  '0x1F',
  '0X1F',
  '0xg',
  '+0x1',
  '1_000',
  '0b101',
  '12345678901234567890',
  '9007199254740993',
  '1.5',
  '-1.5',
  '+1.5',
  '.5',
  '5.',
  '-.5',
  '1.50',
  '1e3',
  '1E3',
  '1e+3',
  '-1.2e-3',
  '.5e1',
  '5.e1',
  '1e',
  'e3',
  '.inf',
  '-.inf',
  '+.inf',
  '.Inf',
  '.INF',
  '.iNf',
  '.nan',
  '.NaN',
  '.NAN',
  '-.nan',
  'inf',
  'nan',
  '1.2.3',
  '2026-01-01',
  '0.12:00:00',
  '12:30',
  '@x',
  '`x',
  '%x',
  '&a x',
  '*a',
  '!t x',
  '!!str 1',
  '|',
  '>',
  '[a',
  '{a',
  'a]',
  'a}',
  'a, b',
  'a: b',
  'a:',
  "it's",
  'say "hi"',
  'é ü 中文 😀',
  'a\\nb',
  '---',
  '...',
  'a ---',
  '#x',
  '"dq"',
  '"a\\tb"',
  '"\\u00e9\\x41\\U0001F600"',
  '"\\q"',
  '"a\\"b"',
  '"\\/"',
  '"\\0\\a\\b\\e\\f\\v\\r"',
  '"\\N"',
  '"unterminated',
  "'sq'",
  "'a''b'",
  "''",
  '""',
  "'x' y",
  '"x" # c',
  '"x"y',
  '[]',
  '{}',
  '[a, b]',
  '[ 1, "2", 3.0 ]',
  '{a: 1, b: [c, d]}',
  '{"a":1}',
  '{a: 1, a: 2}',
  '[a, ]',
  '[a,,b]',
  '{a}',
  '[a: b]',
  '[[1], [2, [3]]]',
  '{a: }',
  '[http://x]',
  '[-1, +2, .5]',
  '{ "k": "v", "n": null }',
  '[a # c]',
  '[ ]',
  '{ }',
] as const;

const KEYS = [
  'name',
  'type',
  'a b',
  'a:b',
  'x#y',
  '"quoted"',
  "'single'",
  '"a: b"',
  '1',
  '1.0',
  '01',
  '0x1',
  'true',
  'True',
  '~',
  'null',
  '""',
  '-k',
  '.inf',
  '"1"',
  'constructor',
  'toString',
  '__proto__',
  '<<',
  '? k',
  'k ',
  'é',
  '"\\t"',
  'k:',
  '[k]',
  '{k}',
  '&a k',
  '!t k',
  '*a',
] as const;

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

interface Gen {
  rng: Rng;
  lines: string[];
}

function comment(g: Gen, indent: number): void {
  const r = g.rng.next();
  if (r < 0.05) g.lines.push(`${' '.repeat(g.rng.int(indent + 3))}# note: a ${pick(g.rng, SCALARS)}`);
  else if (r < 0.09) g.lines.push(g.rng.next() < 0.5 ? '' : ' '.repeat(g.rng.int(6)));
}

function blockScalar(g: Gen, indent: number): string {
  const head = `${pick(g.rng, ['|', '>'])}${pick(g.rng, ['', '', '-', '+'])}${g.rng.next() < 0.1 ? ' # c' : ''}`;
  const width = indent + 1 + g.rng.int(3);
  const count = 1 + g.rng.int(5);
  const body: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = g.rng.next();
    if (r < 0.15) body.push('');
    else if (r < 0.2) body.push(' '.repeat(g.rng.int(width + 2)));
    else if (r < 0.27) body.push(`${' '.repeat(width + 1 + g.rng.int(2))}more ${pick(g.rng, SCALARS)}`);
    else if (r < 0.32) body.push(`${' '.repeat(width)}# not a comment`);
    else body.push(`${' '.repeat(width)}${pick(g.rng, SCALARS)}${g.rng.next() < 0.05 ? '  ' : ''}`);
  }
  g.lines.push(...body);
  return head;
}

/** Push lines for a node as the value of an entry whose line is `head` at `indent`. */
function entry(g: Gen, head: string, indent: number, depth: number): void {
  const r = g.rng.next();
  if (depth < 4 && r < 0.35) {
    g.lines.push(head + (g.rng.next() < 0.1 ? ' # c' : ''));
    const step = g.rng.next() < 0.9 ? 2 : pick(g.rng, [0, 1, 3, 4]);
    collection(g, indent + step, depth + 1, head.endsWith(':') && step === 0);
  } else if (r < 0.45) {
    const at = g.lines.length;
    g.lines.push('');
    const h = blockScalar(g, indent);
    g.lines[at] = `${head} ${h}`;
  } else {
    const v = pick(g.rng, SCALARS);
    g.lines.push(v === '' ? head : `${head} ${v}${g.rng.next() < 0.1 ? ' # trailing' : ''}`);
  }
}

function collection(g: Gen, indent: number, depth: number, seqOnly = false): void {
  const pad = ' '.repeat(indent);
  const count = 1 + g.rng.int(4);
  const seq = seqOnly || g.rng.next() < 0.4;
  for (let i = 0; i < count; i++) {
    comment(g, indent);
    const jitter = g.rng.next() < 0.03 ? ' ' : '';
    if (seq) {
      if (g.rng.next() < 0.3 && depth < 4) {
        // A compact map in a sequence item: `- a: 1` then `  b: 2`.
        entry(g, `${pad}${jitter}- ${pick(g.rng, KEYS)}:`, indent + 2, depth + 1);
        if (g.rng.next() < 0.6) entry(g, `${pad}  ${pick(g.rng, KEYS)}:`, indent + 2, depth + 1);
      } else entry(g, `${pad}${jitter}-`, indent, depth);
    } else entry(g, `${pad}${jitter}${pick(g.rng, KEYS)}:`, indent, depth);
  }
}

function mutate(g: Gen, text: string): string {
  const r = g.rng.next();
  if (r < 0.05) return text.replace(/\n {2}/, '\n\t');
  if (r < 0.08) return text.replace(': ', ':\t');
  if (r < 0.1) return text.replace(/\n/g, '\r\n');
  if (r < 0.13) {
    const i = g.rng.int(text.length);
    return text.slice(0, i) + text.slice(i + 1);
  }
  if (r < 0.15) return `${text}\n`;
  if (r < 0.17) return text.replace(/\n$/, '');
  return text;
}

/** `count` random documents (some with several `---` documents), reproducible from `seed`. */
export function randomDocuments(seed: number, count: number): string[] {
  const rng = createRng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const g: Gen = { rng, lines: [] };
    const docs = rng.next() < 0.1 ? 2 + rng.int(2) : 1;
    for (let d = 0; d < docs; d++) {
      if (d > 0 || rng.next() < 0.1) g.lines.push(rng.next() < 0.9 ? '---' : '--- # doc');
      collection(g, rng.next() < 0.05 ? 2 : 0, 0);
    }
    out.push(mutate(g, `${g.lines.join('\n')}\n`));
  }
  return out;
}
