import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import type * as Yaml from 'yaml';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { type FastDocument, parseFast } from './fast-yaml.js';
import { syntaxDiagnostics } from './yaml-errors.js';

/** One YAML document of a file, with what is needed to map a JSON path back to file:line:col. */
export interface ParsedDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  /** The document's syntax tree, for positions only: parsed again from the text on first use (lazyDocuments). */
  readonly doc: Document.Parsed;
  /** Line starts of the file (built on first use when the fast path read it). */
  readonly lineCounter: LineCounter;
  /** The document's plain value (before substitution); undefined when it has errors or is empty. */
  value: unknown;
  /** Where the document's content starts. */
  start: SourceLocation;
}

let yamlModule: typeof Yaml | undefined;

/**
 * The yaml package, loaded on first use: the fast path (fast-yaml.ts) reads most projects without it, and loading
 * its ~80 modules was a fifth of `validate examples/quickstart`. The same module instance a static import gets (its
 * package exports one CommonJS build for node).
 */
function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}

/** Aliases allowed per document before we call it a "billion laughs" attack (yaml's own guard, made explicit). */
const MAX_ALIAS_COUNT = 100;

/** Read a file as strict UTF-8 (a BOM is dropped); problems come back as a diagnostic. */
/** ADF's own limit for one resource's JSON (adf-rest-facts): no manifest file may be larger. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export async function readTextFile(
  file: string,
): Promise<{ text?: string; diagnostic?: Diagnostic; missing?: boolean }> {
  return readTextFileSync(file);
}

/**
 * readTextFile without promises: open, one read into a buffer kept for every file, close. A project's files are
 * small and usually cached, so three system calls and no thread-pool round trips cost least (a stat by path, then
 * readFile's open/fstat/read/close through promises, were a fifth of `validate`'s CPU at 5,000 files; the fstat
 * alone was 45 ms of a 5,000-file re-plan). A file that fills the buffer is measured (fstat) and read whole.
 */
export function readTextFileSync(file: string): { text?: string; diagnostic?: Diagnostic; missing?: boolean } {
  let bytes: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      const first = readSync(fd, shared, 0, shared.length, null);
      if (first < shared.length) bytes = shared.subarray(0, first);
      else {
        // Checked before reading on: a huge file (or a YAML bomb's source) must not be parsed at all.
        const size = fstatSync(fd).size;
        if (size > MAX_MANIFEST_BYTES) return { diagnostic: tooLarge(file, size) };
        bytes = readAll(fd, Math.max(size, first));
      }
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    return {
      missing: code === 'ENOENT',
      diagnostic: {
        severity: 'error',
        code: 'fs.unreadable',
        message: `cannot read file (${code})`,
        location: { file, line: 1, col: 1 },
        hint: 'check the file permissions',
      },
    };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { diagnostic: encodingDiagnostic(file, 1, 'found a UTF-16 byte order mark') };
  }
  // isUtf8 checks as TextDecoder's fatal mode does, without building a decoder per file.
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    // A BOM is dropped (as TextDecoder does).
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  // Find the first bad byte's line so the user can look at it.
  const good = new TextDecoder('utf-8').decode(bytes);
  const bad = good.indexOf('\uFFFD');
  const line = bad < 0 ? 1 : good.slice(0, bad).split('\n').length;
  return { diagnostic: encodingDiagnostic(file, line, 'found bytes that are not valid UTF-8') };
}

/** The buffer of readTextFileSync's first read: a manifest is rarely larger (the decoded text is a copy). */
const shared = Buffer.allocUnsafeSlow(64 * 1024);

function tooLarge(file: string, size: number): Diagnostic {
  return {
    severity: 'error',
    code: 'manifest.too-large',
    message: `file is ${(size / 1024 / 1024).toFixed(1)} MB: larger than ADF's own 4 MB limit for a resource`,
    location: { file, line: 1, col: 1 },
    hint: 'split it, or remove what is not a manifest from the project folder',
  };
}

/** The `size` bytes fstat announced, from the start (fewer if the file shrank meanwhile; one that grew is cut). */
function readAll(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, buffer, got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  return got === size ? buffer : buffer.subarray(0, got);
}

function encodingDiagnostic(file: string, line: number, found: string): Diagnostic {
  return {
    severity: 'error',
    code: 'file.encoding',
    message: `${found}; manifests must be UTF-8`,
    location: { file, line, col: 1 },
    hint: 're-save the file as UTF-8 (without BOM)',
  };
}

/** Parse every document of a YAML text. Syntax errors, duplicate keys and alias bombs become diagnostics. */
export function parseYamlDocuments(
  file: string,
  text: string,
): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const fast = parseFast(text);
  if (fast) return { documents: fastDocuments(file, text, fast), diagnostics: [] };
  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const at = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  const reparse = lazyDocuments(text);
  docs.forEach((doc, index) => {
    // Out of stack, the parser recovers and reports follow-on errors that depend on how much stack was left:
    // one clear diagnostic for the document instead.
    const overflow = doc.errors.find((e) => isStackOverflow(e.message));
    if (overflow) {
      diagnostics.push(tooDeep(at(overflow.pos[0])));
      return;
    }
    for (const e of doc.errors.filter((x) => x.code === 'DUPLICATE_KEY')) {
      diagnostics.push({
        severity: 'error',
        code: 'yaml.duplicate-key',
        message: `duplicate key '${text
          .slice(e.pos[0], e.pos[0] + 200)
          .split(/[\n:,}]/)[0]
          .trim()}' in this mapping`,
        location: at(e.pos[0]),
        hint: 'each key may appear once per mapping; remove or rename one of them',
      });
    }
    // One message per mistake, at its line, cascades dropped (yaml-errors.ts).
    diagnostics.push(
      ...syntaxDiagnostics(
        file,
        text,
        doc.errors.filter((x) => x.code !== 'DUPLICATE_KEY'),
        at,
      ),
    );
    for (const w of doc.warnings) {
      diagnostics.push({
        severity: 'warning',
        code: 'yaml.warning',
        message: firstLine(w.message),
        location: at(w.pos[0]),
      });
    }
    if (doc.errors.length > 0 || doc.contents === null) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      if (isStackOverflow((err as Error).message)) {
        diagnostics.push(tooDeep(at(doc.contents.range[0])));
        return;
      }
      diagnostics.push({
        severity: 'error',
        code: 'yaml.alias-limit',
        message: `too many alias expansions (${firstLine((err as Error).message)})`,
        location: at(doc.contents.range[0]),
        hint: `a document may expand at most ${MAX_ALIAS_COUNT} aliases; write the values out instead`,
      });
      return;
    }
    documents.push({
      file,
      index,
      get doc() {
        return reparse(index);
      },
      lineCounter,
      value,
      start: at(doc.contents.range[0]),
    });
  });
  return { documents, diagnostics };
}

/**
 * The documents the fast path read (fast-yaml.ts: only texts yaml reads without error or warning). Line starts and
 * syntax trees are made only if a diagnostic needs a position, exactly as yaml would have made them.
 */
function fastDocuments(file: string, text: string, fast: FastDocument[]): ParsedDocument[] {
  const source = new FastSource(text);
  return fast.map(({ value, start }, index) => new FastParsedDocument(file, index, source, value, start));
}

/** What the documents of one text share: their line starts and syntax trees, made on first use. */
class FastSource {
  private lines?: LineCounter;
  readonly reparse: (index: number) => Document.Parsed;
  constructor(readonly text: string) {
    this.reparse = lazyDocuments(text);
  }
  lineCounter(): LineCounter {
    this.lines ??= countLines(this.text);
    return this.lines;
  }
}

/**
 * A document of the fast path. A class, not an object literal with getters: V8 builds those slowly (each has its
 * own accessors), 50 ms of a 5,000-file load (issue 19).
 */
class FastParsedDocument implements ParsedDocument {
  readonly start: SourceLocation;
  constructor(
    readonly file: string,
    readonly index: number,
    private readonly source: FastSource,
    public value: unknown,
    offset: number,
  ) {
    this.start = { file, ...positionOf(source.text, offset) };
  }
  get doc(): Document.Parsed {
    return this.source.reparse(this.index);
  }
  get lineCounter(): LineCounter {
    return this.source.lineCounter();
  }
}

/**
 * `pd` with another value (an ADF Studio file read as a resource document, src/manifest/envelope.ts): its positions,
 * syntax tree and line starts are still made on first use, from `pd`. A spread copy would make them at once (it
 * reads every getter), which parsed every Studio file a second time with yaml.
 */
export function withValue(pd: ParsedDocument, value: unknown): ParsedDocument {
  return Object.create(pd, {
    value: { value, enumerable: true, writable: true, configurable: true },
  }) as ParsedDocument;
}

/** yaml's LineCounter for `text`: 0, then the offset after every line break (what its parser reports). */
export function countLines(text: string): LineCounter {
  const lc = new (yaml().LineCounter)();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

/** 1-based line and column of an offset (the start of a document: near the top, so a scan is cheap). */
function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * The documents of `text`, parsed again on first use. The syntax tree of a document is several times the size of
 * its value and is needed only to locate a diagnostic: keeping it for every file of a 5,000-object project made
 * the garbage collector a large part of `validate` (docs/performance.md). Parsing is deterministic, so offsets
 * are those of the first parse (and of its LineCounter).
 */
function lazyDocuments(text: string): (index: number) => Document.Parsed {
  let docs: Document.Parsed[] | undefined;
  return (index) => {
    docs ??= yaml().parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false }) as Document.Parsed[];
    return docs[index];
  };
}

/** The parser (or the conversion) ran out of stack: a document nested thousands of levels deep. */
function isStackOverflow(message: string): boolean {
  return /Maximum call stack size exceeded/i.test(message);
}

function tooDeep(location: SourceLocation): Diagnostic {
  return {
    severity: 'error',
    code: 'yaml.too-deep',
    message: 'the document nests too deeply to be read (thousands of levels)',
    location,
    hint: 'ADF documents nest a few dozen levels at most: look for generated content or brackets that never close',
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The location of the node at `path` (from the document root), or of its nearest ancestor that exists.
 * A map entry points at its key, so the line shown is the one that names the property.
 */
export function locateInDocument(pd: ParsedDocument, path: (string | number)[]): SourceLocation {
  // The document itself (asked for every resource, e.g. by inline waivers): known without its syntax tree.
  if (path.length === 0) return { ...pd.start };
  const { isAlias, isMap, isScalar, isSeq } = yaml();
  let node: unknown = pd.doc.contents;
  let offset = pd.doc.contents?.range[0] ?? 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(pd.doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      if (item.range) offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  const p = pd.lineCounter.linePos(offset);
  return { file: pd.file, line: p.line, col: p.col };
}
