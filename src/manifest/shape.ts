import type { Diagnostic } from '../core/diagnostic.js';
import { didYouMean } from '../core/did-you-mean.js';
import { locateInDocument, type ParsedDocument } from './yaml-file.js';

/** Small helpers to check the shape of a parsed document and report at the right line. */
export class ShapeChecker {
  constructor(
    readonly pd: ParsedDocument,
    readonly diagnostics: Diagnostic[],
    readonly resource?: string,
  ) {}

  report(
    path: (string | number)[],
    code: string,
    message: string,
    hint?: string,
    severity: 'error' | 'warning' = 'error',
  ): void {
    this.diagnostics.push({
      severity,
      code,
      message,
      hint,
      path,
      location: locateInDocument(this.pd, path),
      resource: this.resource,
    });
  }

  isMapping(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  /** Report keys of `obj` (at `path`) that are not in `allowed`, with a did-you-mean. */
  unknownKeys(
    obj: Record<string, unknown>,
    allowed: readonly string[],
    path: (string | number)[],
    where: string,
  ): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const near = didYouMean(key, allowed);
      this.report(
        [...path, key],
        'manifest.unknown-key',
        `unknown key '${key}' in ${where}${near ? `, did you mean '${near}'?` : ''}`,
        `allowed keys: ${allowed.join(', ')}`,
      );
    }
  }

  /** A field that must be a mapping when present; returns it (or undefined after a report). */
  optionalMapping(
    obj: Record<string, unknown>,
    key: string,
    path: (string | number)[],
  ): Record<string, unknown> | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (!this.isMapping(v)) {
      this.report([...path, key], 'manifest.type', `'${key}' must be a mapping, found ${describeType(v)}`);
      return undefined;
    }
    return v;
  }

  /** A field that must be a string when present; returns it (or undefined after a report). */
  optionalString(obj: Record<string, unknown>, key: string, path: (string | number)[]): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.report([...path, key], 'manifest.type', `'${key}' must be a string, found ${describeType(v)}`);
      return undefined;
    }
    return v;
  }
}

export function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // Never echo the value: it may come from a secret variable.
  return `a ${typeof v}`;
}
