/**
 * The YAML parser's errors, turned into one message per mistake at the line of the mistake (issue 15). The
 * parser reports an over-indented line as two errors on the line before it ("Nested mappings are not allowed in
 * compact mappings", "Implicit keys need to be on a single line"), and a tab used for indentation as one good
 * error followed by a cascade of others; here the first becomes one error at the indented line, the second the
 * tab errors alone.
 */
import type { YAMLError } from 'yaml';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';

/** Errors that mean "this line's indentation does not fit where it is". */
const INDENTATION_CODES = new Set(['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'BAD_INDENT', 'MISSING_CHAR']);

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isContent = (line: string | undefined): boolean =>
  line !== undefined && line.trim() !== '' && !line.trimStart().startsWith('#');

/** The next line after `index` (0-based) that holds content. */
function nextContentLine(lines: string[], index: number): number | undefined {
  for (let i = index + 1; i < lines.length; i++) if (isContent(lines[i])) return i;
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

interface Draft {
  line: number;
  col: number;
  message: string;
  hint?: string;
}

/** One parser error -> what the user should look at. `line` is 1-based. */
function explain(e: YAMLError, at: SourceLocation, lines: string[]): Draft {
  const own = { line: at.line, col: at.col };
  if (e.code === 'TAB_AS_INDENT')
    return {
      ...own,
      message: `line ${at.line} is indented with a tab; YAML indents with spaces only`,
      hint: `check the indentation of line ${at.line}: replace the tab with spaces`,
    };
  if (!INDENTATION_CODES.has(e.code)) return { ...own, message: firstLine(e.message) };
  const current = lines[at.line - 1] ?? '';
  const next = nextContentLine(lines, at.line - 1);
  const pair = /^(\s*(?:-\s+)?)([^:#\s][^:#]*?):\s+\S/.exec(current);
  // The parser stopped on a "key: value" line because the next line is indented deeper: the mistake is there.
  if ((e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') && pair && next !== undefined) {
    const deeper = indentOf(lines[next]);
    const keyCol = pair[1].length + 1;
    if (deeper > indentOf(current)) {
      return {
        line: next + 1,
        col: deeper + 1,
        message: `line ${next + 1} is indented deeper than '${pair[2].trim()}' on line ${at.line}, which already has a value`,
        hint: `check the indentation of line ${next + 1}: start it at column ${keyCol} like '${pair[2].trim()}' (or nest it under a key without a value)`,
      };
    }
  }
  return {
    ...own,
    message: firstLine(e.message),
    hint: `check the indentation of line ${at.line} against the lines above it`,
  };
}

/**
 * Diagnostics for a document's parser errors: when a tab indents a line, only the tab errors (the others
 * follow from it); otherwise one per line of mistake. Duplicate keys keep their own message (yaml-file.ts).
 */
export function syntaxDiagnostics(
  file: string,
  text: string,
  errors: YAMLError[],
  at: (offset: number) => SourceLocation,
): Diagnostic[] {
  const lines = text.split(/\r?\n/);
  const tabs = errors.filter((e) => e.code === 'TAB_AS_INDENT');
  const kept = tabs.length > 0 ? tabs : errors;
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const e of kept) {
    const d = explain(e, at(e.pos[0]), lines);
    if (seen.has(d.line)) continue;
    seen.add(d.line);
    out.push({
      severity: 'error',
      code: 'yaml.syntax',
      message: d.message,
      location: { file, line: d.line, col: d.col },
      ...(d.hint ? { hint: d.hint } : {}),
    });
  }
  return out;
}
