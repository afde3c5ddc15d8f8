/**
 * A fast path for the YAML people and our own `import` write: block maps and sequences, plain and one-line quoted
 * scalars, `|` / `>` block scalars, comments, `---` separators, one-line flow collections, and JSON files (JSON is
 * YAML: ADF Studio writes .json). It gives exactly the value yaml's parseAllDocuments + toJS gives (core schema), or
 * undefined ("not mine") for anything outside that subset or doubtful: anchors, aliases, tags, directives, complex
 * keys, tabs, odd indentation, duplicate keys, multi-line plain or quoted scalars, any error. Then yaml reads the
 * file as before, so its errors and their positions do not change. test/manifest/fast-yaml.test.ts compares both.
 * Why: yaml's parser, which also builds a syntax tree we do not keep, was most of `validate`'s CPU (issue 19).
 */
import { parseJsonDocument } from './fast-json.js';
import {
  decline,
  isPlainStart,
  keyString,
  MAX_DEPTH,
  NOT_MINE,
  readFlow,
  readQuoted,
  resolvePlain,
  skipSpaces,
} from './fast-yaml-scalars.js';

/** One document: its value and the offset where its content starts (yaml's doc.contents.range[0]). */
export interface FastDocument {
  value: unknown;
  start: number;
}

/** Characters we leave to yaml wherever they are: tab, CR, other C0 and C1 controls, line/paragraph separators, BOM. */
const DOUBTFUL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

export function parseFast(text: string): FastDocument[] | undefined {
  try {
    let p = 0;
    while (p < text.length && /\s/.test(text[p])) p++;
    if (text[p] === '{' || text[p] === '[') return parseJsonDocument(text, p);
    if (DOUBTFUL.test(text)) return undefined;
    return new BlockParser(text).documents();
  } catch (err) {
    // NOT_MINE, or anything unexpected (a stack overflow on deep nesting): yaml decides.
    if (err === NOT_MINE || err instanceof Error) return undefined;
    throw err;
  }
}

class BlockParser {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Leading spaces of each line; -1 for a blank or comment-only line. */
  private readonly indents: number[] = [];
  private end = 0;
  /** The line after the value the last node(), seq(), map(), nested() or inline() read (instead of a tuple). */
  private after = 0;

  constructor(private readonly s: string) {
    let from = 0;
    for (;;) {
      const nl = s.indexOf('\n', from);
      const to = nl < 0 ? s.length : nl;
      let i = from;
      while (i < to && s.charCodeAt(i) === 32) i++;
      this.starts.push(from);
      this.ends.push(to);
      this.indents.push(i === to || s.charCodeAt(i) === 35 ? -1 : i - from);
      if (nl < 0) break;
      from = nl + 1;
    }
  }

  documents(): FastDocument[] {
    const { s, starts, indents } = this;
    const docs: FastDocument[] = [];
    let from = 0;
    let sawMarker = false;
    const n = starts.length;
    for (let li = 0; li <= n; li++) {
      const marker = li < n && indents[li] === 0 && s.startsWith('---', starts[li]);
      if (li < n && !marker) {
        // Directives and document-end markers: yaml's business.
        if (indents[li] === 0 && (s[starts[li]] === '%' || s.startsWith('...', starts[li]))) decline();
        continue;
      }
      if (marker) {
        const rest = s.slice(starts[li] + 3, this.ends[li]).trimStart();
        if (rest !== '' && !rest.startsWith('#')) decline();
      }
      const first = this.nextContent(from, li);
      if (first < li) docs.push(this.document(first, li));
      else if (sawMarker || li === n) decline(); // an empty document (or a file without any)
      sawMarker ||= marker;
      from = li + 1;
    }
    return docs;
  }

  private document(first: number, end: number): FastDocument {
    this.end = end;
    const indent = this.indents[first];
    const start = this.starts[first] + indent;
    const value = this.node(first, indent, 0);
    if (this.nextContent(this.after, end) < end) decline();
    return { value, start };
  }

  /** The first line from `li` on (before `end`) that is neither blank nor a comment; `end` when none. */
  private nextContent(li: number, end = this.end): number {
    while (li < end && this.indents[li] < 0) li++;
    return li;
  }

  private isSeqItem(li: number, col: number): boolean {
    const p = this.starts[li] + col;
    return this.s[p] === '-' && (p + 1 === this.ends[li] || this.s[p + 1] === ' ');
  }

  /** A block collection whose first line is `li`, at `indent`. */
  private node(li: number, indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) decline();
    return this.isSeqItem(li, indent) ? this.seq(li, indent, depth) : this.map(li, indent, indent, depth);
  }

  private seq(li: number, n: number, depth: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const lineEnd = this.ends[li];
      const q = skipSpaces(this.s, this.starts[li] + n + 1, lineEnd);
      const col = q - this.starts[li];
      let value: unknown;
      if (q === lineEnd || this.s[q] === '#') value = this.nested(li, n, false, depth);
      else if (this.isSeqItem(li, col)) decline();
      else if (this.s[q] === '[' || this.s[q] === '{') value = this.inline(li, q, n, depth);
      else if (this.keyEnd(li, q) >= 0) value = this.map(li, col, col, depth + 1);
      else value = this.inline(li, q, n, depth);
      out.push(value);
      li = this.nextContent(this.after);
      this.after = li;
      if (li >= this.end || this.indents[li] < n) return out;
      if (this.indents[li] > n) decline();
      // A line at the same indent that is not an item ends a sequence written under its key (`key:\n- a`).
      if (!this.isSeqItem(li, n)) return out;
    }
  }

  /** A block map with entries at indent `n`; its first key starts at column `col` of line `li`. */
  private map(li: number, col: number, n: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const s = this.s;
    for (;;) {
      const p = this.starts[li] + col;
      const colon = this.keyEnd(li, p);
      // yaml refuses an implicit key whose ':' is more than 1024 characters after its start.
      if (colon < 0 || colon - p > 1000) decline();
      const c = s[p];
      let key: string;
      if (c === '"' || c === "'") key = readQuoted(s, p, this.ends[li])[0];
      else {
        let to = colon;
        while (s.charCodeAt(to - 1) === 32) to--;
        const text = s.slice(p, to);
        if (!isPlainStart(text)) decline();
        key = keyString(resolvePlain(text));
      }
      // `__proto__` and `<<` mean something special to JS or to YAML 1.1 merges; a key twice is a yaml error.
      if (key === '__proto__' || key === '<<' || Object.hasOwn(out, key)) decline();
      const q = skipSpaces(s, colon + 1, this.ends[li]);
      out[key] = q === this.ends[li] || s[q] === '#' ? this.nested(li, n, true, depth) : this.inline(li, q, n, depth);
      li = this.nextContent(this.after);
      this.after = li;
      if (li >= this.end || this.indents[li] < n) return out;
      if (this.indents[li] > n) decline();
      col = n;
    }
  }

  /**
   * Where the `:` of a map entry starting at `p` on line `li` is, or -1 when the line holds no key there.
   * Plain keys end at the first `: ` (or `:` at the end of the line); a ` #` before it makes the line a scalar.
   */
  private keyEnd(li: number, p: number): number {
    const s = this.s;
    const end = this.ends[li];
    if (s[p] === '"' || s[p] === "'") {
      const after = skipSpaces(s, readQuoted(s, p, end)[1], end);
      return s[after] === ':' && (after + 1 === end || s[after + 1] === ' ') ? after : -1;
    }
    if (s[p] === '?' && (p + 1 === end || s[p + 1] === ' ')) decline();
    // One pass over the line (a search with indexOf would run on to the end of the file).
    for (let i = p; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === 58 && (i + 1 === end || s.charCodeAt(i + 1) === 32)) return i;
      if (c === 35 && i > p && s.charCodeAt(i - 1) === 32) return -1;
    }
    return -1;
  }

  /** The value of an entry with nothing after its indicator on line `li`: on the lines below, or null. */
  private nested(li: number, n: number, inMap: boolean, depth: number): unknown {
    const below = this.nextContent(li + 1);
    if (below < this.end) {
      const indent = this.indents[below];
      if (indent > n) return this.node(below, indent, depth + 1);
      if (inMap && indent === n && this.isSeqItem(below, n)) return this.seq(below, n, depth + 1);
    }
    this.after = li + 1;
    return null;
  }

  /** A value that starts at `q` on line `li`, inside a collection at indent `n`. */
  private inline(li: number, q: number, n: number, depth: number): unknown {
    const s = this.s;
    const end = this.ends[li];
    const c = s[q];
    if (c === '|' || c === '>') return this.blockScalar(li, q, n);
    let value: unknown;
    let after: number;
    if (c === '"' || c === "'") [value, after] = readQuoted(s, q, end);
    else if (c === '[' || c === '{') [value, after] = readFlow(s, q, end, depth + 1);
    else {
      let to = q;
      while (to < end && !(s.charCodeAt(to) === 35 && s.charCodeAt(to - 1) === 32)) to++;
      while (s.charCodeAt(to - 1) === 32) to--;
      const text = s.slice(q, to);
      // `a: b: c` is a yaml error; `- - a` and friends are left to yaml.
      if (!isPlainStart(text) || text.includes(': ') || text.endsWith(':')) decline();
      this.after = li + 1;
      return resolvePlain(text);
    }
    const rest = skipSpaces(s, after, end);
    if (rest < end && !(s[rest] === '#' && rest > after)) decline();
    this.after = li + 1;
    return value;
  }

  /** A `|` or `>` block scalar whose header is at `q` on line `li`, under a collection at indent `n`. */
  private blockScalar(li: number, q: number, n: number): string {
    const s = this.s;
    const literal = s[q] === '|';
    let h = q + 1;
    const chomp = s[h] === '-' || s[h] === '+' ? s[h++] : '';
    const rest = skipSpaces(s, h, this.ends[li]);
    if (rest < this.ends[li] && !(s[rest] === '#' && rest > h)) decline();
    // Lines of the scalar: raw (comments are content here), so use starts/ends, not indents.
    const first = li + 1;
    if (first >= this.end || this.blankWidth(first) >= 0) decline(); // leading blank lines or no content
    const m = this.rawIndent(first);
    if (m <= n) decline();
    const lines: string[] = [];
    let trailing = 0;
    let i = first;
    for (; i < this.end; i++) {
      const blank = this.blankWidth(i);
      if (blank >= 0) {
        if (blank > m) decline();
        // Only a blank line ended by a line break counts (not the end of a file without one).
        if (i < this.starts.length - 1) trailing++;
        continue;
      }
      if (this.rawIndent(i) < m) break;
      for (; trailing > 0; trailing--) lines.push('');
      const line = s.slice(this.starts[i] + m, this.ends[i]);
      if (!literal && (line.startsWith(' ') || line.endsWith(' '))) decline();
      lines.push(line);
    }
    let body = literal ? lines.join('\n') : fold(lines);
    if (chomp === '') body += '\n';
    else if (chomp === '+') body += '\n'.repeat(trailing + 1);
    this.after = i;
    return body;
  }

  /** The number of spaces of a line holding only spaces, or -1. */
  private blankWidth(li: number): number {
    const from = this.starts[li];
    const to = skipSpaces(this.s, from, this.ends[li]);
    return to === this.ends[li] ? to - from : -1;
  }

  private rawIndent(li: number): number {
    return skipSpaces(this.s, this.starts[li], this.ends[li]) - this.starts[li];
  }
}

/** Folding of `>` lines (none more indented): a single break becomes a space, n empty lines n breaks. */
function fold(lines: string[]): string {
  let out = lines[0];
  let breaks = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') {
      breaks++;
      continue;
    }
    out += breaks === 0 ? ' ' : '\n'.repeat(breaks);
    breaks = 0;
    out += lines[i];
  }
  return out;
}
