import type { Diagnostic } from '../core/diagnostic.js';
import type { Kind } from '../model/kinds.js';

/** One object found in the source, with manifest-ready values (strings escaped, ARM parameters as vars). */
export interface ImportedObject {
  kind: Kind;
  name: string;
  /** Managed virtual network of a private endpoint. */
  parent?: string;
  properties: Record<string, unknown>;
  /** The file it came from (for messages). */
  source: string;
}

export interface ImportedFactory {
  name: string;
  location?: string;
  identity?: Record<string, unknown>;
  tags?: Record<string, unknown>;
  globalParameters?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

/** What a reader returns: the project to write, plus notes for the user (skipped files, choices made). */
export interface ImportModel {
  factory: ImportedFactory;
  objects: ImportedObject[];
  vars?: Record<string, unknown>;
  /** What adf-deploy.yaml says about each var in a comment (ARM parameters: type, description, original name). */
  varInfo?: Record<string, VarInfo>;
  /** Environment variables the project reads (`env:` in adf-deploy.yaml): secrets left out of the source. */
  env?: string[];
  notes: string[];
  /** Source files that could not be read as objects: everything else is imported, these are listed. */
  broken?: Diagnostic[];
}

export interface VarInfo {
  type?: string;
  description?: string;
  /** The ARM parameter's name when it is not a valid var name (spaces, dots). */
  original?: string;
  /** No value in the template or parameters file: the user must set it. */
  unset?: boolean;
}

/**
 * A problem found in a source file, as a Diagnostic (code `import.*`, file:line:col; 1:1 when it concerns the whole
 * file, as validate does): collected, then listed with the import, or thrown together so that nothing is written.
 */
export function importProblem(
  code: string,
  file: string,
  message: string,
  at: { line?: number; col?: number } = {},
  hint?: string,
): Diagnostic {
  return {
    severity: 'error',
    code,
    message,
    location: { file, line: at.line ?? 1, col: at.col ?? 1 },
    ...(hint === undefined ? {} : { hint }),
  };
}
