import type { FunctionImpl } from './args.js';
import { COLLECTION_FUNCTIONS } from './collection.js';
import { CONVERSION_FUNCTIONS } from './conversion.js';
import { DATE_FUNCTIONS } from './date.js';
import { LOGICAL_FUNCTIONS } from './logical.js';
import { MATH_FUNCTIONS } from './math.js';
import { STRING_FUNCTIONS } from './string.js';

/** Every pure built-in (not the system functions, which read the run context), keyed by lower-case name. */
export const BUILTIN_IMPLEMENTATIONS: ReadonlyMap<string, FunctionImpl> = new Map(
  Object.entries({
    ...STRING_FUNCTIONS,
    ...COLLECTION_FUNCTIONS,
    ...LOGICAL_FUNCTIONS,
    ...CONVERSION_FUNCTIONS,
    ...MATH_FUNCTIONS,
    ...DATE_FUNCTIONS,
  }).map(([k, v]) => [k.toLowerCase(), v]),
);
