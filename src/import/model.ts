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
  notes: string[];
}

/** A problem with the input: collected, then thrown together so that nothing is written. */
export interface ImportProblem {
  file: string;
  line?: number;
  col?: number;
  message: string;
}
