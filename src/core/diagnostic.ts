/** Where a node sits in a source file. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export type Severity = 'error' | 'warning';

/**
 * One finding of validation. Validation collects all of them instead of stopping at the first.
 * `path` is the JSON path inside the document (e.g. ['properties','activities',0,'name']).
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. 'schema.unknown-type', 'ref.missing', 'yaml.syntax'. */
  code: string;
  message: string;
  location?: SourceLocation;
  path?: (string | number)[];
  hint?: string;
  /** Address of the resource concerned, e.g. 'Pipeline/CopyPipeline'. */
  resource?: string;
}

/** Sort diagnostics by file, line, column, so output is stable. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => {
    const fa = a.location?.file ?? '';
    const fb = b.location?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.location?.line ?? 0;
    const lb = b.location?.line ?? 0;
    if (la !== lb) return la - lb;
    return (a.location?.col ?? 0) - (b.location?.col ?? 0);
  });
}

export function hasErrors(list: Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
