import type { ShapeChecker } from './shape.js';
import { describeType } from './shape.js';
import type { DeclaredLimits } from './types.js';

/**
 * The highest size of a dataset or linked service Azure support can grant (adf-rest-facts §9: 100 KB by default,
 * "max 2,000 KB"). Entities per factory have no documented maximum: one revision of the limits page gives 5,000
 * as the maximum, another says "contact support", so any raised number is taken on the project's word.
 */
export const OBJECT_SIZE_KB_MAX = 2000;

/** The keys of `limits:`: what each means (for messages) and the highest value ADF documents, if any. */
const KEYS = {
  entitiesPerFactory: { what: 'entities per factory', max: undefined },
  objectSizeKB: { what: 'KB per dataset or linked service', max: OBJECT_SIZE_KB_MAX },
} as const satisfies Record<keyof DeclaredLimits, { what: string; max: number | undefined }>;
type LimitKey = keyof typeof KEYS;
const LIMIT_KEYS = Object.keys(KEYS) as LimitKey[];

/**
 * Read `limits:` of adf-deploy.yaml and the chosen environment's `limits:` (each key of the environment over the
 * top level's: dev and prod are different factories, and support raises limits per factory). Values are whole
 * numbers of at least 1; lower than ADF's default is allowed (a team's own stricter budget), above a documented
 * maximum is an error. Every environment's block is checked, so a mistake in prod's shows in a run without --env.
 */
export function parseLimits(
  check: ShapeChecker,
  top: Record<string, unknown>,
  environments: Record<string, unknown>,
  envName: string | undefined,
): DeclaredLimits | undefined {
  const out: DeclaredLimits = {};
  readBlock(check, top, [], out);
  for (const [name, block] of Object.entries(environments)) {
    if (!check.isMapping(block)) continue;
    readBlock(check, block, ['environments', name], name === envName ? out : {});
  }
  return Object.keys(out).length ? out : undefined;
}

function readBlock(
  check: ShapeChecker,
  parent: Record<string, unknown>,
  base: (string | number)[],
  out: DeclaredLimits,
): void {
  const block = check.optionalMapping(parent, 'limits', base);
  if (!block) return;
  const at = [...base, 'limits'];
  check.unknownKeys(block, LIMIT_KEYS, at, 'limits');
  for (const key of LIMIT_KEYS) {
    const raw = block[key];
    if (raw === undefined || raw === null) continue;
    const path = [...at, key];
    const { what, max } = KEYS[key];
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1) {
      check.report(
        path,
        'manifest.type',
        `'${key}' must be a whole number of at least 1 (${what}), found ${typeof raw === 'number' ? raw : describeType(raw)}`,
        `e.g. limits: { ${key}: ${key === 'objectSizeKB' ? 500 : 10000} }`,
      );
      continue;
    }
    if (max !== undefined && raw > max) {
      check.report(
        path,
        'limit.above-maximum',
        `'${key}' is ${raw.toLocaleString('en')}; ADF allows at most ${max.toLocaleString('en')} ${what}, even when raised by Azure support`,
        `declare the limit support raised this factory to, at most ${max.toLocaleString('en')}`,
      );
      continue;
    }
    out[key] = { value: raw, path };
  }
}
