/** Placeholder that stands for a secret value in any plan file or rendering. */
export const SECRET_PLACEHOLDER = '(sensitive value)';

/**
 * One step of a property path: a key, a list position, or a list item named by its identity (`{ id: "Copy data" }`
 * for the activity named so; rendered `activities["Copy data"]`).
 */
export type PathSegment = string | number | { id: string };

/**
 * One property-level difference between live and desired. Paths are inside the resource body. `reorder`: the items
 * of a list matched by identity keep their content but not their order (before/after list the identities).
 */
export interface PropertyChange {
  path: PathSegment[];
  op: 'add' | 'remove' | 'replace' | 'reorder';
  before?: unknown;
  after?: unknown;
  /** A script changed (data flow scriptLines, a multi-line string): a unified line diff, instead of before/after. */
  lines?: string[];
  /** The value is a secret: before/after are absent and renderers print "(sensitive value changed)". */
  sensitive?: boolean;
}
