import type { Diagnostic } from '../core/diagnostic.js';
import { readFile } from 'node:fs/promises';
import { importProblem } from './model.js';

/** Read and parse a JSON file (UTF-8, BOM allowed). A syntax error comes back as a problem with file:line:col. */
export async function readJsonFile(file: string, problems: Diagnostic[]): Promise<unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push(importProblem('import.unreadable', file, code ? `cannot read file (${code})` : 'not valid UTF-8'));
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    let line: number | undefined;
    let col: number | undefined;
    if (lineCol) {
      line = Number(lineCol[1]);
      col = Number(lineCol[2]);
    } else if (pos) {
      const before = text.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      col = before.length - before.lastIndexOf('\n');
    } else if (/end of JSON input/i.test(message)) {
      line = text.split('\n').length;
    }
    problems.push(
      importProblem(
        'import.invalid-json',
        file,
        `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '')}`,
        { line, col },
      ),
    );
    return undefined;
  }
}
