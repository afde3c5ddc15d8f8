import { AdfDeployError } from '../core/errors.js';

/** ARM compares locations without case or spaces: 'West Europe' is 'westeurope'. */
export function sameLocation(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * A factory's `location` is create-only (`x-ms-mutability: create, read` in the 2018-06-01 spec): ARM refuses a
 * PUT or PATCH that moves it (409 InvalidResourceLocation). A plan that would send one fails here, before any
 * write, instead of planning an update that cannot be applied.
 */
export function assertLocationUnchanged(
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
  address: string,
): void {
  const want = desired.location;
  const have = live.location;
  if (typeof want !== 'string' || typeof have !== 'string' || sameLocation(want, have)) return;
  throw new AdfDeployError(
    'plan.location-change',
    `${address}: the location cannot change in place (live '${have}', adf-deploy.yaml '${want}')`,
    {
      hint: `a factory stays in the region it was created in: keep factory.location '${have}', or delete the factory (destroy --include-factory) and apply again to recreate it in '${want}'`,
    },
  );
}
